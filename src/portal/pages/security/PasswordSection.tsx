/** Security → Password: change it with the current password and a second factor. */
import { Button, Card, Text } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import { initialSecondFactor, SecondFactorFields, usableMethods, type SecondFactorValue } from '../../components/SecondFactorFields';
import { asError, endsSession, usePortal } from '../../context';
import { PasswordFields } from '../../components/PasswordFields';
import { t } from '../../../shared/i18n/runtime';
import { codeError, say } from '../../i18n';
import { useSectionStyles, Notice } from './common';

export function PasswordSection() {
  const styles = useSectionStyles();
  const { session, me, refreshMe, withStepUp } = usePortal();
  // Code methods: a code goes with the password. A passkey-only user confirms with the passkey (the step-up dialog) instead.
  const codes = me.factors.length > 0;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const methods = usableMethods(me);
  const [second, setSecond] = useState<SecondFactorValue>(() => initialSecondFactor(methods));
  // Methods added or removed above: start again from the user's first method.
  const methodsKey = JSON.stringify(methods);
  useEffect(() => setSecond(initialSecondFactor(JSON.parse(methodsKey) as typeof methods)), [methodsKey]);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      const body = { currentPassword: current, newPassword: next, ...(codes ? { method: second.method, code: second.code, ...(second.factorId ? { factorId: second.factorId } : {}) } : {}) };
      const changed = await withStepUp(async () => {
        await session.api.changePassword(body);
        return true;
      });
      if (!changed) return;
      setCurrent('');
      setNext('');
      setRepeat('');
      setSecond(initialSecondFactor(methods));
      setNotice({ intent: 'success', message: say('portal.password.changed.title', 'portal.password.changed.body') });
      await refreshMe();
    } catch (e) {
      setSecond((s) => ({ ...s, code: '' }));
      if (!endsSession(e)) setNotice({ intent: 'error', message: codeError(asError(e), codes ? second.method : undefined) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className={styles.card} aria-labelledby="password-title">
      <Text as="h2" size={500} weight="semibold" id="password-title" className={styles.h2}>
        {t('portal.password.heading')}
      </Text>
      <form className={styles.form} onSubmit={submit}>
        <Notice notice={notice} />
        <PasswordFields currentLabel={t('portal.password.current')} current={current} next={next} repeat={repeat} onCurrent={setCurrent} onNext={setNext} onRepeat={setRepeat} />
        {codes ? (
          <SecondFactorFields
            idPrefix="password"
            value={second}
            onChange={setSecond}
            allowBackup={me.backupCodesLeft > 0}
            {...methods}
            onSend={(o) => session.api.sendCode({ method: o.method, ...(o.factorId ? { factorId: o.factorId } : {}) })}
          />
        ) : null}
        <div className={styles.row}>
          <Button type="submit" appearance="primary" disabled={busy || !current || !next || next !== repeat || (codes && !second.code)}>
            {t('portal.password.submit')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
