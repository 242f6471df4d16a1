/**
 * Account Settings → Language: the portal's language, also used for the
 * user's emails and text messages; or the browser's languages (and the org's
 * default for messages). A change is saved (with the browser's time zone, for
 * dates in emails) and shown at once.
 */
import { LanguageOptions } from '../../components/LanguageOptions';
import { Card, Field, Select, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { chooseLocale, isShippedLocale } from '../../../shared/i18n/locales';
import { loadPortalCatalog } from '../../../shared/i18n/portal-catalog';
import { currentLocale, t } from '../../../shared/i18n/runtime';
import { useLocale } from '../../../ui/i18n';
import { asError, endsSession, usePortal } from '../../context';
import { applySavedLocale } from '../../locale';
import { Notice, useSectionStyles } from './common';

const followBrowser = 'browser';
/** As the API's TimeZone schema (src/shared/preference-schemas.ts; not imported: it would bring TypeBox into the bundle). */
const zonePattern = /^[A-Za-z0-9_+\-/]+$/;

/** The browser's IANA time zone, when it has a usable one. */
function browserTimeZone(): string | undefined {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && zone.length <= 64 && zonePattern.test(zone) ? zone : undefined;
  } catch {
    return undefined;
  }
}

export function LanguageSection() {
  useLocale();
  const styles = useSectionStyles();
  const { session, me, refreshMe } = usePortal();
  const [value, setValue] = useState<string>(me.locale ?? followBrowser);
  const [status, setStatus] = useState<'saving' | 'saved' | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  const change = async (next: string) => {
    const locale = isShippedLocale(next) ? next : null;
    setValue(next);
    setStatus('saving');
    setNotice(null);
    try {
      const timeZone = browserTimeZone();
      const saved = await session.api.setPreferences({ locale, ...(timeZone ? { timeZone } : {}) });
      // Remembered in this browser too (the next visit starts in it); shown at once, even over a ?lang= address.
      await applySavedLocale(saved.locale);
      const wanted = saved.locale ?? chooseLocale(navigator.languages);
      if (currentLocale() !== wanted) await loadPortalCatalog(wanted);
      setStatus('saved');
      await refreshMe();
    } catch (e) {
      setValue(me.locale ?? followBrowser);
      setStatus(null);
      if (!endsSession(e)) setNotice({ intent: 'error', message: asError(e) });
    }
  };

  return (
    <Card className={styles.card} aria-labelledby="language-title" data-testid="language-section">
      <Text as="h2" size={500} weight="semibold" id="language-title" className={styles.h2}>
        {t('portal.language.title')}
      </Text>
      <Notice notice={notice} />
      <div className={styles.form}>
        <Field label={t('portal.language.label')} hint={t('portal.language.hint')}>
          <Select value={value} disabled={status === 'saving'} onChange={(_, d) => void change(d.value)}>
            <option value={followBrowser}>{t('portal.language.browser')}</option>
            <LanguageOptions />
          </Select>
        </Field>
        <Text role="status" size={200}>
          {status === 'saving' ? t('portal.language.saving') : status === 'saved' ? t('portal.language.saved') : ''}
        </Text>
      </div>
    </Card>
  );
}
