import { Button, Checkbox, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { t } from '../shared/i18n/runtime';

const useStyles = makeStyles({
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalM,
    margin: 0,
    listStyleType: 'none',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase300,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export interface BackupCodesPanelProps {
  codes: string[];
  /** Called after the user confirms they saved the codes. */
  onContinue: () => void;
  continueLabel?: string;
  fileName?: string;
  /** More buttons beside Copy and Download (the portal's Print). */
  extraActions?: ReactNode;
}

/** Backup codes shown once: copy, download, and "I saved them" before continuing. */
export function BackupCodesPanel({ codes, onContinue, continueLabel, fileName = 'axis-cloudsync-backup-codes.txt', extraActions }: BackupCodesPanelProps) {
  const styles = useStyles();
  const [saved, setSaved] = useState(false);
  const [status, setStatus] = useState('');
  const text = [t('common.backup.fileTitle'), t('common.backup.fileOnce'), '', ...codes, ''].join('\n');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus(t('common.backup.copied'));
    } catch {
      setStatus(t('common.backup.copyBlocked'));
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setStatus(t('common.backup.downloaded'));
  };

  return (
    <section className={styles.stack} aria-labelledby="backup-codes-title">
      <Text as="h2" size={500} weight="semibold" id="backup-codes-title">
        {t('common.backup.title')}
      </Text>
      <Text>{t('common.backup.intro')}</Text>
      <ul className={styles.list} aria-label={t('common.backup.listLabel')} data-testid="backup-codes" dir="ltr">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className={styles.row}>
        <Button onClick={copy}>{t('common.backup.copy')}</Button>
        <Button onClick={download}>{t('common.backup.download')}</Button>
        {extraActions}
      </div>
      <div role="status" aria-live="polite">
        {status}
      </div>
      <Checkbox checked={saved} onChange={(_, d) => setSaved(d.checked === true)} label={t('common.backup.saved')} />
      <Button appearance="primary" disabled={!saved} onClick={onContinue} data-testid="backup-codes-continue">
        {continueLabel ?? t('common.backup.continue')}
      </Button>
    </section>
  );
}
