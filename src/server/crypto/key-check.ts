/**
 * The key check value: a keyed hash of a constant under SECRET_KEY, stored in
 * the database at the first start. An instance whose key gives another value
 * refuses to start (every code, seed and token would fail on it otherwise).
 * The value reveals nothing of the key (HMAC-SHA256 under a derived key).
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

const settingName = 'key_check';

export function keyCheckValue(secretKey: Buffer): string {
  const checkKey = Buffer.from(crypto.hkdfSync('sha256', secretKey, Buffer.alloc(0), 'axis-cloudsync/key-check/v1', 32));
  return `v1:${crypto.createHmac('sha256', checkKey).update('AXIS CloudSync key check').digest('base64url')}`;
}

export class KeyMismatchError extends Error {
  constructor() {
    super(
      'SECRET_KEY does not match the key this database was set up with (its key check value differs). ' +
        'Start every instance with the same SECRET_KEY as the others (a missing SECRET_KEY makes a new key in DATA_DIR/secret.key); ' +
        'see "Key management" in docs/deployment.md.',
    );
    this.name = 'KeyMismatchError';
  }
}

/**
 * Records the check value when the database has none (first start, or the first
 * start of this version), else compares: throws KeyMismatchError on a mismatch.
 */
export async function verifyKeyCheck(db: Kysely<Database>, secretKey: Buffer, now = Date.now()): Promise<'recorded' | 'matched'> {
  const value = keyCheckValue(secretKey);
  const inserted = await db
    .insertInto('deployment_settings')
    .values({ name: settingName, value, updated_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return 'recorded';
  const row = await db.selectFrom('deployment_settings').select('value').where('name', '=', settingName).executeTakeFirstOrThrow();
  const stored = Buffer.from(row.value);
  const ours = Buffer.from(value);
  if (stored.length !== ours.length || !crypto.timingSafeEqual(stored, ours)) throw new KeyMismatchError();
  return 'matched';
}

/** After a key rotation: the new key's check value replaces the old one. */
export async function recordKeyCheck(db: Kysely<Database>, secretKey: Buffer, now = Date.now()): Promise<void> {
  await db.updateTable('deployment_settings').set({ value: keyCheckValue(secretKey), updated_at: now }).where('name', '=', settingName).execute();
}
