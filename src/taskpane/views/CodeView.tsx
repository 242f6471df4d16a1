import { Button, Link, Text } from '@fluentui/react-components';
import { Spinner } from '../../ui/LazySpinner';
import { lazy, Suspense, useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { MessageId } from '../../shared/i18n/message-ids';
import { t } from '../../shared/i18n/runtime';
import { CodeInput } from '../../ui/CodeInput';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import { messageFor, type UserMessage } from '../../ui/errors';
import { LOCK_WARNING_AFTER, type Gate } from '../gate/gate';
import type { CodeReason, GateView, MethodInfo } from '../gate/types';
import { useLayoutStyles, ViewHeading } from './layout';
import { LostDeviceHelp } from './LostDeviceHelp';
import { unavailableMessage } from './unavailable';

// Text-message and email codes: loaded when the user has one (most sign in with an authenticator app).
const DeliveredCode = lazy(() => import(/* webpackChunkName: "delivered-code" */ '../../ui/DeliveredCode.js').then((m) => ({ default: m.DeliveredCode })));

const intro: Record<CodeReason, MessageId> = {
  'sign-in': 'pane.code.intro.signIn',
  'new-session': 'pane.code.intro.newSession',
  'session-expired': 'pane.code.intro.sessionExpired',
};

const deliveredIntro: Record<CodeReason, MessageId> = {
  'sign-in': 'pane.code.deliveredIntro.signIn',
  'new-session': 'pane.code.deliveredIntro.newSession',
  'session-expired': 'pane.code.deliveredIntro.sessionExpired',
};

/** User data inside a sentence, isolated (U+2068 … U+2069) so an address keeps its order in Arabic text. */
const isolate = (text: string) => `\u2068${text}\u2069`;

type CodeViewState = Extract<GateView, { kind: 'code' }>;

function switchLabel(m: MethodInfo): string {
  switch (m.method) {
    case 'totp':
      return t('pane.code.switch.totp');
    case 'backup_code':
      return t('pane.code.switch.backup');
    case 'sms':
      return t('pane.code.switch.sms');
    default:
      return t('pane.code.switch.email');
  }
}

export function CodeView({ view, gate, supportPhone, supportUrl }: {
  view: CodeViewState;
  gate: Gate;
  supportPhone: string;
  supportUrl: string;
}) {
  const styles = useLayoutStyles();
  const headingId = useId();
  const introId = useId();
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
  if (view.error?.code.startsWith('approval_')) error = { title: t('pane.code.notApproved'), body: view.error.message || t('pane.approve.notApproved') };
  // Past several wrong codes (and the server gave no count of its own): say that pauses come, and what usually helps.
  if (error && view.error?.code === 'invalid_code' && !view.error.retryAfter && view.error.triesBeforePause === undefined && view.failures >= LOCK_WARNING_AFTER) {
    error = { title: error.title, body: `${error.body} ${t(delivered ? 'pane.code.lockWarning.delivered' : 'pane.code.lockWarning.app')}` };
  }
  // A passkey-only user: no code field (they have no code method); the approval in the browser is the way in.
  if (view.passkeyOnly) {
    return (
      <>
        <ViewHeading>{t('pane.code.passkeyOnly.title')}</ViewHeading>
        {view.unavailable.map((u) => (
          <ErrorMessageBar key={`${u.method}-${u.factorId ?? ''}`} intent="info" error={unavailableMessage(u)} />
        ))}
        <Text>{t('pane.code.passkeyOnly.body')}</Text>
        {view.accountHint ? <Text className={styles.muted}>{t('pane.account', { account: isolate(view.accountHint) })}</Text> : null}
        <div className={styles.row}>
          <Button appearance="primary" disabled={view.busy} onClick={() => void gate.approveInBrowser()}>
            {view.busy ? <Spinner size="tiny" label={t('pane.code.starting')} /> : t('pane.code.approveInBrowser')}
          </Button>
        </div>
        {error ? <ErrorMessageBar error={error} /> : null}
        {view.reason !== 'sign-in' ? (
          <div className={styles.row}>
            <Link as="button" onClick={() => gate.usePassword()}>{t('pane.code.usePassword')}</Link>
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
      <ViewHeading focus={!!delivered} id={headingId}>{backup ? t('pane.code.backupTitle') : t('pane.code.title')}</ViewHeading>
      {view.unavailable.map((u) => (
        <ErrorMessageBar key={`${u.method}-${u.factorId ?? ''}`} intent="info" error={unavailableMessage(u)} />
      ))}
      <Text id={introId}>
        {backup ? t('pane.code.backupIntro') : delivered ? t(deliveredIntro[view.reason]) : t(intro[view.reason])}
      </Text>
      {view.accountHint ? <Text className={styles.muted}>{t('pane.account', { account: isolate(view.accountHint) })}</Text> : null}
      {view.passkey ? (
        <div className={styles.row}>
          <Button appearance="primary" disabled={view.busy} onClick={() => void gate.approveInBrowser()}>
            {t('pane.code.approveInBrowser')}
          </Button>
          <Text className={styles.muted}>{t('pane.code.orEnterCode')}</Text>
        </div>
      ) : null}
      {delivered ? (
        <Suspense fallback={<Spinner size="tiny" />}>
          <DeliveredCode key={view.factorId ?? delivered} kind={delivered} maskedDestination={current?.maskedDestination} onSend={send} disabled={view.busy} />
        </Suspense>
      ) : null}
      <form className={styles.form} onSubmit={submit} aria-label={t('pane.code.formLabel')} noValidate>
        <CodeInput
          key={`${view.method}-${view.factorId ?? ''}`}
          kind={backup ? 'backup' : 'digits'}
          value={code}
          onChange={setCode}
          disabled={view.busy}
          autoFocus={!delivered}
          label={backup ? t('pane.code.label.backup') : delivered ? t('pane.code.label.delivered') : t('pane.code.label.digits')}
          describedBy={`${headingId} ${introId}`}
        />
        {error ? <ErrorMessageBar error={error} /> : null}
        <Button appearance="primary" type="submit" disabled={view.busy || code.length === 0}>
          {view.busy ? <Spinner size="tiny" label={t('pane.code.verifying')} /> : t('pane.code.verify')}
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
          <Link as="button" onClick={() => gate.usePassword()}>{t('pane.code.usePassword')}</Link>
        </div>
      ) : null}
      <LostDeviceHelp supportPhone={supportPhone} supportUrl={supportUrl} onUseBackupCode={backup ? undefined : () => gate.switchMethod('backup_code')} />
    </>
  );
}
