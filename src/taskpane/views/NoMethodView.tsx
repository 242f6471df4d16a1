import { Button, Text } from '@fluentui/react-components';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
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
      <ViewHeading>{view.proofRequired ? 'Confirm it’s you in the web portal' : 'No way to get a code here'}</ViewHeading>
      {view.unavailable.map((u) => (
        <ErrorMessageBar key={`${u.method}-${u.factorId ?? ''}`} intent="warning" error={unavailableMessage(u)} />
      ))}
      {view.proofRequired ? (
        <Text data-testid="no-method-help">
          Your organization no longer allows the Two-Step Authentication methods you set up, so you need a new one. To protect your
          account, your password alone cannot set it up: sign in to the AXIS CloudSync web portal, confirm it’s you with a method you
          already have (it still works for this) or a backup code, then set up the new method there. If you have none of them, ask your
          AXIS CloudSync administrator to reset Two-Step Authentication for your account.
        </Text>
      ) : (
        <Text data-testid="no-method-help">
          None of your Two-Step Authentication methods can be used in this add-in. Set up an authenticator app or text messages in
          Account Settings → Security of the AXIS CloudSync web portal, or ask your AXIS CloudSync administrator to reset Two-Step
          Authentication for your account.
        </Text>
      )}
      {view.accountHint ? <Text className={styles.muted}>Account: {view.accountHint}</Text> : null}
      <div className={styles.row}>
        <Button appearance="primary" onClick={() => gate.usePassword()}>
          Back to sign-in
        </Button>
      </div>
      <LostDeviceHelp supportPhone={supportPhone} supportUrl={supportUrl} />
    </>
  );
}
