/**
 * SECRET_KEY rotation (`npm run admin -- rotate-key`). In one transaction:
 * every sealed value (the TOTP secrets) is opened with the old key and sealed
 * again with the new one, then the key check value becomes the new key's, so
 * an instance still on the old key refuses to start.
 *
 * Keyed hashes cannot be recomputed (the codes behind them are not stored):
 * - backup codes: still accepted under the old key while SECRET_KEY_PREVIOUS is
 *   set on the instances (services/factors.ts); a regenerated set is under the
 *   new key. The result counts the users who have such codes.
 * - delivered codes and device challenges: minutes long; those in flight fail
 *   once and the user asks for a new one.
 * - username and destination hashes (rate-limit buckets, audit): start afresh.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { keyCheckValue, recordKeyCheck } from './key-check';
import { SecretBox } from './secret-box';

export class KeyRotationError extends Error {}

export interface KeyRotationResult {
  /** Sealed values (TOTP secrets) re-sealed under the new key. */
  resealed: number;
  /** Users with unused backup codes made under the old key: they work while SECRET_KEY_PREVIOUS is set. */
  usersWithOldBackupCodes: number;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export async function rotateSecretKey(db: Kysely<Database>, oldKey: Buffer, newKey: Buffer, now = Date.now()): Promise<KeyRotationResult> {
  if (oldKey.equals(newKey)) throw new KeyRotationError('the new SECRET_KEY is the same as the old key: make a new one with `openssl rand -hex 32`');
  const row = await db.selectFrom('deployment_settings').select('value').where('name', '=', 'key_check').executeTakeFirst();
  if (!row) throw new KeyRotationError('this database has no key check value yet: start the server once with its current SECRET_KEY first');
  if (same(row.value, keyCheckValue(newKey))) throw new KeyRotationError('this database is already under the new SECRET_KEY (nothing to do)');
  if (!same(row.value, keyCheckValue(oldKey))) {
    throw new KeyRotationError('the old key (SECRET_KEY_PREVIOUS or --old-key-file) is not the key this database was set up with (its key check value differs)');
  }
  const oldBox = new SecretBox(oldKey);
  const newBox = new SecretBox(newKey);
  const resealed = await db.transaction().execute(async (trx) => {
    const sealed = await trx.selectFrom('factors').select(['id', 'secret_enc']).where('secret_enc', 'is not', null).execute();
    for (const factor of sealed) {
      const secret = oldBox.open(factor.secret_enc!, factor.id);
      await trx.updateTable('factors').set({ secret_enc: newBox.seal(secret, factor.id) }).where('id', '=', factor.id).execute();
      secret.fill(0);
    }
    await recordKeyCheck(trx, newKey, now);
    return sealed.length;
  });
  const users = await db
    .selectFrom('backup_codes')
    .select((eb) => eb.fn.count<number>('user_id').distinct().as('n'))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return { resealed, usersWithOldBackupCodes: Number(users?.n ?? 0) };
}
