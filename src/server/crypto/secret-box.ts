/** AES-256-GCM for secrets at rest (TOTP seeds). Output: v1.<iv>.<tag>.<ciphertext>, base64url. */
import crypto from 'node:crypto';

export class SecretBox {
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    // A key of its own, so the encryption key is never the HMAC key.
    this.key = Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), 'axis-cloudsync/secret-box/v1', 32));
  }

  seal(plaintext: Buffer, associatedData: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associatedData));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  open(sealed: string, associatedData: string): Buffer {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('Unrecognised sealed secret');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
  }
}
