import { Button, Field, Input } from '@fluentui/react-components';
import { Spinner } from '../../ui/LazySpinner';
import { useState, type FormEvent } from 'react';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import type { UserMessage } from '../../ui/errors';
import { t } from '../../shared/i18n/runtime';
import { Message } from '../../ui/i18n';
import type { Gate } from '../gate/gate';
import type { GateView, SignInReason } from '../gate/types';
import { useLayoutStyles, ViewHeading } from './layout';
import { LostDeviceHelp } from './LostDeviceHelp';

/** The notice above the form: why the pane asks for the password again (in the active language). */
function reasonNotice(reason: SignInReason): UserMessage | null {
  switch (reason) {
    case 'credentials-changed':
      return { title: t('pane.signIn.credentialsChanged.title'), body: t('pane.signIn.credentialsChanged.body') };
    case 'mailbox-changed':
      return { title: t('pane.signIn.mailboxChanged.title'), body: t('pane.signIn.mailboxChanged.body') };
    case 'pending-expired':
      return { title: t('common.error.pendingExpired.title'), body: t('common.error.pendingExpired.body') };
    default:
      return null;
  }
}

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
  const notice = reasonNotice(view.reason);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) return;
    void gate.submitPassword(username.trim(), password).then(() => setPassword(''));
  };
  return (
    <>
      <ViewHeading focus={false}>{t('pane.signIn.title')}</ViewHeading>
      {notice ? <ErrorMessageBar error={notice} intent="warning" /> : null}
      {mailbox ? <div className={styles.muted}><Message id="pane.signIn.mailbox" values={{ mailbox: <bdi dir="ltr">{mailbox}</bdi> }} /></div> : null}
      <form className={styles.form} onSubmit={submit} aria-label={t('pane.signIn.formLabel')} noValidate>
        <Field label={t('pane.signIn.username')} required>
          <Input
            name="username"
            dir="ltr"
            autoComplete="username"
            value={username}
            onChange={(_, d) => setUsername(d.value)}
            autoFocus={!view.usernameHint}
            disabled={view.busy}
          />
        </Field>
        <Field label={t('pane.signIn.password')} required>
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
          {view.busy ? <Spinner size="tiny" label={t('pane.signIn.signingIn')} /> : t('pane.signIn.button')}
        </Button>
      </form>
      <LostDeviceHelp supportPhone={supportPhone} supportUrl={supportUrl} />
    </>
  );
}
