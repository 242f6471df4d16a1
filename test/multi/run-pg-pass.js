#!/usr/bin/env node
/**
 * `npm test`'s second pass: with TEST_PG_URL=postgres://user@host:port/db (a
 * role that may create databases; .ci/run starts a throwaway server and sets
 * it), builds the server and runs the API suite on PostgreSQL plus the
 * multi-instance tests. Without TEST_PG_URL it says plainly that the pass was
 * skipped. A TEST_PG_URL that cannot be reached fails the run: a requested
 * pass never turns into a silent pass.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const url = process.env.TEST_PG_URL;
const banner = (text) => console.log(`\n==== ${text} ====\n`);

if (!url) {
  banner('PostgreSQL pass SKIPPED: TEST_PG_URL is not set');
  console.log('The API suite ran on SQLite only; the multi-instance tests did not run.');
  console.log('To run them: TEST_PG_URL=postgres://postgres@127.0.0.1:5432/postgres npm test  (.ci/run does this with a throwaway server).');
  process.exit(0);
}

async function reachable() {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query('select version() as v, rolcreatedb or rolsuper as can from pg_roles where rolname = current_user');
    if (!rows[0]?.can) throw new Error('the role in TEST_PG_URL may not create databases (each test server makes its own)');
    return String(rows[0].v).split(' on ')[0];
  } finally {
    await client.end().catch(() => undefined);
  }
}

(async () => {
  let version;
  try {
    version = await reachable();
  } catch (error) {
    banner('PostgreSQL pass FAILED: TEST_PG_URL is set but not usable');
    console.error(String(error instanceof Error ? error.message : error));
    process.exit(1);
  }
  banner(`PostgreSQL pass: ${version}`);
  const run = (command, args, env = process.env) => spawnSync(command, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;
  // The multi-instance tests start the built server (node build/server/main.js).
  if (run(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', 'tsconfig.server.json']) !== 0) {
    banner('PostgreSQL pass FAILED: the server does not build');
    process.exit(1);
  }
  const jest = require.resolve('jest/bin/jest', { paths: [root] });
  const status = run(process.execPath, [jest, '-c', 'test/multi/jest.pg.config.js', ...process.argv.slice(2)], { ...process.env, TEST_DATABASE_URL: url });
  banner(`PostgreSQL pass ${status === 0 ? 'passed' : 'FAILED'}`);
  process.exit(status);
})();
