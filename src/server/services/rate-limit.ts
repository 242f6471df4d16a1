/**
 * Fixed-window counters kept in the database, so every API instance sees the
 * same count (no process memory involved). One upsert per hit.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { Clock } from './clock';

export class RateLimiter {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Counts a hit; answers how many seconds to wait when the limit is passed, else 0. */
  async hit(key: string, limit: number, windowMs: number): Promise<number> {
    const now = this.clock.now();
    const expired = now - windowMs;
    const row = await this.db
      .insertInto('rate_limits')
      .values({ key, window_start: now, count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql`case when rate_limits.window_start <= cast(${expired} as bigint) then 1 else rate_limits.count + 1 end`,
          window_start: sql`case when rate_limits.window_start <= cast(${expired} as bigint) then cast(${now} as bigint) else rate_limits.window_start end`,
        }),
      )
      .returning(['count', 'window_start'])
      .executeTakeFirstOrThrow();
    if (row.count <= limit) return 0;
    return Math.max(1, Math.ceil((row.window_start + windowMs - now) / 1000));
  }

  /** Gives back one hit (a success that should not count against the limit). */
  async release(key: string): Promise<void> {
    await this.db.updateTable('rate_limits').set((eb) => ({ count: eb('count', '-', 1) })).where('key', '=', key).where('count', '>', 0).execute();
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('key', '=', key).execute();
  }
}
