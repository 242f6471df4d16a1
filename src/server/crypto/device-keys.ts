/**
 * Key-bound device registrations: the device's public key (JWK, ECDSA P-256)
 * and the one-time challenges it signs. Challenges are stateless — an HMAC
 * over (registration, issue time, nonce) with a key of their own — so issuing
 * one costs no database write and reveals nothing about the registration;
 * its nonce, stored once used, makes each one good for one sign-in.
 */
import crypto from 'node:crypto';
import type { DevicePublicKey } from '../../shared/schemas';
import { deviceProofMessage } from '../../shared/device-proof';
import { randomBytes } from './tokens';

/** Parses the key the client sent; null when it is not a valid P-256 point. */
export function importDevicePublicKey(jwk: DevicePublicKey): crypto.KeyObject | null {
  try {
    const key = crypto.createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: 'jwk' });
    return key.asymmetricKeyType === 'ec' ? key : null;
  } catch {
    return null;
  }
}

/** True when `signature` (IEEE P1363, base64url) signs this challenge's message under the stored key (JWK JSON). */
export function verifyDeviceProof(publicKeyJson: string, challenge: string, signature: string): boolean {
  try {
    const key = importDevicePublicKey(JSON.parse(publicKeyJson) as DevicePublicKey);
    if (!key) return false;
    return crypto.verify('sha256', deviceProofMessage(challenge), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** How far apart API instances' clocks may be. */
const clockSkewMs = 60_000;

export class DeviceChallenges {
  private readonly key: Buffer;

  constructor(masterKey: Buffer, private readonly ttlMs: number) {
    this.key = Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'axis-cloudsync/device-challenge/v1', 32));
  }

  issue(registrationId: string, now: number): { challenge: string; expiresAt: number } {
    const body = `v1.${registrationId}.${now}.${randomBytes(16).toString('base64url')}`;
    return { challenge: `${body}.${this.mac(body)}`, expiresAt: now + this.ttlMs };
  }

  /** The challenge's nonce and expiry when it is ours, for this registration and still fresh; otherwise null. */
  open(challenge: string, registrationId: string, now: number): { nonce: string; expiresAt: number } | null {
    const cut = challenge.lastIndexOf('.');
    if (cut < 0) return null;
    const body = challenge.slice(0, cut);
    const mac = Buffer.from(challenge.slice(cut + 1), 'base64url');
    const expected = Buffer.from(this.mac(body), 'base64url');
    if (mac.length !== expected.length || !crypto.timingSafeEqual(mac, expected)) return null;
    const [version, id, issued, nonce] = body.split('.');
    const issuedAt = Number(issued);
    if (version !== 'v1' || id !== registrationId || !nonce || !Number.isSafeInteger(issuedAt)) return null;
    // Instances' clocks may differ a little: a challenge from a moment "ahead" is still fresh.
    if (issuedAt - now > clockSkewMs || now - issuedAt > this.ttlMs) return null;
    return { nonce, expiresAt: issuedAt + this.ttlMs };
  }

  private mac(body: string): string {
    return crypto.createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
