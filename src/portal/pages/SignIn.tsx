/**
 * Sign-in: username + password, then a code (authenticator app or backup
 * code), or — when the org requires 2FA and the user has none — setting it
 * up right there, saving the backup codes, and in.
 */
import { Button, Card, Field, Input, Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { EnrollConfirmResponse, FactorKind, MethodInfo, SessionGrant, UnavailableMethod } from '../../shared/schemas';
import { CodeInput } from '../../ui/CodeInput';
import { DeliveredCode } from '../../ui/DeliveredCode';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import { t } from '../../shared/i18n/runtime';
import { codeError, shown, type Said } from '../i18n';
import { EnrollAuthenticator } from '../components/EnrollAuthenticator';
import { SaveBackupCodes } from '../components/SaveBackupCodes';
import { SecondFactorFields, type SecondFactorValue } from '../components/SecondFactorFields';
import { asError } from '../context';
import type { PortalSession } from '../session';
import { PasskeySecondStep, PasskeySignInOption } from '../passkeys/PasskeySignIn';

const useStyles = makeStyles({
  wrap: { display: 'flex', justifyContent: 'center', padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}` },
  card: { width: '100%', maxWidth: '520px', padding: tokens.spacingHorizontalXL },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0 },
  passkey: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, marginTop: tokens.spacingVerticalM },
});

type Step =
  | { kind: 'password' }
  /** prove: every method the user had is off; a code from one of them (or a backup code) leads to set-up. */
  | { kind: 'verify'; pendingToken: string; methods: MethodInfo[]; unavailable?: UnavailableMethod[]; prove?: boolean }
  | { kind: 'enroll'; pendingToken: string; allowedMethods?: FactorKind[]; reenroll?: boolean }
  | { kind: 'codes'; codes: string[]; session: SessionGrant };

export interface SignInProps {
  session: PortalSession;
  /** Shown above the form (e.g. "your session ended"). */
  notice?: Said | null;
  initialUsername?: string;
  onSignedIn: (grant: SessionGrant) => void;
}

export function SignIn({ session, notice, initialUsername = '', onSignedIn }: SignInProps) {
  const styles = useStyles();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [second, setSecond] = useState<SecondFactorValue>({ method: 'totp', code: '' });
  const [error, setError] = useState<ReturnType<typeof asError> | Said | null>(null);
  const [busy, setBusy] = useState(false);
  /** An SMS or email method chosen at the code step (null: authenticator app / backup code). */
  const [delivered, setDelivered] = useState<MethodInfo | null>(null);
  const api = session.api;

  const restart = (e: ReturnType<typeof asError> | null) => {
    setStep({ kind: 'password' });
    setPassword('');
    setError(e);
  };

  const submitPassword = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.signInWithPassword({ username, password, client: { type: 'web', label: 'Web portal' } });
      setPassword('');
      if (result.next === 'done' && result.session) onSignedIn(result.session);
      else if ((result.next === 'verify' || (result.next === 'enroll' && result.proofRequired)) && result.pendingToken) {
        const methods = (result.proofRequired ? result.proofMethods : result.methods) ?? [];
        setSecond({ method: methods.some((m) => m.method === 'totp') ? 'totp' : 'backup_code', code: '' });
        // The server lists methods safest first (never SMS first): with no app, the first delivered method.
        setDelivered(methods.some((m) => m.method === 'totp') ? null : (methods.find((m) => m.method === 'email' || m.method === 'sms') ?? null));
        setStep({ kind: 'verify', pendingToken: result.pendingToken, methods, unavailable: result.unavailableMethods, prove: result.proofRequired === true });
      } else if (result.next === 'enroll' && result.pendingToken) setStep({ kind: 'enroll', pendingToken: result.pendingToken, allowedMethods: result.allowedMethods });
    } catch (e) {
      setError(asError(e));
    } finally {
      setBusy(false);
    }
  };

  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    if (step.kind !== 'verify') return;
    setBusy(true);
    setError(null);
    try {
      const chosen = delivered ?? step.methods.find((m) => m.method === second.method);
      const method = delivered ? delivered.method : second.method;
      const factor = { method, code: second.code, ...(chosen?.factorId ? { factorId: chosen.factorId } : {}) };
      if (step.prove) {
        const next = await api.proveForEnrollment(step.pendingToken, factor);
        setSecond({ method: 'totp', code: '' });
        setDelivered(null);
        setStep({ kind: 'enroll', pendingToken: next.pendingToken!, allowedMethods: next.allowedMethods, reenroll: true });
        return;
      }
      const { session: grant } = await api.verify(step.pendingToken, { method, code: second.code, ...(chosen?.factorId ? { factorId: chosen.factorId } : {}) });
      onSignedIn(grant);
    } catch (e) {
      const err = asError(e);
      setSecond((s) => ({ ...s, code: '' }));
      if (err.code === 'pending_expired' || err.code === 'credentials_changed') restart(err);
      else setError(codeError(err, delivered ? delivered.method : second.method));
    } finally {
      setBusy(false);
    }
  };

  const enrolled = (result: EnrollConfirmResponse) => {
    if (!result.session) return;
    if (result.backupCodes?.length) setStep({ kind: 'codes', codes: result.backupCodes, session: result.session });
    else onSignedIn(result.session);
  };

  let body: React.ReactNode;
  switch (step.kind) {
    case 'password':
      body = (
        <form className={styles.form} onSubmit={submitPassword} data-testid="sign-in-password">
          <Text as="h1" size={600} weight="semibold" className={styles.heading}>
            {t('portal.signIn.heading')}
          </Text>
          {notice ? <ErrorMessageBar error={shown(notice)} intent="warning" /> : null}
          <ErrorMessageBar error={shown(error)} />
          <Field label={t('portal.signIn.username')} required>
            <Input name="username" autoComplete="username" value={username} onChange={(_, d) => setUsername(d.value)} />
          </Field>
          <Field label={t('portal.signIn.password')} required>
            <Input name="password" type="password" autoComplete="current-password" value={password} onChange={(_, d) => setPassword(d.value)} />
          </Field>
          <Button type="submit" appearance="primary" disabled={busy || !username || !password}>
            {t('portal.signIn.submit')}
          </Button>
        </form>
      );
      body = (
        <>
          {body}
          <div className={styles.passkey}>
            <PasskeySignInOption api={api} onSignedIn={onSignedIn} onError={setError} onStart={() => setError(null)} />
          </div>
        </>
      );
      break;
    case 'verify': {
      const hasTotp = step.methods.some((m) => m.method === 'totp');
      const hasBackup = step.methods.some((m) => m.method === 'backup_code');
      const deliveredMethods = step.methods.filter((m) => m.method === 'email' || m.method === 'sms');
      const choose = (m: MethodInfo | null, method: SecondFactorValue['method'] = 'totp') => {
        setDelivered(m);
        setSecond({ method, code: '' });
        setError(null);
      };
      const pendingToken = step.pendingToken;
      // A user whose only method is a passkey has no code to type.
      const hasCodes = hasTotp || hasBackup || deliveredMethods.length > 0;
      body = (
        <form className={styles.form} onSubmit={submitCode} data-testid="sign-in-code">
          <Text as="h1" size={600} weight="semibold" className={styles.heading}>
            {step.prove ? t('portal.signIn.proveHeading') : t('portal.signIn.codeHeading')}
          </Text>
          {step.prove ? (
            <Text data-testid="sign-in-prove-help">{t('portal.signIn.proveHelp')}</Text>
          ) : (
            step.unavailable?.map((u) => <ErrorMessageBar key={`${u.method}-${u.factorId ?? ''}`} intent="info" error={{ title: t('portal.signIn.notAvailable'), body: u.detail }} />)
          )}
          <ErrorMessageBar error={shown(error)} />
          {step.prove ? null : <PasskeySecondStep api={api} pendingToken={pendingToken} onSignedIn={onSignedIn} onError={setError} />}
          {delivered || !hasCodes ? null : <Text>{t('portal.signIn.openApp')}</Text>}
          {delivered ? (
            <>
              <DeliveredCode
                key={delivered.factorId ?? delivered.method}
                kind={delivered.method as 'sms' | 'email'}
                maskedDestination={delivered.maskedDestination}
                onSend={() => api.sendCode({ method: delivered.method as 'sms' | 'email', ...(delivered.factorId ? { factorId: delivered.factorId } : {}) }, pendingToken)}
              />
              <CodeInput id="sign-in-code" label={t('portal.code.fromMessage')} value={second.code} onChange={(code) => setSecond((s) => ({ ...s, code }))} />
              {hasTotp ? (
                <Link as="button" type="button" onClick={() => choose(null, 'totp')}>
                  {t('portal.code.useApp')}
                </Link>
              ) : null}
              {hasBackup ? (
                <Link as="button" type="button" onClick={() => choose(null, 'backup_code')}>
                  {t('portal.code.useBackup')}
                </Link>
              ) : null}
            </>
          ) : hasCodes ? (
            <SecondFactorFields idPrefix="sign-in" autoFocus value={second} onChange={setSecond} allowBackup={hasBackup && hasTotp} hasApp={hasTotp} />
          ) : null}
          {deliveredMethods
            .filter((m) => m !== delivered)
            .map((m) => (
              <Link key={m.factorId ?? m.method} as="button" type="button" onClick={() => choose(m)}>
                {t('portal.code.sendInstead', { method: m.method })}
              </Link>
            ))}
          {hasCodes ? (
            <Button type="submit" appearance="primary" disabled={busy || !second.code}>
              {t('portal.signIn.verify')}
            </Button>
          ) : null}
          <Button type="button" appearance="subtle" onClick={() => restart(null)}>
            {t('portal.signIn.startOver')}
          </Button>
        </form>
      );
      break;
    }
    case 'enroll':
      body = (
        <div className={styles.form} data-testid="sign-in-enroll">
          <Text as="h1" size={600} weight="semibold" className={styles.heading}>
            {t('portal.signIn.enrollHeading')}
          </Text>
          <Text>{step.reenroll ? t('portal.signIn.enrollAgain') : t('portal.signIn.enrollRequired')}</Text>
          <ErrorMessageBar error={shown(error)} />
          <EnrollAuthenticator api={api} token={step.pendingToken} account={username} allowedMethods={step.allowedMethods} onDone={enrolled} onCancel={() => restart(null)} submitLabel={t('portal.signIn.enrollSubmit')} />
        </div>
      );
      break;
    case 'codes':
      body = <SaveBackupCodes codes={step.codes} continueLabel={t('portal.signIn.continue')} onDone={() => onSignedIn(step.session)} />;
      break;
  }

  return (
    <main className={styles.wrap}>
      <Card className={styles.card}>{body}</Card>
    </main>
  );
}
