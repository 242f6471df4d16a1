/** Admin → Settings → Policies: "Require Two-Step Authentication", allowed methods, passkeys, session limits. */
import { Button, Card, Checkbox, Field, Input, Text } from '@fluentui/react-components';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AdminPolicyResponse } from '../../shared/admin-schemas';
import type { FactorKind } from '../../shared/schemas';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import type { UserMessage } from '../../ui/errors';
import { asError, endsSession, usePortal } from '../context';
import { DefaultLanguageField } from './admin/DefaultLanguageField';
import { useSectionStyles } from './Security';

const methodLabels: [FactorKind, string][] = [
  ['totp', 'Authenticator app (always allowed)'],
  ['sms', 'Text message (SMS)'],
  ['email', 'Email'],
];

export function AdminPolicies() {
  const styles = useSectionStyles();
  const { session, withStepUp } = usePortal();
  // The policy is read once per session; the latest step-up helper is used without re-reading on every render.
  const withStepUpRef = useRef(withStepUp);
  withStepUpRef.current = withStepUp;
  const [loaded, setLoaded] = useState<AdminPolicyResponse | null>(null);
  const [require2fa, setRequire2fa] = useState(false);
  const [methods, setMethods] = useState<FactorKind[]>(['totp']);
  const [maxAgeHours, setMaxAgeHours] = useState('12');
  const [idleMinutes, setIdleMinutes] = useState('60');
  const [emailToAddinMailbox, setEmailToAddinMailbox] = useState(false);
  const [passkeysAllowed, setPasskeysAllowed] = useState(true);
  const [requireAdminPasskey, setRequireAdminPasskey] = useState(false);
  const [notice, setNotice] = useState<{ intent: 'success' | 'error'; message: UserMessage | ReturnType<typeof asError> } | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (r: AdminPolicyResponse) => {
    setLoaded(r);
    setRequire2fa(r.policy.require2fa);
    setMethods(r.policy.allowedMethods);
    setMaxAgeHours(String(+(r.policy.sessionMaxAgeSeconds / 3600).toFixed(2)));
    setIdleMinutes(String(+(r.policy.sessionIdleSeconds / 60).toFixed(2)));
    setEmailToAddinMailbox(r.policy.allowEmailToAddinMailbox);
    setPasskeysAllowed(r.policy.passkeysAllowed);
    setRequireAdminPasskey(r.policy.requireAdminPasskey);
  };

  useEffect(() => {
    // When the org requires a passkey for administrators, even reading the policy asks for one first.
    withStepUpRef.current(() => session.admin.policy()).then((r) => r && show(r), (e) => {
      if (!endsSession(e)) setNotice({ intent: 'error', message: asError(e) });
    });
  }, [session]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      const update = {
        require2fa,
        allowedMethods: methods,
        sessionMaxAgeSeconds: Math.round(Number(maxAgeHours) * 3600),
        sessionIdleSeconds: Math.round(Number(idleMinutes) * 60),
        allowEmailToAddinMailbox: emailToAddinMailbox,
        passkeysAllowed,
        requireAdminPasskey: passkeysAllowed && requireAdminPasskey,
      };
      // A change that lowers protection asks "Confirm it's you" first (the server says so); tightening does not.
      const result = await withStepUp(() => session.admin.setPolicy(update));
      if (!result) return; // the admin closed the step-up dialog: nothing was saved, the form keeps its values
      show(result);
      setNotice({ intent: 'success', message: { title: 'Saved.', body: 'The policy takes effect at each user’s next sign-in.' } });
    } catch (e) {
      if (!endsSession(e)) setNotice({ intent: 'error', message: asError(e) });
    } finally {
      setBusy(false);
    }
  };

  const toggle = (kind: FactorKind, on: boolean) => setMethods((m) => (on ? [...new Set([...m, kind])] : m.filter((k) => k !== kind)));

  return (
    <Card className={styles.card} data-testid="page-policies">
      <Text as="h2" size={500} weight="semibold" className={styles.h2}>
        Policies
      </Text>
      {notice ? <ErrorMessageBar error={notice.message} intent={notice.intent} /> : null}
      {loaded ? (
        <form className={styles.form} onSubmit={save}>
          <Checkbox checked={require2fa} onChange={(_, d) => setRequire2fa(d.checked === true)} label="Require Two-Step Authentication" />
          <Text data-testid="not-enrolled">
            {loaded.notEnrolledCount === 0
              ? `All ${loaded.userCount} users have two-step authentication set up.`
              : `${loaded.notEnrolledCount} of ${loaded.userCount} users have not set up two-step authentication yet.${loaded.policy.require2fa ? ' They will be asked to at their next sign-in.' : ''}`}
          </Text>
          <fieldset className={styles.form}>
            <legend>Allowed methods</legend>
            {methodLabels.map(([kind, label]) => (
              <Checkbox key={kind} label={label} checked={methods.includes(kind)} disabled={kind === 'totp'} onChange={(_, d) => toggle(kind, d.checked === true)} />
            ))}
          </fieldset>
          <Checkbox
            checked={emailToAddinMailbox}
            disabled={!methods.includes('email')}
            onChange={(_, d) => setEmailToAddinMailbox(d.checked === true)}
            label="Allow email codes to the add-in's own mailbox"
            aria-describedby="email-to-addin-mailbox-why"
          />
          <Text id="email-to-addin-mailbox-why" size={200}>
            Off by default: an email code sent to the mailbox the Outlook add-in is open in can be read by whoever is using that
            mailbox, so it proves nothing the add-in does not already have. While this is off, the add-in offers another method
            instead; the same email codes still work in the web portal and in an add-in open on another mailbox.
          </Text>
          <fieldset className={styles.form}>
            <legend>Passkeys</legend>
            <Checkbox checked={passkeysAllowed} onChange={(_, d) => setPasskeysAllowed(d.checked === true)} label="Passkeys allowed" aria-describedby="passkeys-why" />
            <Checkbox
              checked={passkeysAllowed && requireAdminPasskey}
              disabled={!passkeysAllowed}
              onChange={(_, d) => setRequireAdminPasskey(d.checked === true)}
              label="Require a passkey for administrators"
              aria-describedby="passkeys-why"
            />
            <Text id="passkeys-why" size={200}>
              A passkey (fingerprint, face or device PIN) cannot be phished: it only answers this site. Users add one in Account
              Settings → Security. When passkeys are required for administrators, every admin action asks for a passkey first; add
              your own passkey before turning this on.
            </Text>
          </fieldset>
          <Field label="Session maximum age (hours)" hint="Sign in again (with a code) after this long, active or not. 5 minutes to 30 days.">
            <Input type="number" min={0.1} step="any" value={maxAgeHours} onChange={(_, d) => setMaxAgeHours(d.value)} />
          </Field>
          <Field label="Idle limit (minutes)" hint="Sign in again after this long without activity. At most the maximum age.">
            <Input type="number" min={1} step="any" value={idleMinutes} onChange={(_, d) => setIdleMinutes(d.value)} />
          </Field>
          <div className={styles.row}>
            <Button type="submit" appearance="primary" disabled={busy}>
              Save
            </Button>
          </div>
        </form>
      ) : null}
      {loaded ? <DefaultLanguageField initial={loaded.policy.defaultLocale} /> : null}
    </Card>
  );
}
