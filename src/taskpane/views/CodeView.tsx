import { Button, Link, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import { CodeInput } from '../../ui/CodeInput';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import { messageFor, type UserMessage } from '../../ui/errors';
import { LOCK_WARNING_AFTER, type Gate } from '../gate/gate';
import type { CodeReason, GateView } from '../gate/types';
import { useLayoutStyles, ViewHeading } from './layout';
import { LostDeviceHelp } from './LostDeviceHelp';

const intro: Record<CodeReason, string> = {
  'sign-in': 'Enter the 6-digit code from your authenticator app.',
  'new-session': 'New Outlook session: enter the 6-digit code from your authenticator app to continue.',
  'session-expired': 'Your CloudSync session ended. Enter the 6-digit code from your authenticator app to continue.',
};

export function CodeView({ view, gate, supportPhone, supportUrl }: {
  view: Extract<GateView, { kind: 'code' }>;
  gate: Gate;
  supportPhone: string;
  supportUrl: string;
}) {
  const styles = useLayoutStyles();
  const [code, setCode] = useState('');
  const backup = view.method === 'backup_code';
  useEffect(() => setCode(''), [view.method]);
  useEffect(() => {
    if (view.error) setCode('');
  }, [view.error]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void gate.submitCode(code);
  };
  let error: UserMessage | null = view.error ? messageFor(view.error) : null;
  if (error && view.error?.code === 'invalid_code' && !view.error.retryAfter && view.failures >= LOCK_WARNING_AFTER) {
    error = {
      title: error.title,
      body: `${error.body} After several wrong codes, sign-in pauses for a while for your security. If your app's codes keep failing, check that your phone's time is set automatically.`,
    };
  }
  return (
    <>
      <ViewHeading>{backup ? 'Enter a backup code' : 'Enter your code'}</ViewHeading>
      <Text>{backup ? 'Enter one of the backup codes you saved when you set up Two-Step Authentication. Each code works once.' : intro[view.reason]}</Text>
      {view.accountHint ? <Text className={styles.muted}>Account: {view.accountHint}</Text> : null}
      <form className={styles.form} onSubmit={submit} aria-label="Verify" noValidate>
        <CodeInput
          key={view.method}
          kind={backup ? 'backup' : 'digits'}
          value={code}
          onChange={setCode}
          disabled={view.busy}
          autoFocus
          label={backup ? 'Backup code' : '6-digit code'}
        />
        {error ? <ErrorMessageBar error={error} /> : null}
        <Button appearance="primary" type="submit" disabled={view.busy || code.length === 0}>
          {view.busy ? <Spinner size="tiny" label="Verifying…" /> : 'Verify'}
        </Button>
      </form>
      <div className={styles.row}>
        {backup ? (
          <Link as="button" onClick={() => gate.switchMethod('totp')}>Use your authenticator app instead</Link>
        ) : (
          <Link as="button" onClick={() => gate.switchMethod('backup_code')}>Use a backup code instead</Link>
        )}
      </div>
      {view.reason !== 'sign-in' ? (
        <div className={styles.row}>
          <Link as="button" onClick={() => gate.usePassword()}>Sign in with password instead</Link>
        </div>
      ) : null}
      <LostDeviceHelp supportPhone={supportPhone} supportUrl={supportUrl} onUseBackupCode={backup ? undefined : () => gate.switchMethod('backup_code')} />
    </>
  );
}
