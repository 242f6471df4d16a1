/**
 * Enable Two-Step Authentication, or add / change a method: choose the method
 * (authenticator app — recommended and preselected; email; text message —
 * marked as the least safe choice, never preselected; only the kinds the org
 * allows), then
 *   - app: scan the QR code or type the key, verify a first code;
 *   - email / text: enter the address or number (validated by the server), a
 *     code is sent there, and the first code turns the method on.
 * Works with a pending token (required enrollment at sign-in) or the session
 * (Account Settings: each call behind a fresh step-up, see run).
 */
import { Button, Field, Input, makeStyles, Radio, RadioGroup, Text, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { ApiClient } from '../../shared/api-client';
import type { MessageId } from '../../shared/i18n/message-ids';
import { t } from '../../shared/i18n/runtime';
import type { DeliveredEnrollStartResponse, DeliveredKind, EnrollConfirmResponse, FactorKind, TotpEnrollStartResponse } from '../../shared/schemas';
import { CodeInput } from '../../ui/CodeInput';
import { DeliveredCode } from '../../ui/DeliveredCode';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import { TotpSetupPanel } from '../../ui/TotpSetupPanel';
import { asError, endsSession } from '../context';
import { codeError, shown, type Said } from '../i18n';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '480px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground3 },
});

const choiceLabels: Record<FactorKind, MessageId> = {
  totp: 'portal.enroll.choice.totp',
  email: 'portal.enroll.choice.email',
  sms: 'portal.enroll.choice.sms',
};
const order: FactorKind[] = ['totp', 'email', 'sms'];

export interface EnrollAuthenticatorProps {
  api: ApiClient;
  /** Pending token at sign-in; undefined = the session (needs a fresh step-up, see run). */
  token?: string;
  account?: string;
  /** Wraps each call (Account Settings: behind a step-up). */
  run?: <T>(action: () => Promise<T>) => Promise<T | undefined>;
  onDone: (result: EnrollConfirmResponse) => void;
  onCancel?: () => void;
  submitLabel?: string;
  /** The kinds the org allows (the app is always allowed). Default: the app only. */
  allowedMethods?: FactorKind[];
  /** Preselected kind (e.g. "Change number"); never SMS unless the user asked for that very method. */
  initialKind?: FactorKind;
  /** Only this kind (changing a phone number or an address). */
  onlyKind?: FactorKind;
  /** Prefills the email address (the account's). */
  defaultEmail?: string | null;
}

type Stage =
  | { kind: 'choose' }
  | { kind: 'totp'; started: TotpEnrollStartResponse }
  | { kind: 'delivered'; started: DeliveredEnrollStartResponse };

export function EnrollAuthenticator({
  api,
  token,
  account,
  run = (a) => a(),
  onDone,
  onCancel,
  submitLabel,
  allowedMethods = ['totp'],
  initialKind,
  onlyKind,
  defaultEmail,
}: EnrollAuthenticatorProps) {
  const styles = useStyles();
  const kinds = onlyKind ? [onlyKind] : order.filter((k) => k === 'totp' || allowedMethods.includes(k));
  const [choice, setChoice] = useState<FactorKind>(onlyKind ?? (initialKind && kinds.includes(initialKind) ? initialKind : 'totp'));
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const [email, setEmail] = useState(defaultEmail ?? '');
  const [phone, setPhone] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<ReturnType<typeof asError> | Said | null>(null);
  const [busy, setBusy] = useState(false);
  const auth = token ?? api.getToken();
  const tok = () => token ?? api.getToken();

  const start = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      if (choice === 'totp') {
        const result = await run(() => api.startTotpEnrollment({}, tok()));
        if (result) setStage({ kind: 'totp', started: result });
      } else {
        const result = await run(() =>
          choice === 'sms' ? api.startSmsEnrollment({ phoneNumber: phone.trim() }, tok()) : api.startEmailEnrollment(email.trim() ? { email: email.trim() } : {}, tok()),
        );
        if (result) {
          setCode('');
          setStage({ kind: 'delivered', started: result });
        }
      }
    } catch (e) {
      if (endsSession(e)) return;
      const err = asError(e);
      // A number or address the server refused: say why under the field itself.
      if (err.code === 'invalid_request' && choice !== 'totp' && err.message) setFieldError(err.message);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (stage.kind === 'choose') return;
    setBusy(true);
    setError(null);
    try {
      // From Account Settings the step-up may lapse between sending and confirming: ask again, then confirm.
      const result = await run(() => api.confirmEnrollment({ factorId: stage.started.factorId, code }, tok()));
      if (result) onDone(result);
    } catch (e) {
      setCode('');
      if (!endsSession(e)) setError(codeError(asError(e), stage.kind === 'delivered' ? stage.started.kind : 'totp'));
    } finally {
      setBusy(false);
    }
  };

  const cancel = onCancel ? (
    <Button type="button" onClick={onCancel}>
      {t('portal.enroll.cancel')}
    </Button>
  ) : null;

  if (stage.kind === 'choose') {
    const delivered = choice === 'sms' || choice === 'email';
    const ready = choice === 'totp' || (choice === 'sms' ? phone.trim().length > 0 : email.trim().length > 0 || !!defaultEmail);
    return (
      <form className={styles.stack} onSubmit={start} data-testid="enroll-choose">
        <ErrorMessageBar error={shown(error)} />
        {kinds.length > 1 ? (
          <Field label={t('portal.enroll.question')}>
            <RadioGroup
              value={choice}
              onChange={(_, d) => {
                setChoice(d.value as FactorKind);
                setFieldError(null);
                setError(null);
              }}
            >
              {kinds.map((k) => (
                <Radio key={k} value={k} label={t(choiceLabels[k])} />
              ))}
            </RadioGroup>
          </Field>
        ) : null}
        {choice === 'email' ? (
          <Field
            label={t('portal.enroll.email')}
            hint={t('portal.enroll.emailHint')}
            required
            validationState={fieldError ? 'error' : 'none'}
            validationMessage={fieldError ?? undefined}
          >
            <Input type="email" dir="ltr" autoComplete="email" value={email} onChange={(_, d) => setEmail(d.value)} />
          </Field>
        ) : null}
        {choice === 'sms' ? (
          <>
            <ErrorMessageBar intent="warning" error={{ title: t('portal.enroll.smsWarning.title'), body: t('portal.enroll.smsWarning.body') }} />
            <Field
              label={t('portal.enroll.phone')}
              hint={t('portal.enroll.phoneHint')}
              required
              validationState={fieldError ? 'error' : 'none'}
              validationMessage={fieldError ?? undefined}
            >
              <Input type="tel" dir="ltr" autoComplete="tel" value={phone} onChange={(_, d) => setPhone(d.value)} />
            </Field>
          </>
        ) : null}
        <div className={styles.row}>
          <Button type="submit" appearance="primary" disabled={busy || !auth || !ready}>
            {delivered ? t('portal.enroll.sendCode') : t('portal.enroll.next')}
          </Button>
          {cancel}
        </div>
      </form>
    );
  }

  if (stage.kind === 'totp') {
    return (
      <form className={styles.stack} onSubmit={confirm} data-testid="enroll-verify">
        <TotpSetupPanel qrSvg={stage.started.qrSvg} secret={stage.started.secret} account={account} />
        <Text>{t('portal.enroll.appThen')}</Text>
        <ErrorMessageBar error={shown(error)} />
        <CodeInput id="enroll-code" value={code} onChange={setCode} label={t('portal.code.fromApp')} />
        <div className={styles.row}>
          <Button type="submit" appearance="primary" disabled={busy || code.length !== 6}>
            {submitLabel ?? t('portal.enroll.submit')}
          </Button>
          {cancel}
        </div>
      </form>
    );
  }

  const started = stage.started;
  const kind: DeliveredKind = started.kind;
  return (
    <form className={styles.stack} onSubmit={confirm} data-testid="enroll-verify">
      <DeliveredCode
        kind={kind}
        maskedDestination={started.maskedDestination}
        sentOnMount={{ resendAfterSeconds: started.resendAfterSeconds, codeValidSeconds: started.codeValidSeconds }}
        showSmsWarning
        onSend={async () => {
          const again = await run(() => api.resendEnrollmentCode(started.factorId, tok()));
          if (!again) throw { code: 'step_up_cancelled', message: t('portal.enroll.noNewCode') };
          return again;
        }}
      />
      <Text className={styles.muted}>{t('portal.enroll.deliveredNote', { kind })}</Text>
      <ErrorMessageBar error={shown(error)} />
      <CodeInput id="enroll-code" value={code} onChange={setCode} label={t('portal.code.fromMessage')} />
      <div className={styles.row}>
        <Button type="submit" appearance="primary" disabled={busy || code.length !== 6}>
          {submitLabel ?? t('portal.enroll.submit')}
        </Button>
        {cancel}
      </div>
    </form>
  );
}
