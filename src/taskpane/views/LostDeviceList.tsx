/** The "Lost your device?" answers: loaded when the user opens them (not on the first screen). */
import { Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import { t } from '../../shared/i18n/runtime';
import { Message } from '../../ui/i18n';
import type { LostDeviceHelpProps } from './LostDeviceHelp';

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

export function LostDeviceList({ id, supportPhone, supportUrl, onUseBackupCode }: LostDeviceHelpProps & { id: string }) {
  const styles = useStyles();
  return (
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
  );
}

export default LostDeviceList;
