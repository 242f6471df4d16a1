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
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import type { UserMessage } from '../../ui/errors';
import { asError } from '../context';
import { passkeyProblem, assertWithPasskey as signWithPasskey, type PublicKeyCredentialRequestOptionsJSON } from '../passkeys/webauthn';

const useStyles = makeStyles({
  wrap: { display: 'flex', justifyContent: 'center', padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}` },
  card: { width: '100%', maxWidth: '560px', padding: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0 },
  details: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  term: { fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM },
});

type Step = { kind: 'start' } | { kind: 'choose'; details: ApprovalDetails } | { kind: 'done'; intent: 'success' | 'warning' | 'error'; message: UserMessage };

const clientName = (type: string | null) => (type === 'outlook-addin' ? 'AXIS CloudSync for Outlook' : (type ?? 'Unknown client'));

export function Approve({ api, requestId }: { api: ApiClient; requestId: string }) {
  const styles = useStyles();
  const approvals = useMemo(() => new ApprovalClient(api), [api]);
  const [step, setStep] = useState<Step>({ kind: 'start' });
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<UserMessage | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = 'Approve sign-in · AXIS CloudSync';
  }, []);

  const ended = (e: unknown) => {
    const problem = asError(e);
    // The request is over (ended, expired, used, another account's passkey): nothing more to do here.
    if (problem.code === 'conflict' || problem.code === 'not_found' || problem.code === 'forbidden') {
      setStep({ kind: 'done', intent: 'error', message: { title: 'This request cannot be approved', body: `${problem.message ?? ''} Start again in Outlook.`.trim() } });
    } else {
      setError({ title: problem.code === 'passkey_refused' ? 'That passkey could not be used' : 'Something went wrong', body: problem.message ?? 'Try again.' });
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
        setError({ title: 'No passkey was used', body: passkeyProblem(browserError) });
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
      setError({ title: 'Choose a number', body: 'Pick the number that Outlook shows, then select Approve.' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await approvals.decide(requestId, { pageToken: step.details.pageToken, decision, ...(decision === 'approve' ? { number: choice } : {}) });
      const title = result.status === 'approved' ? 'Approved' : result.status === 'denied' ? 'Denied' : 'Request ended';
      setStep({ kind: 'done', intent: result.status === 'approved' ? 'success' : result.status === 'denied' ? 'warning' : 'error', message: { title, body: result.detail } });
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
          Approve sign-in to Outlook
        </Text>
        {step.kind === 'start' ? (
          <>
            <Text as="p">
              AXIS CloudSync for Outlook is asking to sign in as you. Sign in with your passkey to see the request, then choose the number that Outlook shows.
            </Text>
            <Text as="p">If you did not just start signing in to Outlook, close this page.</Text>
            <ErrorMessageBar error={error} />
            <div className={styles.actions}>
              <Button appearance="primary" disabled={busy} onClick={() => void signIn()}>
                Sign in with a passkey
              </Button>
            </div>
          </>
        ) : null}
        {step.kind === 'choose' ? (
          <>
            <Text as="p">
              Signed in as <strong>{step.details.username}</strong>. This asks for access:
            </Text>
            <dl className={styles.details} aria-label="What asks for access">
              <dt className={styles.term}>Client</dt>
              <dd className={styles.value}>{clientName(step.details.clientType)}{step.details.device ? ` (${step.details.device})` : ''}</dd>
              <dt className={styles.term}>Host</dt>
              <dd className={styles.value}>{step.details.host ?? '—'}</dd>
              <dt className={styles.term}>Mailbox</dt>
              <dd className={styles.value}>{step.details.mailbox ?? '—'}</dd>
              <dt className={styles.term}>IP address</dt>
              <dd className={styles.value}>{step.details.ip ?? '—'}</dd>
              <dt className={styles.term}>Time</dt>
              <dd className={styles.value}>{new Date(step.details.requestedAt).toLocaleString()}</dd>
            </dl>
            <Field label="Which number does Outlook show?" required>
              <RadioGroup value={choice} onChange={(_, data) => setChoice(data.value)} layout="horizontal">
                {step.details.choices.map((n) => (
                  <Radio key={n} value={n} label={n} />
                ))}
              </RadioGroup>
            </Field>
            <ErrorMessageBar error={error} />
            <div className={styles.actions}>
              <Button appearance="primary" disabled={busy} onClick={() => void decide('approve')}>
                Approve
              </Button>
              <Button disabled={busy} onClick={() => void decide('deny')}>
                Deny
              </Button>
            </div>
          </>
        ) : null}
        {step.kind === 'done' ? (
          <>
            <ErrorMessageBar error={step.message} intent={step.intent} />
            <Text as="p">You can close this page.</Text>
          </>
        ) : null}
      </Card>
    </main>
  );
}
