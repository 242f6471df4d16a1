/**
 * "Confirm it's you": password + current second factor, asked before a
 * sensitive change. Users whose methods are text or email codes get "Send code
 * by text/email" here (the code is sent with the session token: POST
 * /api/v1/auth/send-code, bound to this session's step-up).
 */
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiClient } from '../../shared/api-client';
import { t } from '../../shared/i18n/runtime';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import { codeError, shown, type Said } from '../i18n';
import { asError, endsSession } from '../context';
import { PasskeyStepUp } from '../passkeys/PasskeyStepUp';
import { initialSecondFactor, SecondFactorFields, type DeliveredOption, type SecondFactorValue } from './SecondFactorFields';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

export interface StepUpDialogProps {
  open: boolean;
  api: ApiClient;
  /** Whether the user has code methods (then a code is needed too). */
  needsCode: boolean;
  /** The user's only second factor is a passkey: only the passkey confirms (the password alone is refused). */
  passkeyOnly?: boolean;
  hasBackupCodes: boolean;
  /** Whether the user has an authenticator app (default true). */
  hasApp?: boolean;
  /** The user's SMS/email methods (safest first). */
  delivered?: DeliveredOption[];
  onDone: (ok: boolean) => void;
}

export function StepUpDialog({ open, api, needsCode, passkeyOnly = false, hasBackupCodes, hasApp = true, delivered = [], onDone }: StepUpDialogProps) {
  const styles = useStyles();
  const initial = () => initialSecondFactor({ hasApp, delivered });
  const [password, setPassword] = useState('');
  const [second, setSecond] = useState<SecondFactorValue>(initial);
  const [error, setError] = useState<ReturnType<typeof asError> | Said | null>(null);
  const [busy, setBusy] = useState(false);

  // Each opening starts from the user's first method (they may have changed since the last one);
  // the ref holds this render's methods, so that only an opening (not every new `delivered` array) resets the choice.
  const initialRef = useRef(initial);
  initialRef.current = initial;
  useEffect(() => {
    if (open) setSecond(initialRef.current());
  }, [open]);

  const finish = (ok: boolean) => {
    setPassword('');
    setSecond(initial());
    setError(null);
    onDone(ok);
  };

  // A passkey-only user confirms with the passkey, or (a lost passkey) with the password and a backup code.
  const withPassword = !passkeyOnly || hasBackupCodes;
  const codeNeeded = needsCode || (passkeyOnly && hasBackupCodes);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.stepUp(
        codeNeeded ? { password, method: second.method, code: second.code, ...(second.factorId ? { factorId: second.factorId } : {}) } : { password },
      );
      finish(true);
    } catch (e) {
      setSecond((s) => ({ ...s, code: '' }));
      if (endsSession(e)) finish(false);
      else setError(codeError(asError(e), codeNeeded ? second.method : undefined));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} modalType="modal" onOpenChange={(_, data) => (!data.open ? finish(false) : undefined)}>
      <DialogSurface aria-describedby="step-up-why">
        <form onSubmit={submit} data-testid="step-up">
          <DialogBody>
            <DialogTitle>{t('portal.stepUp.title')}</DialogTitle>
            <DialogContent className={styles.form}>
              <Text id="step-up-why">
                {passkeyOnly
                  ? t(hasBackupCodes ? 'portal.stepUp.whyPasskeyOrBackup' : 'portal.stepUp.whyPasskey')
                  : t(needsCode ? 'portal.stepUp.whyCode' : 'portal.stepUp.why')}
              </Text>
              <ErrorMessageBar error={shown(error)} />
              <PasskeyStepUp api={api} open={open} onDone={() => finish(true)} onError={setError} alone={!withPassword} />
              {!withPassword ? null : (
                <Field label={t('portal.stepUp.password')} required>
                  <Input type="password" autoComplete="current-password" value={password} onChange={(_, d) => setPassword(d.value)} />
                </Field>
              )}
              {codeNeeded ? (
                <SecondFactorFields
                  idPrefix="step-up"
                  value={second}
                  onChange={setSecond}
                  allowBackup={hasBackupCodes}
                  hasApp={hasApp}
                  delivered={delivered}
                  onSend={(o) => api.sendCode({ method: o.method, ...(o.factorId ? { factorId: o.factorId } : {}) })}
                />
              ) : null}
            </DialogContent>
            <DialogActions>
              <Button type="button" onClick={() => finish(false)}>
                {t('portal.stepUp.cancel')}
              </Button>
              {!withPassword ? null : (
                <Button type="submit" appearance="primary" disabled={busy || !password || (codeNeeded && !second.code)}>
                  {t('portal.stepUp.confirm')}
                </Button>
              )}
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
