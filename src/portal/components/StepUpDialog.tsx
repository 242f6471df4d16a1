/** "Confirm it's you": password + current second factor, asked before a sensitive change. */
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { ApiClient } from '../../shared/api-client';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import { asError, endsSession } from '../context';
import { SecondFactorFields, type SecondFactorValue } from './SecondFactorFields';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

export interface StepUpDialogProps {
  open: boolean;
  api: ApiClient;
  /** Whether the user has 2FA on (then a code is needed too). */
  needsCode: boolean;
  hasBackupCodes: boolean;
  onDone: (ok: boolean) => void;
}

export function StepUpDialog({ open, api, needsCode, hasBackupCodes, onDone }: StepUpDialogProps) {
  const styles = useStyles();
  const [password, setPassword] = useState('');
  const [second, setSecond] = useState<SecondFactorValue>({ method: 'totp', code: '' });
  const [error, setError] = useState<ReturnType<typeof asError> | null>(null);
  const [busy, setBusy] = useState(false);

  const finish = (ok: boolean) => {
    setPassword('');
    setSecond({ method: 'totp', code: '' });
    setError(null);
    onDone(ok);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.stepUp(needsCode ? { password, method: second.method, code: second.code } : { password });
      finish(true);
    } catch (e) {
      if (endsSession(e)) finish(false);
      else setError(asError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} modalType="modal" onOpenChange={(_, data) => (!data.open ? finish(false) : undefined)}>
      <DialogSurface aria-describedby="step-up-why">
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>Confirm it&apos;s you</DialogTitle>
            <DialogContent className={styles.form}>
              <Text id="step-up-why">For your security, enter your password{needsCode ? ' and a code' : ''} before making this change.</Text>
              <ErrorMessageBar error={error} />
              <Field label="Password" required>
                <Input type="password" autoComplete="current-password" value={password} onChange={(_, d) => setPassword(d.value)} />
              </Field>
              {needsCode ? <SecondFactorFields idPrefix="step-up" value={second} onChange={setSecond} allowBackup={hasBackupCodes} /> : null}
            </DialogContent>
            <DialogActions>
              <Button type="button" onClick={() => finish(false)}>
                Cancel
              </Button>
              <Button type="submit" appearance="primary" disabled={busy || !password || (needsCode && !second.code)}>
                Confirm
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
