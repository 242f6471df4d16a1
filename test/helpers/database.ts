/**
 * The store a test server uses: a SQLite file in the test's temporary
 * directory by default; with TEST_DATABASE_URL (postgres://…/any) a fresh
 * PostgreSQL database per server, dropped afterwards.
 */
import path from 'node:path';
import type { Config } from '../../src/server/config';

export interface TestDatabase {
  config: Config['database'];
  drop(): Promise<void>;
}

export async function createTestDatabase(dataDir: string): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { config: { kind: 'sqlite', file: path.join(dataDir, 'test.db') }, drop: async () => undefined };
  const { default: pg } = await import('pg');
  const name = `axis_test_${path.basename(dataDir).replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: target.toString(), poolSize: 10 },
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
