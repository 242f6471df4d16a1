/**
 * Prepared-statement reuse for SQLite.
 *
 * Kysely's SqliteDriver calls `db.prepare(sql)` for every query it executes,
 * and better-sqlite3 compiles the SQL anew each time (parse + plan: ≈ 16 % of
 * the verify route's CPU before this cache). The product runs a few dozen
 * distinct SQL texts (parameters are bound, never inlined), so keeping the
 * prepared statement per SQL text removes that work after the first use.
 *
 * This wraps the better-sqlite3 connection in the small `SqliteDatabase`
 * interface Kysely's SqliteDialect takes; nothing else in the product sees it.
 *
 * - Bounded LRU: texts that vary with the data (e.g. `in (?, ?, …)` lists of
 *   different lengths) cannot grow the cache without limit.
 * - A statement that is still iterating (`busy`, Kysely's `.stream()`) cannot
 *   be run again; such a call gets a fresh, uncached statement.
 * - Schema changes: SQLite re-prepares a statement itself when the schema
 *   changed since it was compiled (sqlite3_prepare_v3), so migrations are safe;
 *   closing the connection finalizes every statement.
 * - Transactions begin IMMEDIATE (see prepare).
 * - Statements carry no state between executions in this use: Kysely always
 *   binds all parameters and calls all()/run()/iterate() (never raw/pluck/expand).
 */
import type { Database as BetterSqlite, Statement } from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export const defaultStatementCacheSize = 200;

export class CachedStatementDatabase implements SqliteDatabase {
  private readonly statements = new Map<string, Statement>();

  constructor(
    readonly connection: BetterSqlite,
    private readonly maxSize = defaultStatementCacheSize,
  ) {}

  prepare(sql: string): SqliteStatement {
    // Kysely begins every transaction with a plain `begin`, which takes SQLite's write lock only at the first
    // write: a transaction that reads first could then fail with SQLITE_BUSY against another process. IMMEDIATE
    // takes it at once (writers queue on busy_timeout), so each unit of work is serialized from its start.
    if (sql === 'begin') sql = 'begin immediate';
    const cached = this.statements.get(sql);
    if (cached && !cached.busy) {
      // Most recently used goes last; the first key is the one to evict.
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const statement = this.connection.prepare(sql);
    if (cached) return statement; // the cached one is busy iterating: this one is for this call only
    this.statements.set(sql, statement);
    if (this.statements.size > this.maxSize) {
      const oldest = this.statements.keys().next().value;
      if (oldest !== undefined) this.statements.delete(oldest);
    }
    return statement;
  }

  /** How many statements are kept (tests and diagnostics). */
  get size(): number {
    return this.statements.size;
  }

  close(): void {
    this.statements.clear();
    this.connection.close();
  }
}
