/** Bearer tokens and keyed hashes. Tokens are 256-bit random; only their hashes are stored. */
import crypto from 'node:crypto';

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function newId(): string {
  return crypto.randomUUID();
}

/** Unkeyed SHA-256 suffices for high-entropy tokens: nothing to brute-force. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export class KeyedHasher {
  private readonly key: Buffer;

  constructor(masterKey: Buffer, purpose: string) {
    this.key = Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), `axis-cloudsync/${purpose}/v1`, 32));
  }

  hash(value: string): string {
    return crypto.createHmac('sha256', this.key).update(value).digest('hex');
  }
}
