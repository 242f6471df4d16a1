import { Button, Spinner, Text } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { BackupCodesPanel } from '../../ui/BackupCodesPanel';
import { CodeInput } from '../../ui/CodeInput';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import { TotpSetupPanel } from '../../ui/TotpSetupPanel';
import type { Gate } from '../gate/gate';
import type { GateView } from '../gate/types';
import { useLayoutStyles, ViewHeading } from './layout';
import { unavailableMessage } from './unavailable';

/** Org-required setup: QR + manual key, first code. Loaded lazily (with the QR rendering). */
export function EnrollView({ view, gate }: { view: Extract<GateView, { kind: 'enroll' }>; gate: Gate }) {
  const styles = useLayoutStyles();
  const [code, setCode] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void gate.confirmEnrollment(code).then(() => setCode(''));
  };
  return (
    <>
      <ViewHeading>Set up Two-Step Authentication</ViewHeading>
      {view.unavailable?.map((u) => (
        <ErrorMessageBar key={`${u.method}-${u.factorId ?? ''}`} intent="info" error={unavailableMessage(u)} />
      ))}
      {view.passkeyDisallowed ? (
        <ErrorMessageBar intent="info" error={{ title: 'Passkeys are turned off', body: 'Your organization has turned passkeys off, so your passkey cannot be used to sign in. Set up an authenticator app instead.' }} />
      ) : null}
      <Text>Your organization requires a second step when you sign in. Set up an authenticator app now.</Text>
      {view.enrollment ? (
        <>
          <TotpSetupPanel qrSvg={view.enrollment.qrSvg} secret={view.enrollment.secret} />
          <form className={styles.form} onSubmit={submit} aria-label="Confirm authenticator app" noValidate>
            <CodeInput value={code} onChange={setCode} label="Enter the 6-digit code the app shows" disabled={view.busy} />
            <ErrorMessageBar error={view.error} />
            <Button appearance="primary" type="submit" disabled={view.busy || code.length < 6}>
              {view.busy ? <Spinner size="tiny" label="Checking…" /> : 'Verify and turn on'}
            </Button>
          </form>
        </>
      ) : view.error ? (
        <ErrorMessageBar error={view.error} action={{ label: 'Try again', onClick: () => void gate.retryEnrollment() }} />
      ) : (
        <Spinner label="Preparing your setup code…" />
      )}
    </>
  );
}

export function BackupCodesView({ view, gate }: { view: Extract<GateView, { kind: 'backup-codes' }>; gate: Gate }) {
  return <BackupCodesPanel codes={view.codes} onContinue={() => gate.acknowledgeBackupCodes()} />;
}

export default EnrollView;
