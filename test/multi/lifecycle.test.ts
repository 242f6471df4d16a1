/**
 * Instance life cycle on PostgreSQL with real server processes: instances
 * starting together migrate and seed once; SIGTERM drains in-flight requests;
 * SIGKILL of one instance mid-load loses no accepted sign-in and corrupts
 * nothing. Only in the PostgreSQL pass (TEST_DATABASE_URL); otherwise skipped.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/server/db/database';
import { createServices, type Services } from '../../src/server/services';
import { ApiClient, ApiError } from '../../src/shared/api-client';
import { Paths } from '../../src/shared/routes';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { assertBuilt, sleep, startInstance, stopAll, type Instance } from './instances';

const pgUrl = process.env.TEST_DATABASE_URL;
const describePg = pgUrl ? describe : describe.skip;
if (!pgUrl) console.warn('instance life-cycle tests SKIPPED: they need PostgreSQL (TEST_DATABASE_URL=postgres://…).');

const operator = { ip: null, userAgent: 'lifecycle-test', clientType: null, actorId: null };
const limitsEnv = { LIMIT_PASSWORD_PER_IP: '100000', LIMIT_PASSWORD_PER_ACCOUNT: '1000' };
const codeAt = (secret: string, ms: number) =>
  OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: ms });

describePg('API instances: start, shutdown and crash on one PostgreSQL database', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-lifecycle-'));
  const databases: TestDatabase[] = [];
  const stores: Store[] = [];

  beforeAll(() => assertBuilt());
  afterAll(async () => {
    await stopAll();
    for (const store of stores) await store.close();
    for (const database of databases) await database.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function freshDatabase(): Promise<{ url: string; store: Store; services: Services; secretKeyHex: string }> {
    const database = await createTestDatabase(fs.mkdtempSync(path.join(tmp, 'db-')));
    databases.push(database);
    if (database.config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const secretKeyHex = crypto.randomBytes(32).toString('hex');
    const store = await openStore(database.config);
    stores.push(store);
    return { url: database.config.url, store, services: createServices({ db: store.db, secretKey: Buffer.from(secretKeyHex, 'hex') }), secretKeyHex };
  }

  test('three instances started together on an empty database: one migrates and seeds, all serve', async () => {
    const { url, store, secretKeyHex } = await freshDatabase();
    const started = await Promise.all(['s1', 's2', 's3'].map((name) => startInstance({ name, databaseUrl: url, secretKeyHex })));
    for (const instance of started) expect((await fetch(`${instance.baseUrl}/readyz`)).status).toBe(200);
    const orgs = await store.db.selectFrom('orgs').select('name').execute();
    expect(orgs).toEqual([{ name: 'Demo Organization' }]);
    const migrations = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
    expect(migrations.rows.length).toBeGreaterThanOrEqual(1);
    expect(new Set(migrations.rows.map((r) => r.name)).size).toBe(migrations.rows.length);
    expect(started.filter((i) => i.lines.some((l) => l.includes('First start: created')))).toHaveLength(1);
    for (const instance of started) expect((await instance.stop()).code).toBe(0);
  }, 60_000);

  test('SIGTERM: a request in flight completes, new connections are refused, the process exits 0', async () => {
    const { url, services, secretKeyHex } = await freshDatabase();
    const instance = await startInstance({ name: 'drain', databaseUrl: url, secretKeyHex, env: { ...limitsEnv, MIGRATE_ON_START: 'on' } });
    const org = await services.administration.createOrg('Drain', {}, operator);
    const password = `correct horse ${crypto.randomUUID()}`;
    await services.administration.createUser({ orgId: org.id, username: 'drain@example.com', password }, operator);

    // A sign-in whose body is still arriving when the signal comes: the request is in flight.
    const body = JSON.stringify({ username: 'drain@example.com', password });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port: instance.port, method: 'POST', path: Paths.signInPassword, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      request.on('error', reject);
      request.flushHeaders();
      request.write(body.slice(0, 10));
      void instance.waitForLine(/incoming request/).then(async () => {
        instance.child.kill('SIGTERM');
        await instance.waitForLine(/SIGTERM: draining in-flight requests/);
        // Closing: the listening socket goes away, so new connections are refused.
        await waitUntilRefused(instance.port);
        request.end(body.slice(10));
      }, reject);
    });
    const { status, text } = await response;
    expect(status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ next: 'done' });
    expect(await instance.exited).toEqual({ code: 0, signal: null });
  }, 60_000);

  test('SIGKILL of one instance mid-load loses no accepted sign-in and corrupts nothing', async () => {
    const { url, store, services, secretKeyHex } = await freshDatabase();
    const env = { ...limitsEnv, MIGRATE_ON_START: 'on' };
    const a = await startInstance({ name: 'a', databaseUrl: url, secretKeyHex, env });
    const b = await startInstance({ name: 'b', databaseUrl: url, secretKeyHex, env });
    const org = await services.administration.createOrg('Crash', {}, operator);

    const people = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const username = `crash${i}@example.com`;
        const password = `correct horse ${crypto.randomUUID()}`;
        const user = await services.administration.createUser({ orgId: org.id, username, password }, operator);
        const started = await services.factors.startTotp(user.id, username, 'Phone');
        await services.factors.activate(user.id, (await services.factors.pendingFactor(user.id, started.factorId))!);
        const [backup] = await services.factors.regenerateBackupCodes(user.id);
        return { id: user.id, username, password, secret: started.secretBase32, backup: backup! };
      }),
    );

    let accepted = 0;
    let killed = false;
    let retried = 0;
    const killAfter = 15;
    const signIn = async (first: Instance, second: Instance, p: (typeof people)[number], second_: { method: 'totp' | 'backup_code'; code: string }) => {
      const step = await new ApiClient({ baseUrl: first.baseUrl }).signInWithPassword({ username: p.username, password: p.password });
      return (await new ApiClient({ baseUrl: second.baseUrl }).verify(step.pendingToken!, second_)).session;
    };
    const flows = people.map(async (p, i) => {
      await sleep(i * 15);
      const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
      let session;
      try {
        session = await signIn(first, second, p, { method: 'totp', code: codeAt(p.secret, Date.now()) });
      } catch (error) {
        // Only the dead instance may fail a sign-in; the user then tries again on the live one.
        if (!(error instanceof ApiError && error.isNetworkError && killed)) throw error;
        retried += 1;
        session = await signIn(b, b, p, { method: 'backup_code', code: p.backup });
      }
      accepted += 1;
      if (accepted === killAfter && !killed) {
        killed = true;
        void a.kill();
      }
      return { person: p, session };
    });
    const results = await Promise.all(flows);
    expect(killed).toBe(true);
    expect(retried).toBeGreaterThan(0);

    // Every sign-in a client was told about works on the surviving instance, and on a fresh one.
    const a2 = await startInstance({ name: 'a2', databaseUrl: url, secretKeyHex, env });
    for (const { person, session } of results) {
      for (const instance of [b, a2]) {
        const client = new ApiClient({ baseUrl: instance.baseUrl });
        client.setToken(session.token);
        expect((await client.me()).user.username).toBe(person.username);
      }
    }

    // Nothing half-done: no session without a spent sign-in attempt, no account locked or
    // counting failures, at most one backup code used, and no transaction left open by the dead instance.
    for (const p of people) {
      const tokens = await store.db.selectFrom('tokens').select(['kind', 'consumed_at']).where('user_id', '=', p.id).execute();
      const sessions = tokens.filter((t) => t.kind === 'session').length;
      const spent = tokens.filter((t) => t.kind === 'pending' && t.consumed_at !== null).length;
      expect(sessions).toBeGreaterThanOrEqual(1);
      expect(sessions).toBeLessThanOrEqual(spent);
      expect(await services.factors.backupCodesLeft(p.id)).toBeGreaterThanOrEqual(services.limits.backupCodeCount - 1);
    }
    const locked = await store.db.selectFrom('users').select('id').where('org_id', '=', org.id).where('lock_until', '>', Date.now()).execute();
    expect(locked).toEqual([]);
    await sleep(200);
    const open = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`.execute(store.db);
    expect(open.rows[0]!.n).toBe(0);
    expect((await fetch(`${b.baseUrl}/readyz`)).status).toBe(200);
    expect((await b.stop()).code).toBe(0);
    expect((await a2.stop()).code).toBe(0);
  }, 120_000);
});

/**
 * Resolves once a new connection to the port is refused. The signal's log line comes a
 * moment before Fastify closes the listener; a connection made in that moment is accepted
 * or, when it sat in the kernel's backlog as the listener closed, reset (ECONNRESET):
 * both mean "not closed yet", so try again, for at most 5 s.
 */
async function waitUntilRefused(port: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const outcome = await connect(port).then(
      () => 'accepted',
      (error: NodeJS.ErrnoException) => error.code ?? String(error),
    );
    if (outcome === 'ECONNREFUSED') return;
    if (outcome !== 'accepted' && outcome !== 'ECONNRESET') throw new Error(`unexpected connection outcome: ${outcome}`);
    if (Date.now() > deadline) throw new Error(`port ${port} still ${outcome} new connections 5 s after SIGTERM`);
    await sleep(20);
  }
}

function connect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}
