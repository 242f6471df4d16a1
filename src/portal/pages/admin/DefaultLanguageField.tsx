/**
 * Admin → Policies: the organization's default language for emails and text
 * messages (users who chose none in Account Settings get it). Saved on change.
 */
import { LanguageOptions } from '../../components/LanguageOptions';
import { Field, Select, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { isShippedLocale, type ShippedLocale } from '../../../shared/i18n/locales';
import { t } from '../../../shared/i18n/runtime';
import { ErrorMessageBar } from '../../../ui/ErrorMessageBar';
import { useLocale } from '../../../ui/i18n';
import { asError, endsSession, usePortal } from '../../context';

const useStyles = makeStyles({
  field: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '420px' },
});

export function DefaultLanguageField({ initial }: { initial: ShippedLocale }) {
  useLocale();
  const styles = useStyles();
  const { session, withStepUp } = usePortal();
  const [value, setValue] = useState<ShippedLocale>(initial);
  const [status, setStatus] = useState<'saving' | 'saved' | null>(null);
  const [error, setError] = useState<ReturnType<typeof asError> | null>(null);

  const change = async (next: string) => {
    if (!isShippedLocale(next)) return;
    const before = value;
    setValue(next);
    setStatus('saving');
    setError(null);
    try {
      const saved = await withStepUp(() => session.admin.setPolicy({ defaultLocale: next }));
      if (!saved) {
        setValue(before);
        setStatus(null);
        return;
      }
      setValue(saved.policy.defaultLocale);
      setStatus('saved');
    } catch (e) {
      setValue(before);
      setStatus(null);
      if (!endsSession(e)) setError(asError(e));
    }
  };

  return (
    <div className={styles.field} data-testid="default-language">
      {error ? <ErrorMessageBar error={error} intent="error" /> : null}
      <Field label={t('admin.defaultLanguage.label')} hint={t('admin.defaultLanguage.hint')}>
        <Select value={value} disabled={status === 'saving'} onChange={(_, d) => void change(d.value)}>
          <LanguageOptions />
        </Select>
      </Field>
      <Text role="status" size={200}>
        {status === 'saving' ? t('admin.defaultLanguage.saving') : status === 'saved' ? t('admin.defaultLanguage.saved') : ''}
      </Text>
    </div>
  );
}
