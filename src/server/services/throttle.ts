/**
 * Failed second-factor attempts, per account, across every method, pending
 * token, instance and address. An attempt is *reserved* (counted) before the
 * code is checked, in one conditional update, so parallel guesses cannot
 * slip past the delay or the lock; a success clears the count.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database';
import { prepared } from '../db/prepared';
import type { Clock } from './clock';
import type { Limits } from './limits';

/** `delayMs`: how long the next attempt must wait should this one fail. */
export type Reservation = { ok: true; attempt: number; delayMs: number } | { ok: false; retryAfter: number; locked: boolean };

export class SecondFactorThrottle {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly limits: Limits,
  ) {}

  /** The wrong code (1-based, in a row) after which the pauses between tries start. */
  get delayFromFailure(): number {
    return this.limits.delayFromFailure;
  }

  /** Compiled once (db/prepared.ts): every verification runs the reservation. */
  private readonly statements = {
    // The shift is 2^(n - delayFromFailure), portable across SQLite and PostgreSQL.
    reserve: prepared(['userId', 'now', 'delayFromFailure', 'delayBaseMs'], (db, $) =>
      db
        .updateTable('users')
        .set({
          failed_2fa: sql`failed_2fa + 1`,
          next_2fa_at: sql`case when failed_2fa + 1 >= ${$('delayFromFailure')}
            then cast(${$('now')} as bigint) + cast(${$('delayBaseMs')} as bigint) * (1 << (failed_2fa + 1 - ${$('delayFromFailure')}))
            else 0 end`,
        })
        .where('id', '=', $('userId'))
        .where('lock_until', '<=', $('now'))
        .where('next_2fa_at', '<=', $('now'))
        .returning('failed_2fa'),
    ),
    state: prepared(['userId'], (db, $) => db.selectFrom('users').select(['lock_until', 'next_2fa_at']).where('id', '=', $('userId'))),
  };

  /** Delay imposed after the n-th consecutive failure: none before `delayFromFailure`, then doubling. */
  private delayAfter(attempt: number): number {
    const { delayFromFailure, delayBaseMs } = this.limits;
    return attempt < delayFromFailure ? 0 : delayBaseMs * 2 ** (attempt - delayFromFailure);
  }

  /**
   * `db` may be a transaction: then this conditional UPDATE is its first write and takes the user's row lock
   * (PostgreSQL) — the lock every later write of a verification waits behind, users first.
   */
  async reserve(userId: string, db: Db = this.db): Promise<Reservation> {
    const now = this.clock.now();
    const { delayFromFailure, delayBaseMs } = this.limits;
    // Attempt n (1-based) may be followed by the next one only after delayAfter(n).
    const row = await this.statements.reserve.first(db, { userId, now, delayFromFailure, delayBaseMs });
    if (row) return { ok: true, attempt: Number(row.failed_2fa), delayMs: this.delayAfter(Number(row.failed_2fa)) };
    const state = await this.statements.state.first(db, { userId });
    const until = Math.max(state?.lock_until ?? 0, state?.next_2fa_at ?? 0);
    return { ok: false, retryAfter: Math.max(1, Math.ceil((until - now) / 1000)), locked: (state?.lock_until ?? 0) > now };
  }

  /** After a wrong code: locks the account when this was the last allowed attempt. Answers the lock's length in ms, or 0. */
  async failed(userId: string, attempt: number, db: Db = this.db): Promise<number> {
    if (attempt < this.limits.lockAfterFailures) return 0;
    const user = await db.selectFrom('users').select('lock_level').where('id', '=', userId).executeTakeFirst();
    if (!user) return 0;
    const lockMs = Math.min(this.limits.lockBaseMs * 2 ** user.lock_level, this.limits.lockMaxMs);
    const now = this.clock.now();
    // Conditional: of several parallel last attempts, one applies the lock.
    const result = await db
      .updateTable('users')
      .set({ lock_until: now + lockMs, lock_level: user.lock_level + 1, failed_2fa: 0, next_2fa_at: 0 })
      .where('id', '=', userId)
      .where('failed_2fa', '>=', this.limits.lockAfterFailures)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? lockMs : 0;
  }

  /** What a success sets on the user's row: the count, the delay and the lock level start over. */
  readonly successColumns = { failed_2fa: 0, next_2fa_at: 0, lock_level: 0 } as const;

  async succeeded(userId: string, db: Db = this.db): Promise<void> {
    await db.updateTable('users').set(this.successColumns).where('id', '=', userId).execute();
  }

  /** Admin unlock: clears the lock, the delay and the count. */
  async clear(userId: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ failed_2fa: 0, next_2fa_at: 0, lock_until: 0, lock_level: 0 })
      .where('id', '=', userId)
      .execute();
  }

  async isLocked(userId: string): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('lock_until').where('id', '=', userId).executeTakeFirst();
    return (row?.lock_until ?? 0) > this.clock.now();
  }
}
