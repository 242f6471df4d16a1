/**
 * Two real API server processes on one PostgreSQL database, with requests
 * split across both: the single-use and throttling rules hold across
 * instances, sessions and revocations are shared at once, and killing one
 * instance mid-load loses no accepted sign-in. Only in the PostgreSQL pass
 * (TEST_DATABASE_URL); without it every test here is reported as skipped.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import { openStore, type Store } from '../../src/server/db/database';
import { createServices, type Services } from '../../src/server/services';
import { ApiClient, ApiError } from '../../src/shared/api-client';
import { newDeviceKey, signInWithKey } from '../helpers/device-key';
import { Paths } from '../../src/shared/routes';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { assertBuilt, runMigrate, sleep, startInstance, stopAll, type Instance } from './instances';

const pgUrl = process.env.TEST_DATABASE_URL;
const describePg = pgUrl ? describe : describe.skip;
if (!pgUrl) {
  console.warn('multi-instance tests SKIPPED: they need PostgreSQL (TEST_DATABASE_URL=postgres://…; `npm test` sets it when TEST_PG_URL is given, as .ci/run does).');
}

/** Limits for these tests (LIMIT_* variables): the real rules, with delays and locks short enough to wait for. */
const limits = {
  LIMIT_DELAY_FROM_FAILURE: '8',
  LIMIT_DELAY_BASE_MS: '2000',
  LIMIT_LOCK_AFTER_FAILURES: '10',
  LIMIT_LOCK_BASE_MS: '3000',
  // Everything here signs in from 127.0.0.1; the per-address password limit is not under test.
  LIMIT_PASSWORD_PER_IP: '100000',
  LIMIT_PASSWORD_PER_ACCOUNT: '1000',
};

const operator = { ip: null, userAgent: 'multi-instance-test', clientType: null, actorId: null };

const codeAt = (secret: string, ms: number) =>
  OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: ms });

function wrongCode(secret: string): string {
  const now = Date.now();
  const valid = new Set([-60_000, -30_000, 0, 30_000, 60_000].map((d) => codeAt(secret, now + d)));
  let n = 314159;
  while (valid.has(String(n).padStart(6, '0'))) n = (n + 7919) % 1_000_000;
  return String(n).padStart(6, '0');
}

interface Person {
  id: string;
  username: string;
  password: string;
  secret: string;
  backupCodes: string[];
}

describePg('two API instances on one PostgreSQL database', () => {
  let database: TestDatabase;
  let store: Store;
  let services: Services;
  let a: Instance;
  let b: Instance;
  let orgId: string;
  const secretKeyHex = crypto.randomBytes(32).toString('hex');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-multi-'));

  beforeAll(async () => {
    assertBuilt();
    database = await createTestDatabase(tmp);
    if (database.config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    // Rolling-upgrade order: migrate once, then start instances that do not migrate.
    const migrate = runMigrate(database.config.url, secretKeyHex);
    expect(migrate.output).toMatch(/Applied to postgres: 0001_initial/);
    expect(migrate.status).toBe(0);
    expect(runMigrate(database.config.url, secretKeyHex, ['--check']).status).toBe(0);
    const env = { ...limits, MIGRATE_ON_START: 'off' };
    [a, b] = await Promise.all([
      // A sits behind a proxy on 127.0.0.1 (TRUST_PROXY); B trusts no proxy.
      startInstance({ name: 'a', databaseUrl: database.config.url, secretKeyHex, env: { ...env, TRUST_PROXY: '127.0.0.1' } }),
      startInstance({ name: 'b', databaseUrl: database.config.url, secretKeyHex, env }),
    ]);
    // The test itself acts as the operator's admin CLI: same database, same SECRET_KEY.
    store = await openStore(database.config);
    services = createServices({ db: store.db, secretKey: Buffer.from(secretKeyHex, 'hex') });
    orgId = (await services.administration.createOrg(`Multi ${crypto.randomUUID().slice(0, 6)}`, {}, operator)).id;
  }, 120_000);

  afterAll(async () => {
    await stopAll();
    await store?.close();
    await database?.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const client = (instance: Instance) => new ApiClient({ baseUrl: instance.baseUrl });
  const pick = (i: number) => (i % 2 === 0 ? a : b);

  /** A user with an authenticator app and backup codes, set up directly in the shared database. */
  async function person(): Promise<Person> {
    const username = `p-${crypto.randomUUID().slice(0, 12)}@example.com`;
    const password = `correct horse ${crypto.randomUUID()}`;
    const user = await services.administration.createUser({ orgId, username, password }, operator);
    const started = await services.factors.startTotp(user.id, username, 'Phone');
    await services.factors.activate(user.id, (await services.factors.pendingFactor(user.id, started.factorId))!);
    const backupCodes = await services.factors.regenerateBackupCodes(user.id);
    return { id: user.id, username, password, secret: started.secretBase32, backupCodes };
  }

  async function pendingOn(instance: Instance, p: Person): Promise<string> {
    const first = await client(instance).signInWithPassword({ username: p.username, password: p.password });
    expect(first.next).toBe('verify');
    return first.pendingToken!;
  }

  const auditCount = async (userId: string, event: string) =>
    Number(
      (
        await store.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', userId)
          .where('event', '=', event)
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('both instances are ready on the same database; a second migrate finds nothing to do', async () => {
    for (const instance of [a, b]) {
      const ready = await fetch(`${instance.baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ok', database: 'postgres' });
    }
    const again = runMigrate((database.config as { url: string }).url, secretKeyHex);
    expect(again.status).toBe(0);
    expect(again.output).toMatch(/already current/);
  });

  test('TRUST_PROXY: the client IP comes from X-Forwarded-For only when the proxy is trusted', async () => {
    const username = `nobody-${crypto.randomUUID().slice(0, 8)}@example.com`;
    for (const instance of [a, b]) {
      const response = await fetch(`${instance.baseUrl}${Paths.signInPassword}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
        body: JSON.stringify({ username, password: 'not the password at all' }),
      });
      expect(response.status).toBe(401);
    }
    const rows = await store.db
      .selectFrom('audit_events')
      .select('ip')
      .where('event', '=', 'sign_in.password')
      // An unknown name is written only as its keyed hash (same SECRET_KEY here as in the instances).
      .where('detail', 'like', `%${services.signIn.usernameHash(username)}%`)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.ip)).toEqual(['203.0.113.7', '127.0.0.1']);
  });

  test('enrollment started on one instance is confirmed on the other; a pending token from A verifies on B', async () => {
    const username = `enroll-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const password = `correct horse ${crypto.randomUUID()}`;
    await services.administration.createUser({ orgId, username, password }, operator);
    const first = await client(a).signInWithPassword({ username, password });
    expect(first.next).toBe('done');
    const onA = client(a);
    onA.setToken(first.session!.token);
    await onA.stepUp({ password });
    const started = await onA.startTotpEnrollment({});
    const onB = client(b);
    onB.setToken(first.session!.token);
    const confirmed = await onB.confirmEnrollment({ factorId: started.factorId, code: codeAt(started.secret, Date.now()) });
    expect(confirmed.backupCodes).toHaveLength(10);

    const pending = (await client(a).signInWithPassword({ username, password })).pendingToken!;
    const { session } = await client(b).verify(pending, { method: 'totp', code: codeAt(started.secret, Date.now() + 30_000) });
    const me = client(a);
    me.setToken(session.token);
    expect((await me.me()).user.username).toBe(username);
  });

  test('the same TOTP code sent 20 times, split across both instances, opens exactly one session', async () => {
    const p = await person();
    // Twenty separate sign-in attempts (pending tokens), so only the code's time step is shared.
    const pendings = await Promise.all(Array.from({ length: 20 }, (_, i) => pendingOn(pick(i), p)));
    const code = codeAt(p.secret, Date.now());
    const results = await Promise.allSettled(pendings.map((token, i) => client(pick(i + 1)).verify(token, { method: 'totp', code })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(ApiError);
      expect((r.reason as ApiError).code).toBe('invalid_code');
    }
    const sessions = await store.db.selectFrom('tokens').select('id').where('user_id', '=', p.id).where('kind', '=', 'session').execute();
    expect(sessions).toHaveLength(1);
    expect(await auditCount(p.id, 'second_factor.success')).toBe(1);
  });

  test('the same backup code sent 20 times, split across both instances, opens exactly one session', async () => {
    const p = await person();
    const pendings = await Promise.all(Array.from({ length: 20 }, (_, i) => pendingOn(pick(i), p)));
    const code = p.backupCodes[0]!;
    const results = await Promise.allSettled(pendings.map((token, i) => client(pick(i + 1)).verify(token, { method: 'backup_code', code })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && (r.reason as ApiError).code === 'invalid_code')).toHaveLength(19);
    expect(await services.factors.backupCodesLeft(p.id)).toBe(9);
    expect(await auditCount(p.id, 'backup_code.used')).toBe(1);
  });

  /**
   * Wrong codes one after another (waiting out each growing delay, as a
   * patient attacker would) until the account locks; answers how many wrong
   * codes were evaluated. `route` picks the instance for the n-th attempt.
   */
  async function failUntilLocked(p: Person, route: (n: number) => Instance): Promise<{ evaluated: number; instancesUsed: Set<string> }> {
    const instancesUsed = new Set<string>();
    for (let n = 0; n < 40; n += 1) {
      const state = await store.db.selectFrom('users').select(['lock_until', 'next_2fa_at']).where('id', '=', p.id).executeTakeFirstOrThrow();
      if (state.lock_until > Date.now()) break;
      if (state.next_2fa_at > Date.now()) await sleep(state.next_2fa_at - Date.now() + 50);
      const instance = route(n);
      instancesUsed.add(instance.name);
      const pending = await pendingOn(instance, p);
      await expect(client(instance).verify(pending, { method: 'totp', code: wrongCode(p.secret) })).rejects.toMatchObject({ code: 'invalid_code' });
    }
    return { evaluated: await auditCount(p.id, 'second_factor.failure'), instancesUsed };
  }

  test('failures spread across both instances lock the account at the same count as on one; the delay and the lock hold on both', async () => {
    const one = await person();
    const both = await person();
    const [single, spread] = await Promise.all([failUntilLocked(one, () => a), failUntilLocked(both, (n) => pick(n))]);
    expect(single.evaluated).toBe(10);
    expect(spread.evaluated).toBe(10);
    expect(single.instancesUsed).toEqual(new Set(['a']));
    expect(spread.instancesUsed).toEqual(new Set(['a', 'b']));
    expect(await auditCount(both.id, 'account.locked')).toBe(1);

    // Locked: the right code, on either instance, gets the same answer as a wrong one, and is not used up.
    for (const instance of [a, b]) {
      const [p1, p2] = [await pendingOn(instance, both), await pendingOn(instance, both)];
      const right = client(instance).verify(p1, { method: 'totp', code: codeAt(both.secret, Date.now()) });
      const wrong = client(instance).verify(p2, { method: 'totp', code: wrongCode(both.secret) });
      const [r, w] = (await Promise.allSettled([right, wrong])) as [PromiseRejectedResult, PromiseRejectedResult];
      expect(r.status).toBe('rejected');
      expect(w.status).toBe('rejected');
      expect({ status: (r.reason as ApiError).status, code: (r.reason as ApiError).code, wait: typeof (r.reason as ApiError).problem.retryAfter })
        .toEqual({ status: (w.reason as ApiError).status, code: (w.reason as ApiError).code, wait: typeof (w.reason as ApiError).problem.retryAfter });
    }
    expect(await auditCount(both.id, 'second_factor.failure')).toBe(10);

    // The lock lifts on time (LIMIT_LOCK_BASE_MS), for both instances at once.
    const { lock_until } = await store.db.selectFrom('users').select('lock_until').where('id', '=', both.id).executeTakeFirstOrThrow();
    await sleep(Math.max(0, lock_until - Date.now()) + 100);
    const { session } = await client(b).verify(await pendingOn(a, both), { method: 'totp', code: codeAt(both.secret, Date.now()) });
    expect(session.token).toBeTruthy();
  }, 90_000);

  test('a delay started by a failure on A holds for an attempt on B', async () => {
    const p = await person();
    // Reach the delay threshold (LIMIT_DELAY_FROM_FAILURE = 8) alternating instances.
    for (let n = 0; n < 8; n += 1) {
      await expect(client(pick(n)).verify(await pendingOn(pick(n), p), { method: 'totp', code: wrongCode(p.secret) })).rejects.toMatchObject({ code: 'invalid_code' });
    }
    const { next_2fa_at } = await store.db.selectFrom('users').select('next_2fa_at').where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(next_2fa_at).toBeGreaterThan(Date.now());
    // The 8th failure was on B; within the 2 s delay a right code on A is throttled (and not spent).
    const pending = await pendingOn(a, p);
    const code = codeAt(p.secret, Date.now());
    const throttled = await client(a).verify(pending, { method: 'totp', code }).catch((e: ApiError) => e);
    expect(throttled).toBeInstanceOf(ApiError);
    expect((throttled as ApiError).code).toBe('invalid_code');
    expect((throttled as ApiError).problem.retryAfter).toBeGreaterThan(0);
    expect(await auditCount(p.id, 'second_factor.throttled')).toBe(1);
    await sleep(Math.max(0, next_2fa_at - Date.now()) + 100);
    // The throttled attempt spent nothing: the same pending token and code work once the delay is over.
    const { session } = await client(b).verify(pending, { method: 'totp', code });
    expect(session.token).toBeTruthy();
    const after = await store.db.selectFrom('users').select(['failed_2fa', 'next_2fa_at']).where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ failed_2fa: 0, next_2fa_at: 0 });
  }, 30_000);

  test('a session made on one instance is valid on the other; a revocation on one is seen at once on the other', async () => {
    const p = await person();
    const sessionOnA = (await client(a).verify(await pendingOn(a, p), { method: 'backup_code', code: p.backupCodes[1]! })).session;
    const sessionOnB = (await client(b).verify(await pendingOn(b, p), { method: 'backup_code', code: p.backupCodes[2]! })).session;
    const aWithB = client(a);
    aWithB.setToken(sessionOnB.token);
    const bWithA = client(b);
    bWithA.setToken(sessionOnA.token);
    expect((await bWithA.me()).user.username).toBe(p.username);
    expect((await aWithB.me()).user.username).toBe(p.username);
    const listed = await aWithB.sessions();
    expect(listed.sessions.map((s) => s.id).sort()).toEqual([sessionOnA.sessionId, sessionOnB.sessionId].sort());

    // Revoke A's session through instance A (with B's session); B refuses it on the very next request.
    await aWithB.revokeSession(sessionOnA.sessionId);
    await expect(bWithA.me()).rejects.toMatchObject({ status: 401 });
    await expect(client(a).request('GET', Paths.me, undefined, sessionOnA.token)).rejects.toMatchObject({ status: 401 });

    // A key-bound device registered through B: a challenge from A opens one sign-in on B, and only one.
    const device = client(b);
    device.setToken(sessionOnB.token);
    const key = await newDeviceKey();
    const registered = await device.register({ clientType: 'outlook-addin', label: 'Outlook on the web', publicKey: key.publicKey });
    expect((await device.me()).user.username).toBe(p.username);
    const { challenge } = await client(a).deviceChallenge({ registrationId: registered.registration.id });
    const proof = { registrationId: registered.registration.id, challenge, signature: await key.sign(challenge) };
    expect((await client(b).signInWithDevice(proof)).next).toBe('verify');
    await expect(client(a).signInWithDevice(proof)).rejects.toMatchObject({ code: 'credentials_changed' });
    // Revoked through A: B answers credentials_changed at once.
    const other = (await client(a).verify(await pendingOn(a, p), { method: 'backup_code', code: p.backupCodes[3]! })).session;
    const admin = client(a);
    admin.setToken(other.token);
    await admin.revokeRegistration(registered.registration.id);
    await expect(device.me()).rejects.toMatchObject({ code: 'credentials_changed' });
    await expect(signInWithKey(client(b), registered.registration.id, key)).rejects.toMatchObject({ code: 'credentials_changed' });
  });

  test('a password change on B ends the sessions made on A at once (credential epoch)', async () => {
    const p = await person();
    const onA = (await client(a).verify(await pendingOn(a, p), { method: 'backup_code', code: p.backupCodes[4]! })).session;
    const onB = (await client(b).verify(await pendingOn(b, p), { method: 'backup_code', code: p.backupCodes[5]! })).session;
    const changer = client(b);
    changer.setToken(onB.token);
    const next = `another horse ${crypto.randomUUID()}`;
    await changer.changePassword({ currentPassword: p.password, newPassword: next, method: 'backup_code', code: p.backupCodes[6]! });
    await expect(client(a).request('GET', Paths.me, undefined, onA.token)).rejects.toMatchObject({ code: 'credentials_changed' });
    expect((await changer.me()).user.username).toBe(p.username);
  });
});
