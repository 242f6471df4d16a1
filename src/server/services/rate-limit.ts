/**
 * Fixed-window counters kept in the database, so every API instance sees the
 * same count (no process memory involved). One upsert per hit.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database';
import { prepared, PreparedByCount } from '../db/prepared';
import type { Clock } from './clock';

export class RateLimiter {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Compiled once (db/prepared.ts), the upsert once per number of keys (1–3): every sign-in runs them. */
  private readonly statements = {
    hit: new PreparedByCount((count) => {
      const keys = Array.from({ length: count }, (_, i) => `key${i}`);
      return prepared([...keys, 'now', 'expired'], (db, $) =>
        db
          .insertInto('rate_limits')
          .values(keys.map((key) => ({ key: $(key), window_start: $('now'), count: 1 })))
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({
              count: sql`case when rate_limits.window_start <= cast(${$('expired')} as bigint) then 1 else rate_limits.count + 1 end`,
              window_start: sql`case when rate_limits.window_start <= cast(${$('expired')} as bigint) then cast(${$('now')} as bigint) else rate_limits.window_start end`,
            }),
          )
          .returning(['key', 'count', 'window_start']),
      );
    }),
    release: prepared(['key'], (db, $) => db.updateTable('rate_limits').set((eb) => ({ count: eb('count', '-', 1) })).where('key', '=', $('key')).where('count', '>', 0)),
    clear: prepared(['key'], (db, $) => db.deleteFrom('rate_limits').where('key', '=', $('key'))),
  };

  /** Counts a hit; answers how many seconds to wait when the limit is passed, else 0. */
  async hit(key: string, limit: number, windowMs: number): Promise<number> {
    return this.hitAll([{ key, limit }], windowMs);
  }

  /**
   * Counts a hit on several distinct keys with the same window in one statement (a multi-row upsert);
   * answers the longest wait among the keys past their limit, else 0.
   */
  async hitAll(keys: { key: string; limit: number }[], windowMs: number): Promise<number> {
    if (keys.length === 0) return 0;
    const now = this.clock.now();
    const expired = now - windowMs;
    // Rows in key order: parallel upserts lock shared keys in the same order (no deadlock on PostgreSQL).
    const sorted = keys.map(({ key }) => key).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const values: Record<string, unknown> = { now, expired };
    sorted.forEach((key, i) => (values[`key${i}`] = key));
    const rows = await this.statements.hit.for(sorted.length).rows(this.db, values);
    let wait = 0;
    for (const row of rows) {
      const limit = keys.find((k) => k.key === row.key)?.limit ?? 0;
      if (row.count > limit) wait = Math.max(wait, Math.max(1, Math.ceil((row.window_start + windowMs - now) / 1000)));
    }
    return wait;
  }

  /** Gives back one hit (a success that should not count against the limit). */
  async release(key: string, db: Db = this.db): Promise<void> {
    await this.statements.release.run(db, { key });
  }

  async clear(key: string, db: Db = this.db): Promise<void> {
    await this.statements.clear.run(db, { key });
  }
}
