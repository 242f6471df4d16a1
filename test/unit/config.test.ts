import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/server/config';

const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'axis-config-'));

test('defaults: https on localhost:3000, SQLite under the data directory, a generated 0600 key', () => {
  const dir = dataDir();
  const config = loadConfig({ DATA_DIR: dir });
  expect(config.port).toBe(3000);
  expect(config.tls).toBe(true);
  expect(config.publicUrl).toBe('https://localhost:3000');
  expect(config.database).toEqual({ kind: 'sqlite', file: path.join(dir, 'cloudsync.db') });
  const keyFile = path.join(dir, 'secret.key');
  expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  expect(loadConfig({ DATA_DIR: dir }).secretKey.equals(config.secretKey)).toBe(true);
});

test('DATABASE_URL selects PostgreSQL', () => {
  const config = loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://u:p@127.0.0.1/db', DATABASE_POOL_SIZE: '4', SECRET_KEY: 'ab'.repeat(32) });
  expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@127.0.0.1/db', poolSize: 4 });
});

test.each([
  ['on PostgreSQL', { DATABASE_URL: 'postgres://u:p@127.0.0.1/db' }, /SECRET_KEY is required \(instances sharing a PostgreSQL database/],
  ['with NODE_ENV=production', { NODE_ENV: 'production' }, /SECRET_KEY is required \(NODE_ENV=production\)/],
])('SECRET_KEY is required %s: no key is made up in DATA_DIR', (_name, env, message) => {
  const dir = dataDir();
  expect(() => loadConfig({ DATA_DIR: dir, ...env })).toThrow(message);
  expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(false);
});

test.each([
  [{ PORT: 'eighty' }, /PORT must be a whole number/],
  [{ PORT: '70000' }, /PORT must be between/],
  [{ TLS: 'maybe' }, /TLS must be "on" or "off"/],
  [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
  [{ PUBLIC_URL: 'not a url' }, /PUBLIC_URL must be an absolute URL/],
  [{ SECRET_KEY: 'tooshort' }, /SECRET_KEY must hold 32 bytes/],
  [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with/],
])('a bad value stops the start with a message naming it: %o', (env, message) => {
  expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(ConfigError);
  expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(message);
});

test('the SQLite database and its WAL files are readable by the owner only', async () => {
  const { openStore, migrateToLatest } = await import('../../src/server/db/database.js');
  const dir = dataDir();
  const file = path.join(dir, 'db', 'cloudsync.db');
  const store = await openStore({ kind: 'sqlite', file });
  await migrateToLatest(store.db);
  for (const name of ['cloudsync.db', 'cloudsync.db-wal']) expect(fs.statSync(path.join(dir, 'db', name)).mode & 0o777).toBe(0o600);
  expect(fs.statSync(path.join(dir, 'db')).mode & 0o777).toBe(0o700);
  await store.close();
});
