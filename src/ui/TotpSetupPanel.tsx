import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { t } from '../shared/i18n/runtime';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  qr: {
    width: '180px',
    height: '180px',
    alignSelf: 'center',
    backgroundColor: '#ffffff',
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
  },
  key: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase300,
    wordBreak: 'break-all',
    backgroundColor: tokens.colorNeutralBackground3,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
  },
});

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP" (easier to type). */
export function groupKey(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})/g, '$1 ').trim();
}

export interface TotpSetupPanelProps {
  qrSvg: string;
  secret: string;
  account?: string;
}

/**
 * Step 1 of authenticator setup: the QR code (rendered as an image, so the
 * server's SVG never runs as markup) and the manual key.
 */
export function TotpSetupPanel({ qrSvg, secret, account }: TotpSetupPanelProps) {
  const styles = useStyles();
  const [status, setStatus] = useState('');
  const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qrSvg)}`;
  return (
    <div className={styles.stack}>
      <Text>{account ? t('common.totp.scanFor', { account }) : t('common.totp.scan')}</Text>
      <img className={styles.qr} src={src} alt={t('common.totp.qrAlt')} data-testid="totp-qr" />
      <Text>{t('common.totp.manual')}</Text>
      <code className={styles.key} aria-label={t('common.totp.keyLabel')} data-testid="totp-secret" dir="ltr">
        {groupKey(secret)}
      </code>
      <Button
        size="small"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(secret);
            setStatus(t('common.totp.keyCopied'));
          } catch {
            setStatus(t('common.totp.copyBlocked'));
          }
        }}
      >
        {t('common.totp.copyKey')}
      </Button>
      <div role="status" aria-live="polite">
        {status}
      </div>
    </div>
  );
}
