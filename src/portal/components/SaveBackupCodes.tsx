/** Backup codes shown once: the shared panel (copy, download .txt, print, "I saved them"). */
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { t } from '../../shared/i18n/runtime';
import { BackupCodesPanel } from '../../ui/BackupCodesPanel';

const useStyles = makeStyles({ stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '560px' } });

export function SaveBackupCodes({ codes, onDone, continueLabel }: { codes: string[]; onDone: () => void; continueLabel?: string }) {
  const styles = useStyles();
  return (
    <div className={styles.stack} data-testid="save-backup-codes">
      <BackupCodesPanel
        codes={codes}
        onContinue={onDone}
        continueLabel={continueLabel}
        extraActions={
          <Button data-print-hide onClick={() => window.print()}>
            {t('portal.backupCodes.print')}
          </Button>
        }
      />
    </div>
  );
}
