import { Button, Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useId, useState } from 'react';

const useStyles = makeStyles({
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
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
        Lost your device?
      </Button>
      {open ? (
        <div id={id} className={styles.panel} data-testid="lost-device-help">
          <ul className={styles.list}>
            <li>
              <Text>
                Use one of the backup codes you saved at setup
                {onUseBackupCode ? (
                  <>
                    {' '}
                    (<Link as="button" onClick={onUseBackupCode}>use a backup code</Link>)
                  </>
                ) : null}
                .
              </Text>
            </li>
            <li>
              <Text>Ask your AXIS CloudSync administrator to reset Two-Step Authentication for your account.</Text>
            </li>
            <li>
              <Text>
                Administrators: call AXIS CloudSync support at <Link href={`tel:${supportPhone.replace(/[^\d+]/g, '')}`}>{supportPhone}</Link>{' '}
                or use the <Link href={supportUrl} target="_blank" rel="noreferrer">Contact page</Link>.
              </Text>
            </li>
          </ul>
        </div>
      ) : null}
    </div>
  );
}
