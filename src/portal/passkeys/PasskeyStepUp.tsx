/**
 * The step-up dialog's passkey option, offered first when the user has a passkey:
 * a passkey that verifies the user stands for the password and the code (and
 * is what an organization that requires passkeys for administrators asks for).
 */
import { Text } from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../../shared/api-client';
import { PasskeyClient } from '../../shared/passkey-client';
import { t } from '../../shared/i18n/runtime';
import type { asError } from '../context';
import { PasskeyButton } from './PasskeyButton';
import { passkeysSupported } from './webauthn';

export function PasskeyStepUp({ api, open, onDone, onError, alone = false }: { api: ApiClient; open: boolean; onDone: () => void; onError: (error: ReturnType<typeof asError>) => void; alone?: boolean }) {
  const passkeys = useMemo(() => new PasskeyClient(api), [api]);
  const [has, setHas] = useState(false);
  useEffect(() => {
    if (!open || !passkeysSupported()) return;
    let live = true;
    passkeys.list().then(
      (r) => live && setHas(r.allowed && r.passkeys.length > 0),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [open, passkeys]);
  if (!has) return null;
  return (
    <>
      <PasskeyButton
        label={t('portal.passkey.use')}
        testId="step-up-passkey"
        options={() => passkeys.stepUpOptions()}
        submit={async (response) => {
          await passkeys.stepUp({ response });
          onDone();
        }}
        onError={onError}
      />
      {alone ? null : <Text>{t('portal.passkey.orPassword')}</Text>}
    </>
  );
}
