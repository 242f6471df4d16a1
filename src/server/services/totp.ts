/**
 * RFC 6238 TOTP through otpauth: SHA-1, 6 digits, 30 s, ±1 step — the
 * parameters Google Authenticator, Microsoft Authenticator and Authy honour.
 */
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';

export const totpIssuer = 'AXIS CloudSync';
export const totpPeriodSeconds = 30;
const digits = 6;
const window = 1;

/** A fresh 160-bit secret from the CSPRNG (RFC 4226 recommends 160 bits). */
export function newTotpSecret(): Buffer {
  return Buffer.from(new OTPAuth.Secret({ size: 20 }).bytes);
}

function totpFor(secret: Buffer, account = 'user'): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: totpIssuer,
    label: account,
    algorithm: 'SHA1',
    digits,
    period: totpPeriodSeconds,
    secret: OTPAuth.Secret.fromHex(secret.toString('hex')),
  });
}

export function totpStep(timestampMs: number): number {
  return Math.floor(timestampMs / 1000 / totpPeriodSeconds);
}

/**
 * The time step a code belongs to (now ±1), or null when it matches none.
 * Whether that step was already used is the caller's (atomic) business.
 */
export function matchTotpStep(secret: Buffer, code: string, timestampMs: number): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secret).validate({ token, timestamp: timestampMs, window });
  return delta === null ? null : totpStep(timestampMs) + delta;
}

export interface Provisioning {
  secretBase32: string;
  otpauthUri: string;
  qrSvg: string;
}

export async function provisioning(secret: Buffer, account: string): Promise<Provisioning> {
  const totp = totpFor(secret, account);
  const otpauthUri = totp.toString();
  const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secretBase32: totp.secret.base32, otpauthUri, qrSvg };
}

/** HOTP/TOTP code generation with explicit parameters (for RFC test vectors and tools). */
export function generateOtp(
  secret: Buffer,
  options: { counter?: number; timestampMs?: number; digits?: number; algorithm?: 'SHA1' | 'SHA256' | 'SHA512' },
): string {
  const key = OTPAuth.Secret.fromHex(secret.toString('hex'));
  const algorithm = options.algorithm ?? 'SHA1';
  if (options.counter !== undefined) {
    return OTPAuth.HOTP.generate({ secret: key, algorithm, digits: options.digits ?? digits, counter: options.counter });
  }
  return OTPAuth.TOTP.generate({
    secret: key,
    algorithm,
    digits: options.digits ?? digits,
    period: totpPeriodSeconds,
    timestamp: options.timestampMs ?? Date.now(),
  });
}
