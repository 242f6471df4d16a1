import { Button, Link, Spinner, Text } from '@fluentui/react-components';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { CodeInput } from '../../ui/CodeInput';
import { DeliveredCode, sendLabel } from '../../ui/DeliveredCode';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import { messageFor, type UserMessage } from '../../ui/errors';
import { LOCK_WARNING_AFTER, type Gate } from '../gate/gate';
import type { CodeReason, GateView, MethodInfo } from '../gate/types';
import { useLayoutStyles, ViewHeading } from './layout';
import { LostDeviceHelp } from './LostDeviceHelp';
import { unavailableMessage } from './unavailable';

const intro: Record<CodeReason, string> = {
  'sign-in': 'Enter the 6-digit code from your authenticator app.',
  'new-session': 'New Outlook session: enter the 6-digit code from your authenticator app to continue.',
  'session-expired': 'Your CloudSync session ended. Enter the 6-digit code from your authenticator app to continue.',
};

const deliveredIntro: Record<CodeReason, string> = {
  'sign-in': 'Get a 6-digit code in a message, then enter it here.',
  'new-session': 'New Outlook session: get a 6-digit code in a message to continue.',
  'session-expired': 'Your CloudSync session ended. Get a 6-digit code in a message to continue.',
};

type CodeViewState = Extract<GateView, { kind: 'code' }>;

function switchLabel(m: MethodInfo): string {
  switch (m.method) {
    case 'totp':
      return 'Use your authenticator app instead';
    case 'backup_code':
      return 'Use a backup code instead';
    default:
      return `${sendLabel(m.method)} instead`;
  }
}

export function CodeView({ view, gate, supportPhone, supportUrl }: {
  view: CodeViewState;
  gate: Gate;
  supportPhone: string;
  supportUrl: string;
}) {
  const styles = useLayoutStyles();
  const [code, setCode] = useState('');
  const backup = view.method === 'backup_code';
  const delivered = view.method === 'sms' || view.method === 'email' ? view.method : null;
  const current = view.methods.find((m) => m.method === view.method && (view.factorId === undefined || m.factorId === view.factorId));
  useEffect(() => setCode(''), [view.method, view.factorId]);
  useEffect(() => {
    if (view.error) setCode('');
  }, [view.error]);
  const send = useCallback(() => gate.sendCode(), [gate]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void gate.submitCode(code);
  };
  let error: UserMessage | null = view.error ? messageFor(view.error) : null;
  // The approval in the browser ended without a session: its own title, the server's reason.
  if (view.error?.code.startsWith('approval_')) error = { title: 'Not approved', body: view.error.message };
  if (error && view.error?.code === 'invalid_code' && !view.error.retryAfter && view.failures >= LOCK_WARNING_AFTER) {
    error = {
      title: error.title,
      body: delivered
        ? `${error.body} After several wrong codes, sign-in pauses for a while for your security. Use the code from the newest message.`
        : `${error.body} After several wrong codes, sign-in pauses for a while for your security. If your app's codes keep failing, check that your phone's time is set automatically.`,
    };
  }
  // A passkey-only user: no code field (they have no code method); the approval in the browser is the way in.
  if (view.passkeyOnly) {
    return (
      <>
        <ViewHeading>Approve with your passkey</ViewHeading>
        {view.unavailable.map((u) => (
          <ErrorMessageBar key={`${u.method}-${u.factorId ?? ''}`} intent="info" error={unavailableMessage(u)} />
        ))}
        <Text>Your passkey is your second step. Outlook cannot use a passkey itself: approve this sign-in with your passkey in your browser.</Text>
        {view.accountHint ? <Text className={styles.muted}>Account: {view.accountHint}</Text> : null}
        <div className={styles.row}>
          <Button appearance="primary" disabled={view.busy} onClick={() => void gate.approveInBrowser()}>
            {view.busy ? <Spinner size="tiny" label="Starting…" /> : 'Approve with a passkey in your browser'}
          </Button>
        </div>
        {error ? <ErrorMessageBar error={error} /> : null}
        {view.reason !== 'sign-in' ? (
          <div className={styles.row}>
            <Link as="button" onClick={() => gate.usePassword()}>Sign in with password instead</Link>
          </div>
        ) : null}
        <LostDeviceHelp supportPhone={supportPhone} supportUrl={supportUrl} />
      </>
    );
  }
  // Other methods to switch to (a backup code is always offered, as before).
  const others: MethodInfo[] = view.methods.filter((m) => m !== current && !(m.method === view.method && !delivered));
  if (!backup && !others.some((m) => m.method === 'backup_code')) others.push({ method: 'backup_code' });
  if (backup && !others.some((m) => m.method === 'totp') && !view.methods.some((m) => m.method !== 'backup_code')) others.push({ method: 'totp' });

  return (
    <>
      <ViewHeading>{backup ? 'Enter a backup code' : 'Enter your code'}</ViewHeading>
      {view.unavailable.map((u) => (
        <ErrorMessageBar key={`${u.method}-${u.factorId ?? ''}`} intent="info" error={unavailableMessage(u)} />
      ))}
      <Text>
        {backup
          ? 'Enter one of the backup codes you saved when you set up Two-Step Authentication. Each code works once.'
          : delivered
            ? deliveredIntro[view.reason]
            : intro[view.reason]}
      </Text>
      {view.accountHint ? <Text className={styles.muted}>Account: {view.accountHint}</Text> : null}
      {view.passkey ? (
        <div className={styles.row}>
          <Button appearance="primary" disabled={view.busy} onClick={() => void gate.approveInBrowser()}>
            Approve with a passkey in your browser
          </Button>
          <Text className={styles.muted}>Or enter a code:</Text>
        </div>
      ) : null}
      {delivered ? (
        <DeliveredCode key={view.factorId ?? delivered} kind={delivered} maskedDestination={current?.maskedDestination} onSend={send} disabled={view.busy} />
      ) : null}
      <form className={styles.form} onSubmit={submit} aria-label="Verify" noValidate>
        <CodeInput
          key={`${view.method}-${view.factorId ?? ''}`}
          kind={backup ? 'backup' : 'digits'}
          value={code}
          onChange={setCode}
          disabled={view.busy}
          autoFocus={!delivered}
          label={backup ? 'Backup code' : delivered ? 'Code from the message' : '6-digit code'}
        />
        {error ? <ErrorMessageBar error={error} /> : null}
        <Button appearance="primary" type="submit" disabled={view.busy || code.length === 0}>
          {view.busy ? <Spinner size="tiny" label="Verifying…" /> : 'Verify'}
        </Button>
      </form>
      {others.map((m) => (
        <div className={styles.row} key={`${m.method}-${m.factorId ?? ''}`}>
          <Link as="button" onClick={() => gate.switchMethod(m.method, m.factorId)}>
            {switchLabel(m)}
          </Link>
        </div>
      ))}
      {view.reason !== 'sign-in' ? (
        <div className={styles.row}>
          <Link as="button" onClick={() => gate.usePassword()}>Sign in with password instead</Link>
        </div>
      ) : null}
      <LostDeviceHelp supportPhone={supportPhone} supportUrl={supportUrl} onUseBackupCode={backup ? undefined : () => gate.switchMethod('backup_code')} />
    </>
  );
}
