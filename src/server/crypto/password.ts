/** argon2id with OWASP's parameters (m = 19 MiB, t = 2, p = 1). */
import { hash, verify } from '@node-rs/argon2';

const options = { algorithm: 2 /* Argon2id; the package exports a const enum */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Spent on unknown users so that their answer takes as long as a wrong password. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('axis-cloudsync-dummy-password');
  await verifyPassword(await dummyHash, password);
}

/** NIST SP 800-63B: length is what counts; no composition rules; refuse the most common choices. */
const minimumLength = 12;
const common = new Set([
  'password1234', 'passwordpassword', '123456789012', 'qwertyuiopas', 'letmeinletmein',
  'iloveyou1234', 'welcome12345', 'administrator', 'changeme1234', 'cloudsync123',
]);

export function passwordProblem(password: string, username: string): string | null {
  if ([...password].length < minimumLength) return `Use at least ${minimumLength} characters.`;
  const lower = password.toLowerCase();
  if (common.has(lower) || /^(.)\1+$/.test(password)) return 'This password is too common; choose another.';
  if (lower.includes(username.toLowerCase())) return 'The password must not contain the username.';
  return null;
}
