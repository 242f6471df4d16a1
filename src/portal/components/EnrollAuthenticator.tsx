/**
 * Enable Two-Step Authentication: choose the method (authenticator app), scan
 * the QR code or type the key, verify a first code. Works with a pending
 * token (required enrollment at sign-in) or the session (Account Settings).
 */
import { Button, makeStyles, Radio, RadioGroup, Field, Text, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { ApiClient } from '../../shared/api-client';
import type { EnrollConfirmResponse, TotpEnrollStartResponse } from '../../shared/schemas';
import { CodeInput } from '../../ui/CodeInput';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import { TotpSetupPanel } from '../../ui/TotpSetupPanel';
import { asError, endsSession } from '../context';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '480px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS },
});

export interface EnrollAuthenticatorProps {
  api: ApiClient;
  /** Pending token at sign-in; undefined = the session (needs a fresh step-up, see run). */
  token?: string;
  account?: string;
  /** Wraps the start call (Account Settings: behind a step-up). */
  run?: <T>(action: () => Promise<T>) => Promise<T | undefined>;
  onDone: (result: EnrollConfirmResponse) => void;
  onCancel?: () => void;
  submitLabel?: string;
}

export function EnrollAuthenticator({ api, token, account, run = (a) => a(), onDone, onCancel, submitLabel = 'Verify and turn on' }: EnrollAuthenticatorProps) {
  const styles = useStyles();
  const [started, setStarted] = useState<TotpEnrollStartResponse | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<ReturnType<typeof asError> | null>(null);
  const [busy, setBusy] = useState(false);
  const auth = token ?? api.getToken();

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await run(() => api.startTotpEnrollment({}, token ?? api.getToken()));
      if (result) setStarted(result);
    } catch (e) {
      if (!endsSession(e)) setError(asError(e));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (!started) return;
    setBusy(true);
    setError(null);
    try {
      // From Account Settings the step-up may lapse between scanning and confirming: ask again, then confirm.
      const result = await run(() => api.confirmEnrollment({ factorId: started.factorId, code }, token ?? api.getToken()));
      if (result) onDone(result);
    } catch (e) {
      setCode('');
      if (!endsSession(e)) setError(asError(e));
    } finally {
      setBusy(false);
    }
  };

  if (!started) {
    return (
      <div className={styles.stack} data-testid="enroll-choose">
        <ErrorMessageBar error={error} />
        <Field label="How do you want to get your codes?">
          <RadioGroup value="totp">
            <Radio value="totp" label="Authenticator app (Google Authenticator, Microsoft Authenticator, Authy)" />
          </RadioGroup>
        </Field>
        <div className={styles.row}>
          <Button appearance="primary" onClick={start} disabled={busy || !auth}>
            Next
          </Button>
          {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
        </div>
      </div>
    );
  }
  return (
    <form className={styles.stack} onSubmit={confirm} data-testid="enroll-verify">
      <TotpSetupPanel qrSvg={started.qrSvg} secret={started.secret} account={account} />
      <Text>Then enter the 6-digit code the app shows (a new one appears every 30 seconds).</Text>
      <ErrorMessageBar error={error} />
      <CodeInput id="enroll-code" value={code} onChange={setCode} label="Code from your authenticator app" />
      <div className={styles.row}>
        <Button type="submit" appearance="primary" disabled={busy || code.length !== 6}>
          {submitLabel}
        </Button>
        {onCancel ? (
          <Button type="button" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
