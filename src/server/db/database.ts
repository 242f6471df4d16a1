/**
 * Opens the store: SQLite (embedded default, WAL) or PostgreSQL, both through
 * Kysely so services are written once. One migration set serves both.
 *
 * Many API instances share one PostgreSQL database; nothing here (or in the
 * services) keeps state in process memory that another instance would need.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Config } from '../config';
import type { Database } from './schema';
import { CachedStatementDatabase } from './statement-cache';
import * as m0001 from './migrations/0001_initial';
import * as m0002 from './migrations/0002_delivered_codes';
import * as m0003 from './migrations/0003_device_keys';
import * as m0004 from './migrations/0004_passkeys';
import * as m0005 from './migrations/0005_approval_requests';
import * as m0007 from './migrations/0007_deployment';
import * as m0008 from './migrations/0008_password_change';
import * as m0009 from './migrations/0009_languages';

export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
  /** PostgreSQL: the pool's connections right now (for the metrics). */
  poolStats?: () => { totalCount: number; idleCount: number; waitingCount: number };
}

export interface StoreOptions {
  /** Where pool errors go (an idle PostgreSQL connection dropped by the server, a failover). */
  onPoolError?: (error: Error) => void;
  /** Shown in pg_stat_activity, so an operator can tell instances apart. */
  applicationName?: string;
}

/** Migrations are compiled in, so the built server needs no migration folder at run time. */
const migrations: Record<string, Migration> = { '0001_initial': m0001, '0002_delivered_codes': m0002, '0003_device_keys': m0003, '0004_passkeys': m0004, '0005_approval_requests': m0005, '0007_deployment': m0007, '0008_password_change': m0008, '0009_languages': m0009 };

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** Moves the schema to just after `name` (down migrations included): for tests of a migration on older data. */
export async function migrateTo(db: Db, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider: new StaticMigrationProvider() }).migrateTo(name);
  if (error) throw new Error(`Database migration to ${name} failed: ${String(error)}`);
}

/** The server's SQLite settings (also used by the benchmark's database floor, so both run alike). */
export function applyServerPragmas(connection: { pragma(source: string): unknown }): void {
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
}

export async function openStore(database: Config['database'], options: StoreOptions = {}): Promise<Store> {
  if (database.kind === 'sqlite') {
    // Loaded lazily: a PostgreSQL deployment never needs the native module.
    const { default: SQLite } = await import('better-sqlite3');
    fs.mkdirSync(path.dirname(database.file), { recursive: true, mode: 0o700 });
    // Password hashes and sealed secrets live here: owner-only. SQLite gives its -wal and -shm files the same mode.
    fs.closeSync(fs.openSync(database.file, 'a', 0o600));
    const connection = new SQLite(database.file);
    applyServerPragmas(connection);
    // Each SQL text is prepared once and reused (see statement-cache.ts).
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new CachedStatementDatabase(connection) }) });
    return { db, kind: 'sqlite', close: () => db.destroy() };
  }
  const { default: pg } = await import('pg');
  // int8 (bigint) columns hold epoch milliseconds and counters, and count(*) answers int8:
  // all well within 2^53, so they are read as numbers, the same as on SQLite.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
  const pool = new pg.Pool({
    connectionString: database.url,
    max: database.poolSize,
    // Fail a request (503 from /readyz, 500 elsewhere) rather than hang when the database is gone.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'axis-cloudsync-2fa',
  });
  // Without a listener, an idle connection dropped by the server (restart, failover)
  // would crash the process; the pool replaces the connection on its next use.
  pool.on('error', (error) => options.onPoolError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const poolStats = () => ({ totalCount: pool.totalCount, idleCount: pool.idleCount, waitingCount: pool.waitingCount });
  return { db, kind: 'postgres', close: () => db.destroy(), poolStats };
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrations this build knows that the database has not run yet (a start with MIGRATE_ON_START=false checks this). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const all = await migrator.getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/**
 * Migrations the database has run that this build does not know: an older
 * build starting against a newer schema (a rolling upgrade's old instances do
 * this on purpose, so it is reported, not refused).
 */
export async function unknownMigrations(db: Db): Promise<string[]> {
  const exists = await db.introspection.getTables().then((tables) => tables.some((t) => t.name === 'kysely_migration'));
  if (!exists) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  return rows.rows.map((r) => r.name).filter((name) => !(name in migrations));
}

/**
 * Runs `fn` while holding the store's start-up lock, so that instances starting
 * together on one PostgreSQL database migrate and seed one after the other
 * (the seed checks for an empty database, which is only safe one at a time).
 * PostgreSQL: a session advisory lock on a connection of its own (not from the
 * pool, which may have a single connection). SQLite: one process owns the
 * file, and migrations take SQLite's own lock.
 */
export async function withStartupLock<T>(store: Store, database: Config['database'], fn: () => Promise<T>): Promise<T> {
  if (database.kind !== 'postgres') return fn();
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: database.url, application_name: 'axis-cloudsync-2fa startup' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [startupLockId]);
    return await fn();
  } finally {
    // Ending the session releases the lock even if the unlock fails.
    await client.query('select pg_advisory_unlock($1)', [startupLockId]).catch(() => undefined);
    await client.end();
  }
}

/** Arbitrary but fixed: "AXIS2FA" folded into a bigint. */
const startupLockId = '4735426533213761';

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
