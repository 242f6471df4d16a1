import { Button, Text } from '@fluentui/react-components';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import { t } from '../../shared/i18n/runtime';
import { Message } from '../../ui/i18n';
import type { Gate } from '../gate/gate';
import type { GateView } from '../gate/types';
import { useLayoutStyles, ViewHeading } from './layout';
import { LostDeviceHelp } from './LostDeviceHelp';
import { unavailableMessage } from './unavailable';

/** Every method the user has is refused in the add-in: say why and where to go, instead of an empty prompt. */
export function NoMethodView({ view, gate, supportPhone, supportUrl }: {
  view: Extract<GateView, { kind: 'no-method' }>;
  gate: Gate;
  supportPhone: string;
  supportUrl: string;
}) {
  const styles = useLayoutStyles();
  return (
    <>
      <ViewHeading>{view.proofRequired ? t('pane.noMethod.proofTitle') : t('pane.noMethod.title')}</ViewHeading>
      {view.unavailable.map((u) => (
        <ErrorMessageBar key={`${u.method}-${u.factorId ?? ''}`} intent="warning" error={unavailableMessage(u)} />
      ))}
      {view.proofRequired ? (
        <Text data-testid="no-method-help">{t('pane.noMethod.proofHelp')}</Text>
      ) : (
        <Text data-testid="no-method-help">{t('pane.noMethod.help')}</Text>
      )}
      {view.accountHint ? <Text className={styles.muted}><Message id="pane.account" values={{ account: <bdi dir="ltr">{view.accountHint}</bdi> }} /></Text> : null}
      <div className={styles.row}>
        <Button appearance="primary" onClick={() => gate.usePassword()}>
          {t('pane.noMethod.back')}
        </Button>
      </div>
      <LostDeviceHelp supportPhone={supportPhone} supportUrl={supportUrl} />
    </>
  );
}
