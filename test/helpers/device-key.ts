/**
 * A key-bound device for API tests, made as the add-in makes one: a
 * non-extractable WebCrypto ECDSA P-256 key (Node's WebCrypto), its public
 * key sent at registration, the server's challenge signed at each sign-in.
 */
import { webcrypto } from 'node:crypto';
import { deviceProofMessage } from '../../src/shared/device-proof';
import type { ApiClient } from '../../src/shared/api-client';
import type { DevicePublicKey, SignInResponse } from '../../src/shared/schemas';

export interface DeviceKey {
  publicKey: DevicePublicKey;
  sign(challenge: string): Promise<string>;
}

export async function newDeviceKey(): Promise<DeviceKey> {
  const pair = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const jwk = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
  return {
    publicKey: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! },
    async sign(challenge) {
      const signature = await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, deviceProofMessage(challenge));
      return Buffer.from(signature).toString('base64url');
    },
  };
}

/** Challenge, signature, device sign-in: what the add-in does at a new Outlook session. */
export async function signInWithKey(client: ApiClient, registrationId: string, key: DeviceKey, mailbox?: string): Promise<SignInResponse> {
  const { challenge } = await client.deviceChallenge({ registrationId });
  return client.signInWithDevice({ registrationId, challenge, signature: await key.sign(challenge), ...(mailbox ? { mailbox } : {}) });
}
