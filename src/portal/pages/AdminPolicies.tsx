/** Admin → Settings → Policies: "Require Two-Step Authentication", allowed methods, passkeys, session limits. */
import { Button, Card, Checkbox, Field, Input, mergeClasses, Text } from '@fluentui/react-components';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AdminPolicyResponse } from '../../shared/admin-schemas';
import type { FactorKind } from '../../shared/schemas';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import type { MessageId } from '../../shared/i18n/message-ids';
import { t } from '../../shared/i18n/runtime';
import { useLocale } from '../../ui/i18n';
import { asError, endsSession, usePortal } from '../context';
import { formatCount, noticeText, type AdminNotice } from './admin/labels';
import { useAdminStyles } from './admin/styles';
import { DefaultLanguageField } from './admin/DefaultLanguageField';
import { useSectionStyles } from './Security';

const methodLabels: [FactorKind, MessageId][] = [
  ['totp', 'admin.policies.method.totp'],
  ['sms', 'admin.method.sms'],
  ['email', 'admin.method.email'],
];

export function AdminPolicies() {
  const styles = useSectionStyles();
  const admin = useAdminStyles();
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
  const [notice, setNotice] = useState<AdminNotice | { intent: 'error'; message: ReturnType<typeof asError> } | null>(null);
  const [busy, setBusy] = useState(false);
  useLocale();

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
      setNotice({ intent: 'success', title: { id: 'admin.policies.saved.title' }, body: { id: 'admin.policies.saved.body' } });
    } catch (e) {
      if (!endsSession(e)) setNotice({ intent: 'error', message: asError(e) });
    } finally {
      setBusy(false);
    }
  };

  const toggle = (kind: FactorKind, on: boolean) => setMethods((m) => (on ? [...new Set([...m, kind])] : m.filter((k) => k !== kind)));

  return (
    <Card className={mergeClasses(styles.card, admin.wrap)} data-testid="page-policies">
      <Text as="h2" size={500} weight="semibold" className={styles.h2}>
        {t('admin.policies.heading')}
      </Text>
      {notice ? <ErrorMessageBar error={notice.intent === 'success' ? noticeText(notice) : notice.message} intent={notice.intent} /> : null}
      {loaded ? (
        <form className={styles.form} onSubmit={save}>
          <Checkbox data-testid="require-2fa" checked={require2fa} onChange={(_, d) => setRequire2fa(d.checked === true)} label={t('admin.policies.require2fa')} />
          <Text data-testid="not-enrolled">
            {loaded.notEnrolledCount === 0
              ? t('admin.policies.allEnrolled', { total: loaded.userCount })
              : t('admin.policies.notEnrolled', { total: loaded.userCount, notEnrolled: formatCount(loaded.notEnrolledCount) })}
            {loaded.notEnrolledCount > 0 && loaded.policy.require2fa ? ` ${t('admin.policies.askedNext')}` : null}
          </Text>
          <fieldset className={mergeClasses(styles.form, admin.fieldset)}>
            <legend>{t('admin.policies.methodsLegend')}</legend>
            {methodLabels.map(([kind, label]) => (
              <Checkbox key={kind} label={t(label)} checked={methods.includes(kind)} disabled={kind === 'totp'} onChange={(_, d) => toggle(kind, d.checked === true)} />
            ))}
          </fieldset>
          <Checkbox
            checked={emailToAddinMailbox}
            disabled={!methods.includes('email')}
            onChange={(_, d) => setEmailToAddinMailbox(d.checked === true)}
            label={t('admin.policies.emailToAddin')}
            aria-describedby="email-to-addin-mailbox-why"
          />
          <Text id="email-to-addin-mailbox-why" size={200}>
            {t('admin.policies.emailToAddinWhy')}
          </Text>
          <fieldset className={mergeClasses(styles.form, admin.fieldset)}>
            <legend>{t('admin.policies.passkeysLegend')}</legend>
            <Checkbox checked={passkeysAllowed} onChange={(_, d) => setPasskeysAllowed(d.checked === true)} label={t('admin.policies.passkeysAllowed')} aria-describedby="passkeys-why" />
            <Checkbox
              checked={passkeysAllowed && requireAdminPasskey}
              disabled={!passkeysAllowed}
              onChange={(_, d) => setRequireAdminPasskey(d.checked === true)}
              label={t('admin.policies.requireAdminPasskey')}
              aria-describedby="passkeys-why"
            />
            <Text id="passkeys-why" size={200}>
              {t('admin.policies.passkeysWhy')}
            </Text>
          </fieldset>
          <Field label={t('admin.policies.maxAge')} hint={t('admin.policies.maxAgeHint')}>
            <Input type="number" min={0.1} step="any" value={maxAgeHours} onChange={(_, d) => setMaxAgeHours(d.value)} />
          </Field>
          <Field label={t('admin.policies.idle')} hint={t('admin.policies.idleHint')}>
            <Input type="number" min={1} step="any" value={idleMinutes} onChange={(_, d) => setIdleMinutes(d.value)} />
          </Field>
          <div className={styles.row}>
            <Button type="submit" appearance="primary" disabled={busy} data-action="save">
              {t('admin.policies.save')}
            </Button>
          </div>
        </form>
      ) : null}
      {loaded ? <DefaultLanguageField initial={loaded.policy.defaultLocale} /> : null}
    </Card>
  );
}
