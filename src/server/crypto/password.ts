/** argon2id with OWASP's parameters (m = 19 MiB, t = 2, p = 1). */
import { hash, verify } from '@node-rs/argon2';
import { isCommonPassword } from './common-passwords';
import type { MessageDescriptor } from '../../shared/i18n/message-ids';
import { translator } from '../i18n/translator';

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

/** NIST SP 800-63B: length is what counts; no composition rules; refuse common, breached and expected choices. */
const minimumLength = 12;
/** Words of this service: a password built on them is an expected choice. */
const serviceWords = ['cloudsync', 'axiscloud'];

/** Why a password is refused, as a message in the server section (`null` when it is fine). */
export async function passwordRefusal(password: string, username: string): Promise<MessageDescriptor | null> {
  if ([...password].length < minimumLength) return { id: 'server.error.password.tooShort', values: { min: minimumLength } };
  const lower = password.toLowerCase();
  const localPart = username.toLowerCase().split('@')[0] ?? '';
  if (lower.includes(username.toLowerCase()) || (localPart.length >= 4 && lower.includes(localPart))) {
    return { id: 'server.error.password.containsUsername' };
  }
  if (/^(.)\1+$/u.test(password) || serviceWords.some((word) => lower.includes(word)) || (await isCommonPassword(password))) {
    return { id: 'server.error.password.common' };
  }
  return null;
}

/** passwordRefusal in English words. */
export async function passwordProblem(password: string, username: string): Promise<string | null> {
  const refusal = await passwordRefusal(password, username);
  return refusal && translator('en')(refusal.id, refusal.values);
}
