import { createOrg, createUser, startTestServer, type TestServer } from '../helpers/server';
import { codeFor, enrollTotp, signIn, wrongCodeFor } from '../helpers/totp';
import { failure, raw } from '../helpers/http';
import { Paths } from '../../src/shared/routes';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

test('without 2FA and without a policy requiring it, the password alone opens a session', async () => {
  const user = await createUser(server, await createOrg(server));
  const result = await server.client().signInWithPassword({ username: user.username, password: user.password });
  expect(result.next).toBe('done');
  expect(result.session?.token.length).toBeGreaterThanOrEqual(43);
  expect(result.pendingToken).toBeUndefined();
});

test('when the org requires 2FA, a user without it must enroll right at sign-in', async () => {
  const user = await createUser(server, await createOrg(server, { require2fa: true }));
  const client = server.client();
  const result = await client.signInWithPassword({ username: user.username, password: user.password });
  expect(result.next).toBe('enroll');
  expect(result.allowedMethods).toContain('totp');
  expect(result.session).toBeUndefined();
  // The enroll-pending token opens nothing else, and cannot skip to verify.
  expect((await failure(client.verify(result.pendingToken!, { method: 'totp', code: '123456' }))).status).toBe(409);
  const started = await client.startTotpEnrollment({}, result.pendingToken!);
  const confirmed = await client.confirmEnrollment({ factorId: started.factorId, code: codeFor(started.secret, server.clock.now()) }, result.pendingToken!);
  expect(confirmed.backupCodes).toHaveLength(10);
  expect(confirmed.session?.user.username).toBe(user.username);
  // The pending token is spent by the enrollment's sign-in.
  expect((await failure(client.startTotpEnrollment({}, result.pendingToken!))).code).toBe('pending_expired');
});

test('a factor turns on only after a valid first code; a wrong first code changes nothing', async () => {
  const user = await createUser(server, await createOrg(server));
  const client = server.client();
  const first = await client.signInWithPassword({ username: user.username, password: user.password });
  client.setToken(first.session!.token);
  // Enrollment from a session needs a fresh step-up.
  expect((await failure(client.startTotpEnrollment({}))).code).toBe('step_up_required');
  await client.stepUp({ password: user.password });
  const started = await client.startTotpEnrollment({});
  expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
  expect((await failure(client.confirmEnrollment({ factorId: started.factorId, code: wrongCodeFor(started.secret, server.clock.now()) }))).code).toBe('invalid_code');
  expect((await client.me()).twoFactorEnabled).toBe(false);
  expect((await server.client().signInWithPassword({ username: user.username, password: user.password })).next).toBe('done');
  const code = codeFor(started.secret, server.clock.now());
  await client.confirmEnrollment({ factorId: started.factorId, code });
  expect((await client.me()).twoFactorEnabled).toBe(true);
  // The secret is never returned again.
  expect(JSON.stringify(await client.me())).not.toContain(started.secret);
  // The enrollment code's time step counts as used: the same code cannot sign in.
  const again = await server.client().signInWithPassword({ username: user.username, password: user.password });
  expect(again.next).toBe('verify');
  expect((await failure(server.client().verify(again.pendingToken!, { method: 'totp', code }))).code).toBe('invalid_code');
});

test('the TOTP secret is stored encrypted, never in the clear', async () => {
  const user = await createUser(server, await createOrg(server));
  const enrolled = await enrollTotp(server, user);
  const row = await server.store.db.selectFrom('factors').select('secret_enc').where('user_id', '=', user.id).executeTakeFirstOrThrow();
  expect(row.secret_enc).toMatch(/^v1\./);
  expect(row.secret_enc).not.toContain(enrolled.secret);
  const rawHex = Buffer.from(base32ToBytes(enrolled.secret)).toString('hex');
  expect(row.secret_enc).not.toContain(rawHex);
});

test('a code used in one sign-in is refused in a second sign-in', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  const code = codeFor(secret, server.clock.now());
  const a = await server.client().signInWithPassword({ username: user.username, password: user.password });
  const b = await server.client().signInWithPassword({ username: user.username, password: user.password });
  expect(a.methods?.map((m) => m.method)).toEqual(['totp', 'backup_code']);
  await server.client().verify(a.pendingToken!, { method: 'totp', code });
  const refused = await failure(server.client().verify(b.pendingToken!, { method: 'totp', code }));
  expect(refused).toMatchObject({ status: 401, code: 'invalid_code' });
});

test('20 parallel verifications with one valid code give exactly one session', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  const pendings = await Promise.all(
    Array.from({ length: 4 }, () => server.client().signInWithPassword({ username: user.username, password: user.password })),
  );
  const code = codeFor(secret, server.clock.now());
  const results = await Promise.allSettled(
    Array.from({ length: 20 }, (_, i) => server.client().verify(pendings[i % 4]!.pendingToken!, { method: 'totp', code })),
  );
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  const sessions = await server.store.db.selectFrom('tokens').select('id').where('user_id', '=', user.id).where('kind', '=', 'session').execute();
  expect(sessions).toHaveLength(2); // the enrollment's session and the one winner
});

test('20 parallel uses of one backup code give exactly one session; the code is then spent', async () => {
  const user = await createUser(server, await createOrg(server));
  const { backupCodes } = await enrollTotp(server, user);
  const code = backupCodes[0]!;
  const pendings = [];
  for (let i = 0; i < 20; i++) pendings.push(await server.client().signInWithPassword({ username: user.username, password: user.password }));
  const results = await Promise.allSettled(pendings.map((p) => server.client().verify(p.pendingToken!, { method: 'backup_code', code })));
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  const { session } = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ session: { token: string } }>).value;
  const client = server.client();
  client.setToken(session.token);
  expect((await client.me()).backupCodesLeft).toBe(9);
  // The 19 losers counted as failed attempts (a replay is a wrong code): let any delay pass.
  server.clock.advance(60_000);
  // Typed loosely (lower case, spaces) it is still the same, spent, code.
  const later = await server.client().signInWithPassword({ username: user.username, password: user.password });
  const loose = code.toLowerCase().replace(/-/g, ' ');
  expect((await failure(server.client().verify(later.pendingToken!, { method: 'backup_code', code: loose }))).code).toBe('invalid_code');
  server.clock.advance(60_000);
  await server.client().verify(later.pendingToken!, { method: 'backup_code', code: backupCodes[1]!.toLowerCase().replace(/-/g, ' ') });
});

test('backup codes are stored as keyed hashes', async () => {
  const user = await createUser(server, await createOrg(server));
  const { backupCodes } = await enrollTotp(server, user);
  const rows = await server.store.db.selectFrom('backup_codes').select('code_hash').where('user_id', '=', user.id).execute();
  expect(rows).toHaveLength(10);
  const stored = rows.map((r) => r.code_hash).join(' ');
  for (const code of backupCodes) expect(stored).not.toContain(code.replace(/-/g, ''));
  expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.code_hash))).toBe(true);
});

test('regenerating backup codes (after step-up) voids the old set', async () => {
  const user = await createUser(server, await createOrg(server));
  const { backupCodes: old, secret } = await enrollTotp(server, user);
  const { client } = await signIn(server, user, secret);
  expect((await failure(client.regenerateBackupCodes())).code).toBe('step_up_required');
  await client.stepUp({ password: user.password, method: 'totp', code: codeFor(secret, server.clock.now()) });
  const { codes } = await client.regenerateBackupCodes();
  expect(codes).toHaveLength(10);
  expect(codes.some((c) => old.includes(c))).toBe(false);
  const attempt = await server.client().signInWithPassword({ username: user.username, password: user.password });
  expect((await failure(server.client().verify(attempt.pendingToken!, { method: 'backup_code', code: old[0]! }))).code).toBe('invalid_code');
  await server.client().verify(attempt.pendingToken!, { method: 'backup_code', code: codes[0]! });
});

test('the pending token is spent by a successful verify and expires after 10 minutes', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  const a = await server.client().signInWithPassword({ username: user.username, password: user.password });
  expect(Date.parse(a.pendingExpiresAt!) - server.clock.now()).toBeLessThanOrEqual(10 * 60_000);
  await server.client().verify(a.pendingToken!, { method: 'totp', code: codeFor(secret, server.clock.now()) });
  server.clock.advance(30_000);
  expect((await failure(server.client().verify(a.pendingToken!, { method: 'totp', code: codeFor(secret, server.clock.now()) }))).code).toBe('pending_expired');

  const b = await server.client().signInWithPassword({ username: user.username, password: user.password });
  server.clock.advance(10 * 60_000 + 1000);
  const expired = await failure(server.client().verify(b.pendingToken!, { method: 'totp', code: codeFor(secret, server.clock.now()) }));
  expect(expired).toMatchObject({ status: 401, code: 'pending_expired' });
});

test('unknown user and wrong password answer with identical status and body', async () => {
  const user = await createUser(server, await createOrg(server));
  const unknown = await raw(server.baseUrl, 'POST', Paths.signInPassword, { body: JSON.stringify({ username: 'nobody@example.com', password: 'whatever-password' }) });
  const wrong = await raw(server.baseUrl, 'POST', Paths.signInPassword, { body: JSON.stringify({ username: user.username, password: 'whatever-password' }) });
  expect(unknown.status).toBe(401);
  expect(wrong.status).toBe(unknown.status);
  expect(wrong.text).toBe(unknown.text);
  expect(wrong.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
  expect(unknown.json.code).toBe('invalid_credentials');
});

test('password attempts are limited per account, known or unknown alike, with Retry-After', async () => {
  const user = await createUser(server, await createOrg(server));
  for (let i = 0; i < 10; i++) {
    await failure(server.client().signInWithPassword({ username: user.username, password: `wrong-${i}` }));
    await failure(server.client().signInWithPassword({ username: 'ghost@example.com', password: `wrong-${i}` }));
  }
  const known = await raw(server.baseUrl, 'POST', Paths.signInPassword, { body: JSON.stringify({ username: user.username, password: user.password }) });
  const ghost = await raw(server.baseUrl, 'POST', Paths.signInPassword, { body: JSON.stringify({ username: 'ghost@example.com', password: 'x' }) });
  expect(known.status).toBe(429);
  expect(known.json.code).toBe('rate_limited');
  expect(Number(known.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(ghost.text).toBe(known.text);
  server.clock.advance(15 * 60_000);
  expect((await server.client().signInWithPassword({ username: user.username, password: user.password })).next).toBe('done');
});

test('the policy a client reads says mobile apps need a PIN when 2FA is org policy', async () => {
  const org = await createOrg(server, { require2fa: true });
  const user = await createUser(server, org);
  const { client } = await enrollTotp(server, user).then(async (e) => ({ client: e.client }));
  expect((await client.policy('mobile')).appPinRequired).toBe(true);
  expect((await client.policy('outlook-addin')).appPinRequired).toBe(false);
  await server.services.administration.setPolicy(org.id, { require2fa: false }, { ip: null, userAgent: null, actorId: null });
  expect((await client.policy('mobile')).appPinRequired).toBe(false);
});

function base32ToBytes(input: string): number[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of input) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  return (bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2));
}

test('one pending sign-in, several right codes in parallel: one session, the others find it spent; all of it audited once', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret, backupCodes } = await enrollTotp(server, user);
  const pending = await server.client().signInWithPassword({ username: user.username, password: user.password });
  const attempts = [
    { method: 'totp' as const, code: codeFor(secret, server.clock.now()) },
    ...backupCodes.slice(0, 5).map((code) => ({ method: 'backup_code' as const, code })),
  ];
  const results = await Promise.allSettled(attempts.map((body) => server.client().verify(pending.pendingToken!, body)));
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  for (const r of results) {
    if (r.status === 'rejected') expect((r.reason as { status?: number; code?: string })).toMatchObject({ status: 401 });
  }
  const db = server.store.db;
  const sessions = await db.selectFrom('tokens').select('id').where('user_id', '=', user.id).where('kind', '=', 'session').execute();
  expect(sessions).toHaveLength(2); // the enrollment's session and the one winner
  const created = await db.selectFrom('audit_events').select('detail').where('user_id', '=', user.id).where('event', '=', 'session.created').execute();
  expect(created.filter((e) => e.detail?.includes('"second_factor":true') && e.detail.includes('"via":"full"'))).toHaveLength(1);
  // A right code on a spent sign-in leaves no failure behind.
  const row = await db.selectFrom('users').select(['failed_2fa', 'last_sign_in_at']).where('id', '=', user.id).executeTakeFirstOrThrow();
  expect(row.failed_2fa).toBe(0);
  expect(row.last_sign_in_at).not.toBeNull();
});
