/**
 * One transaction, one commit, for a unit of work whose refusals must still be written: a verification
 * counts a wrong code (the reserved attempt, its audit entry, maybe a lock) even though it fails the
 * sign-in, so a refusal commits what was written before it and then reaches the caller.
 *
 * - A ServiceError (the product's deliberate refusal) or a `KeepWrites` error (keep): commit, then rethrow.
 * - Anything else (a bug, the database going away): roll back, rethrow.
 *
 * SQLite: every transaction begins IMMEDIATE (db/statement-cache.ts), so the unit holds the write lock
 * from its first statement; better-sqlite3 is synchronous and Kysely runs the unit on its one connection,
 * so the work must not await anything but `trx` inside (no hashing, no mail, no other connection).
 * PostgreSQL: the unit's first write takes the user's row lock (users first, then tokens, as everywhere).
 */
import type { Db } from '../db/database';
import { ServiceError } from './errors';

/** Thrown inside a unit to end it with an error while keeping (committing) what it wrote; `keep` false rolls back. */
export class KeepWrites extends Error {
  constructor(
    message: string,
    readonly keep = true,
  ) {
    super(message);
  }
}

export async function commitRefusals<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  const outcome = await db.transaction().execute(async (trx): Promise<{ ok: true; value: T } | { ok: false; error: Error }> => {
    try {
      return { ok: true, value: await work(trx) };
    } catch (error) {
      if (error instanceof ServiceError || (error instanceof KeepWrites && error.keep)) return { ok: false, error };
      throw error;
    }
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
