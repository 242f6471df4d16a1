/**
 * The sign-in page's passkey parts: "Sign in with a passkey" (no username: a
 * passkey that verifies the user opens a session on its own) and, after the
 * password, "Use your passkey" offered before typed codes when the user has one.
 */
import { Text } from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient } from '../../shared/api-client';
import { PasskeyClient } from '../../shared/passkey-client';
import type { PasskeyOptionsResponse } from '../../shared/passkey-schemas';
import type { SessionGrant } from '../../shared/schemas';
import { t } from '../../shared/i18n/runtime';
import type { asError } from '../context';
import { PasskeyButton } from './PasskeyButton';
import { passkeysSupported } from './webauthn';

type Fail = (error: ReturnType<typeof asError>) => void;

export function PasskeySignInOption({ api, onSignedIn, onError, onStart }: { api: ApiClient; onSignedIn: (grant: SessionGrant) => void; onError: Fail; onStart: () => void }) {
  const passkeys = useMemo(() => new PasskeyClient(api), [api]);
  if (!passkeysSupported()) return null;
  return (
    <>
      <Text align="center">{t('portal.signIn.or')}</Text>
      <PasskeyButton
        label={t('portal.signIn.withPasskey')}
        appearance="secondary"
        testId="sign-in-passkey"
        options={() => passkeys.signInOptions()}
        submit={async (response) => {
          const result = await passkeys.signIn({ response });
          if (result.session) onSignedIn(result.session);
        }}
        onError={onError}
        onStart={onStart}
      />
    </>
  );
}

/**
 * After the password: asks the server for the user's passkey options once (a 409 means no passkey: nothing is
 * shown). The first press uses those options; a retry asks for fresh ones (each challenge works once).
 */
export function PasskeySecondStep({ api, pendingToken, onSignedIn, onError, onAvailable }: { api: ApiClient; pendingToken: string; onSignedIn: (grant: SessionGrant) => void; onError: Fail; onAvailable?: (available: boolean) => void }) {
  const passkeys = useMemo(() => new PasskeyClient(api), [api]);
  const [first, setFirst] = useState<PasskeyOptionsResponse | null>(null);
  const [available, setAvailable] = useState(false);
  // Options are fetched once per pending sign-in; the parent's latest callback is told the outcome.
  const onAvailableRef = useRef(onAvailable);
  onAvailableRef.current = onAvailable;
  useEffect(() => {
    if (!passkeysSupported()) return;
    let live = true;
    passkeys.verifyOptions(pendingToken).then(
      (options) => {
        if (!live) return;
        setFirst(options);
        setAvailable(true);
        onAvailableRef.current?.(true);
      },
      () => onAvailableRef.current?.(false),
    );
    return () => {
      live = false;
    };
  }, [passkeys, pendingToken]);
  if (!available) return null;
  return (
    <>
      <Text>{t('portal.passkey.secondStepHelp')}</Text>
      <PasskeyButton
        label={t('portal.passkey.use')}
        testId="sign-in-passkey-second-step"
        options={async () => {
          if (first) {
            setFirst(null);
            return first;
          }
          return passkeys.verifyOptions(pendingToken);
        }}
        submit={async (response) => {
          const { session } = await passkeys.verify(pendingToken, { response });
          onSignedIn(session);
        }}
        onError={onError}
      />
      <Text>{t('portal.passkey.orCode')}</Text>
    </>
  );
}
