/**
 * First sign-in with a generated password (the first administrator's): the
 * portal asks for a new one before anything else. The session was just opened
 * with the password and the second step, so the current password confirms the
 * change; should the server still want a code (the sign-in is some minutes
 * old), the code fields appear.
 */
import { Button, Card, Text } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { initialSecondFactor, SecondFactorFields, usableMethods, type SecondFactorValue } from '../components/SecondFactorFields';
import { asError, endsSession, usePortal } from '../context';
import { PasswordFields } from '../components/PasswordFields';
import { t } from '../../shared/i18n/runtime';
import { codeError, say } from '../i18n';
import { Notice, useSectionStyles } from './security/common';

export function ChooseNewPassword() {
  const styles = useSectionStyles();
  const { session, me, refreshMe } = usePortal();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const methods = usableMethods(me);
  const [askCode, setAskCode] = useState(false);
  const [second, setSecond] = useState<SecondFactorValue>(() => initialSecondFactor(methods));
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      const code = askCode ? { method: second.method, code: second.code, ...(second.factorId ? { factorId: second.factorId } : {}) } : {};
      await session.api.changePassword({ currentPassword: current, newPassword: next, ...code });
      await refreshMe();
    } catch (e) {
      setSecond((s) => ({ ...s, code: '' }));
      const error = asError(e);
      if (error.code === 'invalid_request' && me.factors.length > 0 && !askCode) {
        setAskCode(true);
        setNotice({ intent: 'info', message: say('portal.firstPassword.codeToo.title', 'portal.firstPassword.codeToo.body') });
      } else if (!endsSession(e)) {
        setNotice({ intent: 'error', message: codeError(error, askCode ? second.method : undefined) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className={styles.card} aria-labelledby="choose-password-title">
      <Text as="h2" size={500} weight="semibold" id="choose-password-title" className={styles.h2}>
        {t('portal.firstPassword.heading')}
      </Text>
      <Text>{t('portal.firstPassword.intro')}</Text>
      <form className={styles.form} onSubmit={submit}>
        <Notice notice={notice} />
        <PasswordFields currentLabel={t('portal.firstPassword.current')} current={current} next={next} repeat={repeat} onCurrent={setCurrent} onNext={setNext} onRepeat={setRepeat} />
        {askCode ? (
          <SecondFactorFields
            idPrefix="choose-password"
            value={second}
            onChange={setSecond}
            allowBackup={me.backupCodesLeft > 0}
            {...methods}
            onSend={(o) => session.api.sendCode({ method: o.method, ...(o.factorId ? { factorId: o.factorId } : {}) })}
          />
        ) : null}
        <div className={styles.row}>
          <Button type="submit" appearance="primary" disabled={busy || !current || !next || next !== repeat || (askCode && !second.code)}>
            {t('portal.firstPassword.submit')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
