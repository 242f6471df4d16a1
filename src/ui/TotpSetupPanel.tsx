import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';

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
      <Text>
        Open Google Authenticator, Microsoft Authenticator or Authy, add an account, and scan this code
        {account ? ` for ${account}` : ''}.
      </Text>
      <img className={styles.qr} src={src} alt="QR code to add AXIS CloudSync to your authenticator app" data-testid="totp-qr" />
      <Text>Can&apos;t scan? Enter this key in the app (time-based, 6 digits):</Text>
      <code className={styles.key} aria-label="Setup key" data-testid="totp-secret">
        {groupKey(secret)}
      </code>
      <Button
        size="small"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(secret);
            setStatus('Key copied.');
          } catch {
            setStatus('Copying is blocked here; select the key and copy it.');
          }
        }}
      >
        Copy key
      </Button>
      <div role="status" aria-live="polite">
        {status}
      </div>
    </div>
  );
}
