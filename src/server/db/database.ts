/**
 * Opens the store: SQLite (embedded default, WAL) or PostgreSQL, both through
 * Kysely so services are written once. Migrations run at start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Config } from '../config';
import type { Database } from './schema';
import * as m0001 from './migrations/0001_initial';

export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/** Migrations are compiled in, so the built server needs no migration folder at run time. */
const migrations: Record<string, Migration> = { '0001_initial': m0001 };

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export async function openStore(database: Config['database']): Promise<Store> {
  if (database.kind === 'sqlite') {
    // Loaded lazily: a PostgreSQL deployment never needs the native module.
    const { default: SQLite } = await import('better-sqlite3');
    fs.mkdirSync(path.dirname(database.file), { recursive: true });
    const connection = new SQLite(database.file);
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = NORMAL');
    connection.pragma('foreign_keys = ON');
    connection.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
    return { db, kind: 'sqlite', close: () => db.destroy() };
  }
  const pg = await import('pg');
  // int8 (bigint) columns hold epoch milliseconds and counters: well within 2^53.
  pg.default.types.setTypeParser(20, (value: string) => Number(value));
  const pool = new pg.default.Pool({ connectionString: database.url, max: database.poolSize });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
