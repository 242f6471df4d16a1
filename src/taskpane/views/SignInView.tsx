import { Button, Field, Input, Spinner } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import type { UserMessage } from '../../ui/errors';
import type { Gate } from '../gate/gate';
import type { GateView, SignInReason } from '../gate/types';
import { useLayoutStyles, ViewHeading } from './layout';
import { LostDeviceHelp } from './LostDeviceHelp';

const reasons: Record<SignInReason, UserMessage | null> = {
  'first-use': null,
  'credentials-changed': {
    title: 'Sign in again',
    body: 'Your CloudSync password or Two-Step Authentication changed, or this device was removed. Sign in with your password and a code.',
  },
  'mailbox-changed': {
    title: 'Different mailbox',
    body: 'Outlook now shows a different mailbox than the one this device was set up for. Sign in with your password and a code.',
  },
  'pending-expired': { title: 'That took too long', body: 'For your security the sign-in timed out. Start again.' },
  'registration-failed': null,
};

export function SignInView({ view, gate, supportPhone, supportUrl, mailbox }: {
  view: Extract<GateView, { kind: 'sign-in' }>;
  gate: Gate;
  supportPhone: string;
  supportUrl: string;
  mailbox: string | null;
}) {
  const styles = useLayoutStyles();
  const [username, setUsername] = useState(view.usernameHint);
  const [password, setPassword] = useState('');
  const notice = reasons[view.reason];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) return;
    void gate.submitPassword(username.trim(), password).then(() => setPassword(''));
  };
  return (
    <>
      <ViewHeading focus={false}>Sign in to AXIS CloudSync</ViewHeading>
      {notice ? <ErrorMessageBar error={notice} intent="warning" /> : null}
      {mailbox ? <div className={styles.muted}>Outlook mailbox: {mailbox}</div> : null}
      <form className={styles.form} onSubmit={submit} aria-label="Sign in" noValidate>
        <Field label="Username" required>
          <Input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(_, d) => setUsername(d.value)}
            autoFocus={!view.usernameHint}
            disabled={view.busy}
          />
        </Field>
        <Field label="Password" required>
          <Input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(_, d) => setPassword(d.value)}
            autoFocus={!!view.usernameHint}
            disabled={view.busy}
          />
        </Field>
        <ErrorMessageBar error={view.error} />
        <Button appearance="primary" type="submit" disabled={view.busy || !username.trim() || !password}>
          {view.busy ? <Spinner size="tiny" label="Signing in…" /> : 'Sign in'}
        </Button>
      </form>
      <LostDeviceHelp supportPhone={supportPhone} supportUrl={supportUrl} />
    </>
  );
}
