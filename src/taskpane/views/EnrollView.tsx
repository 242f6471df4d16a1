import { Button, Text } from '@fluentui/react-components';
import { Spinner } from '../../ui/LazySpinner';
import { useState, type FormEvent } from 'react';
import { BackupCodesPanel } from '../../ui/BackupCodesPanel';
import { CodeInput } from '../../ui/CodeInput';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import { TotpSetupPanel } from '../../ui/TotpSetupPanel';
import { t } from '../../shared/i18n/runtime';
import type { Gate } from '../gate/gate';
import type { GateView } from '../gate/types';
import { useLayoutStyles, ViewHeading } from './layout';
import { unavailableMessage } from './unavailable';

/** Org-required setup: QR + manual key, first code. Loaded lazily (with the QR rendering). */
export function EnrollView({ view, gate }: { view: Extract<GateView, { kind: 'enroll' }>; gate: Gate }) {
  const styles = useLayoutStyles();
  const [code, setCode] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void gate.confirmEnrollment(code).then(() => setCode(''));
  };
  return (
    <>
      <ViewHeading>{t('pane.enroll.title')}</ViewHeading>
      {view.unavailable?.map((u) => (
        <ErrorMessageBar key={`${u.method}-${u.factorId ?? ''}`} intent="info" error={unavailableMessage(u)} />
      ))}
      {view.passkeyDisallowed ? (
        <ErrorMessageBar intent="info" error={{ title: t('pane.enroll.passkeysOff.title'), body: t('pane.enroll.passkeysOff.body') }} />
      ) : null}
      <Text>{t('pane.enroll.intro')}</Text>
      {view.enrollment ? (
        <>
          <TotpSetupPanel qrSvg={view.enrollment.qrSvg} secret={view.enrollment.secret} />
          <form className={styles.form} onSubmit={submit} aria-label={t('pane.enroll.formLabel')} noValidate>
            <CodeInput value={code} onChange={setCode} label={t('pane.enroll.codeLabel')} disabled={view.busy} />
            <ErrorMessageBar error={view.error} />
            <Button appearance="primary" type="submit" disabled={view.busy || code.length < 6}>
              {view.busy ? <Spinner size="tiny" label={t('pane.enroll.checking')} /> : t('pane.enroll.verify')}
            </Button>
          </form>
        </>
      ) : view.error ? (
        <ErrorMessageBar error={view.error} action={{ label: t('common.action.tryAgain'), onClick: () => void gate.retryEnrollment() }} />
      ) : (
        <Spinner label={t('pane.enroll.preparing')} />
      )}
    </>
  );
}

export function BackupCodesView({ view, gate }: { view: Extract<GateView, { kind: 'backup-codes' }>; gate: Gate }) {
  return <BackupCodesPanel codes={view.codes} onContinue={() => gate.acknowledgeBackupCodes()} />;
}

export default EnrollView;
