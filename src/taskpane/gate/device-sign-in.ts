/**
 * A key-bound device's sign-in: ask the server for a one-time challenge, sign
 * it with this registration's private key, send both. Shared by the gate and
 * the boot module (which starts it while the pane's bundle loads).
 */
import { ErrorCode } from '../../shared/errors';
import { deviceProofMessage } from '../../shared/device-proof';
import type { SignInResponse } from '../../shared/schemas';
import type { DeviceKeyPort, DeviceRegistration, GateApi } from './types';

/** The key is gone from this device (storage cleared): the registration is of no use here any more. */
export class DeviceKeyMissing extends Error {
  readonly code = ErrorCode.credentialsChanged;
  constructor() {
    super('This device no longer holds its sign-in key. Sign in with your password.');
  }
}

export async function signInWithDeviceKey(
  api: Pick<GateApi, 'deviceChallenge' | 'signInWithDevice'>,
  keys: Pick<DeviceKeyPort, 'sign' | 'preload'>,
  device: Pick<DeviceRegistration, 'registrationId' | 'mailbox'>,
): Promise<SignInResponse> {
  keys.preload?.(device.registrationId); // storage is read while the challenge travels
  const { challenge } = await api.deviceChallenge({ registrationId: device.registrationId });
  const signature = await keys.sign(device.registrationId, deviceProofMessage(challenge));
  if (!signature) throw new DeviceKeyMissing();
  return api.signInWithDevice({
    registrationId: device.registrationId,
    challenge,
    signature,
    // The mailbox the add-in runs in (the caller checked it is the registered one).
    ...(device.mailbox ? { mailbox: device.mailbox } : {}),
  });
}
