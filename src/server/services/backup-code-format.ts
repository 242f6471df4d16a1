/**
 * Backup codes: 12 Crockford base32 characters (60 bits), shown as
 * XXXX-XXXX-XXXX. Crockford's alphabet has no I, L, O or U, and reading is
 * forgiving (O→0, I/L→1, case, spaces and dashes ignored).
 */
import crypto from 'node:crypto';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const length = 12;

export function newBackupCode(): string {
  const bytes = crypto.randomBytes(length);
  let code = '';
  for (const byte of bytes) code += alphabet[byte & 31];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** The canonical form that is hashed, or null when it cannot be a backup code. */
export function normalizeBackupCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== length) return null;
  for (const char of cleaned) if (!alphabet.includes(char)) return null;
  return cleaned;
}
