import { Button, Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useId, useState } from 'react';
import { t } from '../../shared/i18n/runtime';
import { Message } from '../../ui/i18n';

const useStyles = makeStyles({
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

export interface LostDeviceHelpProps {
  supportPhone: string;
  supportUrl: string;
  /** Switches the code prompt to backup codes, when offered. */
  onUseBackupCode?: () => void;
}

/** "Lost your device?": backup code, administrator, or AXIS CloudSync support. */
export function LostDeviceHelp({ supportPhone, supportUrl, onUseBackupCode }: LostDeviceHelpProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const styles = useStyles();
  return (
    <div>
      <Button appearance="transparent" size="small" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {t('pane.lost.toggle')}
      </Button>
      {open ? (
        <div id={id} className={styles.panel} data-testid="lost-device-help">
          <ul className={styles.list}>
            <li>
              <Text>
                {onUseBackupCode ? (
                  <Message id="pane.lost.backupWithLink" values={{ link: <Link as="button" onClick={onUseBackupCode}>{t('pane.lost.backupLink')}</Link> }} />
                ) : (
                  t('pane.lost.backup')
                )}
              </Text>
            </li>
            <li>
              <Text>{t('pane.lost.admin')}</Text>
            </li>
            <li>
              <Text>
                <Message
                  id="pane.lost.support"
                  values={{
                    phone: (
                      <Link href={`tel:${supportPhone.replace(/[^\d+]/g, '')}`} dir="ltr">
                        {supportPhone}
                      </Link>
                    ),
                    contact: (
                      <Link href={supportUrl} target="_blank" rel="noreferrer">
                        {t('pane.lost.contact')}
                      </Link>
                    ),
                  }}
                />
              </Text>
            </li>
          </ul>
        </div>
      ) : null}
    </div>
  );
}
