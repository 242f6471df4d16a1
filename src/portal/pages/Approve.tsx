/**
 * The approval page of "Approve with a passkey in your browser": Outlook's task pane opened it in the
 * system browser (#/approve/<request id>). The person signs in with a passkey, sees what asks for access
 * (client, host, mailbox, IP address, time), picks the number Outlook shows among three, and approves or
 * denies. No portal session is made here: the approval is for Outlook only.
 */
import { Button, Card, Field, makeStyles, Radio, RadioGroup, Text, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../../shared/api-client';
import { ApprovalClient } from '../../shared/approval-client';
import type { ApprovalDetails } from '../../shared/approval-schemas';
import { formatDateTime } from '../../shared/i18n/format';
import { t } from '../../shared/i18n/runtime';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import { Message, useLocale } from '../../ui/i18n';
import { say, shown, type Said } from '../i18n';
import { asError } from '../context';
import { passkeyProblem, assertWithPasskey as signWithPasskey, type PublicKeyCredentialRequestOptionsJSON } from '../passkeys/webauthn';

const useStyles = makeStyles({
  wrap: { display: 'flex', justifyContent: 'center', padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}` },
  card: { width: '100%', maxWidth: '560px', padding: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0 },
  details: { display: 'grid', gridTemplateColumns: 'minmax(0, max-content) minmax(0, 1fr)', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  term: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  value: { margin: 0, overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM },
});

/** A message from the server (its detail, already in the user's language) under a title of ours. */
type Told = { titleId: Said; body?: string };
type Step = { kind: 'start' } | { kind: 'choose'; details: ApprovalDetails } | { kind: 'done'; intent: 'success' | 'warning' | 'error'; message: Told };

const clientName = (type: string | null) => (type === 'outlook-addin' ? t('portal.approve.outlookClient') : (type ?? t('portal.client.unknown')));

/** A Told or a Said as ErrorMessageBar takes it, in the active language. */
function told(message: Told | Said | null) {
  if (!message) return null;
  if ('titleId' in message) {
    const title = shown(message.titleId)!;
    return { title: 'title' in title ? title.title : '', body: message.body ?? ('body' in title ? title.body : '') };
  }
  return shown(message);
}

export function Approve({ api, requestId }: { api: ApiClient; requestId: string }) {
  const styles = useStyles();
  const approvals = useMemo(() => new ApprovalClient(api), [api]);
  const [step, setStep] = useState<Step>({ kind: 'start' });
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<Told | Said | null>(null);
  const [busy, setBusy] = useState(false);

  const locale = useLocale();
  useEffect(() => {
    document.title = t('portal.title.approve');
  }, [locale]);

  const ended = (e: unknown) => {
    const problem = asError(e);
    // The request is over (ended, expired, used, another account's passkey): nothing more to do here.
    if (problem.code === 'conflict' || problem.code === 'not_found' || problem.code === 'forbidden') {
      setStep({
        kind: 'done',
        intent: 'error',
        message: problem.message ? { titleId: say('portal.approve.cannot.title'), body: `${problem.message} ${t('portal.approve.cannot.body')}` } : { titleId: say('portal.approve.cannot.title', 'portal.approve.cannot.body') },
      });
    } else {
      const title = problem.code === 'passkey_refused' ? 'portal.approve.passkeyRefused' : 'portal.approve.failed';
      setError(problem.message ? { titleId: say(title), body: problem.message } : say(title, 'portal.approve.tryAgain'));
    }
  };

  const signIn = async () => {
    setBusy(true);
    setError(null);
    try {
      const { options } = await approvals.start(requestId);
      let response;
      try {
        response = await signWithPasskey(options as PublicKeyCredentialRequestOptionsJSON);
      } catch (browserError) {
        setError({ titleId: say('portal.approve.noPasskey'), body: passkeyProblem(browserError) });
        return;
      }
      setStep({ kind: 'choose', details: await approvals.passkey(requestId, response) });
    } catch (e) {
      ended(e);
    } finally {
      setBusy(false);
    }
  };

  const decide = async (decision: 'approve' | 'deny') => {
    if (step.kind !== 'choose') return;
    if (decision === 'approve' && !choice) {
      setError(say('portal.approve.chooseNumber.title', 'portal.approve.chooseNumber.body'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await approvals.decide(requestId, { pageToken: step.details.pageToken, decision, ...(decision === 'approve' ? { number: choice } : {}) });
      const title = result.status === 'approved' ? 'portal.approve.approved' : result.status === 'denied' ? 'portal.approve.denied' : 'portal.approve.ended';
      setStep({ kind: 'done', intent: result.status === 'approved' ? 'success' : result.status === 'denied' ? 'warning' : 'error', message: { titleId: say(title), body: result.detail } });
    } catch (e) {
      ended(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className={styles.wrap}>
      <Card className={styles.card}>
        <Text as="h1" size={600} weight="semibold" className={styles.heading}>
          {t('portal.approve.heading')}
        </Text>
        {step.kind === 'start' ? (
          <>
            <Text as="p">{t('portal.approve.intro')}</Text>
            <Text as="p">{t('portal.approve.notYou')}</Text>
            <ErrorMessageBar error={told(error)} />
            <div className={styles.actions}>
              <Button appearance="primary" disabled={busy} onClick={() => void signIn()}>
                {t('portal.approve.signIn')}
              </Button>
            </div>
          </>
        ) : null}
        {step.kind === 'choose' ? (
          <>
            <Text as="p">
              <Message id="portal.approve.signedInAs" values={{ username: <strong><bdi dir="ltr">{step.details.username}</bdi></strong> }} />
            </Text>
            <dl className={styles.details} aria-label={t('portal.approve.detailsLabel')}>
              <dt className={styles.term}>{t('portal.approve.client')}</dt>
              <dd className={styles.value}>
                {clientName(step.details.clientType)}
                {step.details.device ? ` (${step.details.device})` : ''}
              </dd>
              <dt className={styles.term}>{t('portal.approve.host')}</dt>
              <dd className={styles.value}>{step.details.host ?? '—'}</dd>
              <dt className={styles.term}>{t('portal.approve.mailbox')}</dt>
              <dd className={styles.value}>{step.details.mailbox ? <bdi dir="ltr">{step.details.mailbox}</bdi> : '—'}</dd>
              <dt className={styles.term}>{t('portal.approve.ip')}</dt>
              <dd className={styles.value}>{step.details.ip ? <bdi dir="ltr">{step.details.ip}</bdi> : '—'}</dd>
              <dt className={styles.term}>{t('portal.approve.time')}</dt>
              <dd className={styles.value}>{formatDateTime(step.details.requestedAt)}</dd>
            </dl>
            <Field label={t('portal.approve.whichNumber')} required>
              <RadioGroup value={choice} onChange={(_, data) => setChoice(data.value)} layout="horizontal" dir="ltr">
                {step.details.choices.map((n) => (
                  <Radio key={n} value={n} label={n} />
                ))}
              </RadioGroup>
            </Field>
            <ErrorMessageBar error={told(error)} />
            <div className={styles.actions}>
              <Button appearance="primary" disabled={busy} onClick={() => void decide('approve')}>
                {t('portal.approve.approve')}
              </Button>
              <Button disabled={busy} onClick={() => void decide('deny')}>
                {t('portal.approve.deny')}
              </Button>
            </div>
          </>
        ) : null}
        {step.kind === 'done' ? (
          <>
            <ErrorMessageBar error={told(step.message)} intent={step.intent} />
            <Text as="p">{t('portal.approve.closePage')}</Text>
          </>
        ) : null}
      </Card>
    </main>
  );
}
