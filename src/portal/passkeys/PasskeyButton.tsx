/**
 * One button for every passkey ceremony in the portal: ask the server for
 * options, let the browser's passkey prompt sign them, hand the answer back.
 * The caller says what the options and the answer are for (sign-in without a
 * username, the second step, a step-up).
 */
import { Button, type ButtonProps } from '@fluentui/react-components';
import { useState } from 'react';
import type { PasskeyOptionsResponse } from '../../shared/passkey-schemas';
import { asError } from '../context';
import { passkeyProblem, passkeysSupported, assertWithPasskey, type AuthenticationResponseJSON } from './webauthn';

export interface PasskeyButtonProps {
  label: string;
  appearance?: ButtonProps['appearance'];
  options: () => Promise<PasskeyOptionsResponse>;
  submit: (response: AuthenticationResponseJSON) => Promise<void>;
  /** A refusal from the server (its code and message) or the browser's own (code `passkey_browser`). */
  onError: (error: ReturnType<typeof asError>) => void;
  onStart?: () => void;
  testId?: string;
}

export function PasskeyButton({ label, appearance = 'primary', options, submit, onError, onStart, testId }: PasskeyButtonProps) {
  const [busy, setBusy] = useState(false);
  if (!passkeysSupported()) return null;
  const run = async () => {
    setBusy(true);
    onStart?.();
    try {
      const { options: request } = await options();
      let response: AuthenticationResponseJSON;
      try {
        response = await assertWithPasskey(request);
      } catch (error) {
        onError({ code: 'passkey_browser', message: passkeyProblem(error) });
        return;
      }
      await submit(response);
    } catch (error) {
      onError(asError(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button type="button" appearance={appearance} disabled={busy} onClick={() => void run()} data-testid={testId}>
      {label}
    </Button>
  );
}
