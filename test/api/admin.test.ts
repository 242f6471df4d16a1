/** The admin API: admin only, own org only, step-up for a 2FA reset, every action audited, bad input → problem+json. */
import { AdminPaths } from '../../src/shared/admin-routes';
import { Paths } from '../../src/shared/routes';
import { createOrg, createUser, startTestServer, type TestOrg, type TestServer } from '../helpers/server';
import { codeFor, enrollTotp, signIn, wrongCodeFor } from '../helpers/totp';
import { failure, raw } from '../helpers/http';
import { auditRows, signedInAdmin, signedInUser, type SignedInAdmin } from './admin-helpers';

let server: TestServer;
let org: TestOrg;
let otherOrg: TestOrg;
let admin: SignedInAdmin;

beforeAll(async () => {
  server = await startTestServer({ limits: { lockAfterFailures: 3, delayFromFailure: 100 } });
  org = await createOrg(server);
  otherOrg = await createOrg(server);
  admin = await signedInAdmin(server, org);
});
afterAll(() => server.close());

const json = (body: unknown) => JSON.stringify(body);

/** Every admin route, with a body that would be valid, for a given target user. */
function everyRoute(userId: string, registrationId = 'reg_unknown') {
  return [
    { method: 'GET', path: AdminPaths.policy },
    { method: 'PUT', path: AdminPaths.policy, body: json({ require2fa: false }) },
    { method: 'GET', path: AdminPaths.users },
    { method: 'POST', path: AdminPaths.users, body: json({ username: `new-${Date.now()}@example.com`, password: 'a long enough password 123' }) },
    { method: 'GET', path: AdminPaths.user(userId) },
    { method: 'POST', path: AdminPaths.resetTwoFactor(userId), body: '{}' },
    { method: 'POST', path: AdminPaths.unlock(userId), body: '{}' },
    { method: 'GET', path: AdminPaths.userRegistrations(userId) },
    { method: 'DELETE', path: AdminPaths.userRegistration(userId, registrationId) },
    { method: 'GET', path: AdminPaths.audit },
    { method: 'GET', path: AdminPaths.auditExport },
  ];
}

describe('who may call', () => {
  test('a signed-in user who is not an admin gets 403 problem+json on every admin route, and each refusal is audited', async () => {
    const { user, token } = await signedInUser(server, org);
    const before = (await auditRows(server, { event: 'admin.denied', userId: user.id })).length;
    const routes = everyRoute(user.id);
    for (const route of routes) {
      const res = await raw(server.baseUrl, route.method, route.path, { token, body: route.body });
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({ route: `${route.method} ${route.path}`, status: 403 });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.json.code).toBe('forbidden');
    }
    const denied = await auditRows(server, { event: 'admin.denied', userId: user.id });
    expect(denied.length - before).toBe(routes.length);
    expect(denied.every((row) => row.outcome === 'failure' && row.org_id === org.id)).toBe(true);
  });

  test('an admin without 2FA of their own gets 403 admin_two_factor_required on every admin route, even with a fresh step-up; after enrolling, the same session works', async () => {
    // The first admin of an org typically has no second factor: its step-up is the password alone.
    const { user, client, token } = await signedInUser(server, org, 'admin');
    const victim = await createUser(server, org);
    await enrollTotp(server, victim);
    await client.stepUp({ password: user.password });
    const routes = everyRoute(victim.id);
    for (const route of routes) {
      const res = await raw(server.baseUrl, route.method, route.path, { token, body: route.body });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.json.code).toBe('admin_two_factor_required');
      expect(res.json.detail).toMatch(/Set up two-step authentication for your own account first/i);
    }
    // Nothing happened: the victim still has 2FA, and each refusal is audited with its reason.
    expect((await server.services.factors.activeFactors(victim.id)).length).toBe(1);
    const denied = await auditRows(server, { event: 'admin.denied', userId: user.id });
    expect(denied.filter((row) => JSON.parse(row.detail ?? '{}').reason === 'admin_without_2fa')).toHaveLength(routes.length);
    // The admin sets up an authenticator app (Account Settings → Security) and may act.
    const started = await client.startTotpEnrollment({});
    await client.confirmEnrollment({ factorId: started.factorId, code: codeFor(started.secret, server.clock.now()) });
    const policy = await raw(server.baseUrl, 'GET', AdminPaths.policy, { token });
    expect(policy.status).toBe(200);
  });

  test('no token, a garbage token and a pending (password-only) token are 401 on every admin route', async () => {
    const adminUser = await createUser(server, org, { role: 'admin' });
    await enrollTotp(server, adminUser);
    const pending = await server.client().signInWithPassword({ username: adminUser.username, password: adminUser.password });
    expect(pending.next).toBe('verify');
    for (const route of everyRoute(adminUser.id)) {
      for (const token of [undefined, 'x'.repeat(43), pending.pendingToken!]) {
        const res = await raw(server.baseUrl, route.method, route.path, { token, body: route.body });
        expect(res.status).toBe(401);
        expect(res.json.code).toBe('unauthenticated');
      }
    }
  });

  test("another org's user id answers 404 on every per-user route, even with a fresh step-up", async () => {
    const stranger = await createUser(server, otherOrg);
    const { secret } = await enrollTotp(server, stranger);
    const { client } = await signIn(server, stranger, secret);
    const registration = await client.register({ clientType: 'outlook-addin', label: 'Outlook' });
    await admin.stepUp();
    const perUser = everyRoute(stranger.id, registration.registration.id).filter((r) => r.path.includes(stranger.id));
    expect(perUser).toHaveLength(5);
    for (const route of perUser) {
      const res = await raw(server.baseUrl, route.method, route.path, { token: admin.token, body: route.body });
      expect({ route: route.path, status: res.status, code: res.json.code }).toEqual({ route: route.path, status: 404, code: 'not_found' });
    }
    // The audit filter by another org's user id is 404 too, and nothing of theirs changed.
    expect((await failure(admin.admin.audit({ userId: stranger.id }))).status).toBe(404);
    expect((await client.me()).twoFactorEnabled).toBe(true);
    expect((await client.registrations()).registrations).toHaveLength(1);
    // Nor do they show up in lists.
    const listed = await admin.admin.users({ q: stranger.username });
    expect(listed.total).toBe(0);
  });
});

describe('policy', () => {
  test('GET shows the policy and how many users are not yet enrolled; PUT changes it, audited, effective at the next sign-in', async () => {
    const policyOrg = await createOrg(server);
    const boss = await signedInAdmin(server, policyOrg);
    const plain = await createUser(server, policyOrg);
    const before = await boss.admin.policy();
    expect(before.policy.require2fa).toBe(false);
    expect(before.userCount).toBe(2);
    expect(before.notEnrolledCount).toBe(1); // the admin has an authenticator app, the plain user does not

    const after = await boss.admin.setPolicy({ require2fa: true, sessionIdleSeconds: 1800 });
    expect(after.policy).toEqual({ require2fa: true, allowedMethods: ['totp', 'sms', 'email'], sessionMaxAgeSeconds: 12 * 3600, sessionIdleSeconds: 1800, allowEmailToAddinMailbox: false, passkeysAllowed: true, requireAdminPasskey: false, defaultLocale: 'en' });
    expect((await boss.admin.policy()).policy.require2fa).toBe(true);

    const next = await server.client().signInWithPassword({ username: plain.username, password: plain.password });
    expect(next.next).toBe('enroll');

    const rows = await auditRows(server, { event: 'admin.policy_changed' });
    const row = rows.find((r) => r.org_id === policyOrg.id)!;
    expect(row.actor_id).toBe(boss.user.id);
    expect(JSON.parse(row.detail!).require2fa).toBe(true);
  });

  test('a policy change that lowers protection needs the admin\'s fresh step-up; tightening never does', async () => {
    const policyOrg = await createOrg(server, { require2fa: true, allowedMethods: ['totp'], sessionIdleSeconds: 1800 });
    const boss = await signedInAdmin(server, policyOrg);
    // Tighter: no step-up asked.
    expect((await boss.admin.setPolicy({ sessionIdleSeconds: 900, sessionMaxAgeSeconds: 8 * 3600 })).policy.sessionIdleSeconds).toBe(900);
    // Each way of lowering protection is refused without one, and changes nothing.
    for (const weaker of [{ require2fa: false }, { allowedMethods: ['totp', 'sms'] as ('totp' | 'sms')[] }, { sessionIdleSeconds: 3600 }, { sessionMaxAgeSeconds: 24 * 3600 }, { allowEmailToAddinMailbox: true }]) {
      expect(await failure(boss.admin.setPolicy(weaker))).toMatchObject({ status: 403, code: 'step_up_required' });
    }
    expect((await boss.admin.policy()).policy).toEqual({ require2fa: true, allowedMethods: ['totp'], sessionMaxAgeSeconds: 8 * 3600, sessionIdleSeconds: 900, allowEmailToAddinMailbox: false, passkeysAllowed: true, requireAdminPasskey: false, defaultLocale: 'en' });
    const refused = (await auditRows(server, { event: 'admin.policy_changed' })).filter((r) => r.org_id === policyOrg.id && r.outcome === 'failure');
    expect(refused.map((r) => JSON.parse(r.detail!).weakened)).toEqual(['require2fa', 'allowedMethods', 'sessionIdleSeconds', 'sessionMaxAgeSeconds', 'allowEmailToAddinMailbox']);
    // With a fresh step-up it goes through.
    await boss.stepUp();
    expect((await boss.admin.setPolicy({ require2fa: false, allowedMethods: ['totp', 'email'] })).policy).toMatchObject({ require2fa: false, allowedMethods: ['totp', 'email'] });
  });

  test('bad policy input is a 400 problem+json and changes nothing', async () => {
    const bad = [
      '{}',
      json({ require2fa: 'yes' }),
      json({ require2fa: true, extra: 1 }),
      json({ allowedMethods: ['sms'] }),
      json({ allowedMethods: ['totp', 'pigeon'] }),
      json({ allowedMethods: [] }),
      json({ sessionMaxAgeSeconds: 10 }),
      json({ sessionIdleSeconds: 7200, sessionMaxAgeSeconds: 3600 }),
      json({ sessionIdleSeconds: 1.5 }),
      '{"require2fa": tru',
      '[]',
    ];
    const before = await admin.admin.policy();
    for (const body of bad) {
      const res = await raw(server.baseUrl, 'PUT', AdminPaths.policy, { token: admin.token, body });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.json.code).toBe('invalid_request');
    }
    const huge = await raw(server.baseUrl, 'PUT', AdminPaths.policy, { token: admin.token, body: json({ require2fa: true, pad: 'x'.repeat(20_000) }) });
    expect(huge.status).toBe(413);
    const text = await raw(server.baseUrl, 'PUT', AdminPaths.policy, { token: admin.token, body: 'require2fa=true', contentType: 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.headers.get('content-type')).toContain('application/problem+json');
    expect(await admin.admin.policy()).toEqual(before);
  });
});

describe('users', () => {
  let listOrg: TestOrg;
  let boss: SignedInAdmin;
  beforeAll(async () => {
    listOrg = await createOrg(server);
    boss = await signedInAdmin(server, listOrg);
  });

  test('create a user: 201 in the admin’s org, audited with the admin as actor; weak password, taken name and bad fields refused', async () => {
    const created = await boss.admin.createUser({ username: 'Dana.Scully@Example.com', password: 'trust no one, ever 1993', displayName: 'Dana Scully' });
    expect(created).toMatchObject({ username: 'dana.scully@example.com', displayName: 'Dana Scully', role: 'user', twoFactorEnabled: false, methods: [], locked: false, lastSignInAt: null });
    const stored = await server.services.users.byId(created.id);
    expect(stored?.org_id).toBe(listOrg.id);
    const row = (await auditRows(server, { event: 'admin.user_created', userId: created.id }))[0]!;
    expect(row.actor_id).toBe(boss.user.id);
    expect(row.detail).not.toContain('trust no one');

    // The new user can sign in with that password.
    expect((await server.client().signInWithPassword({ username: 'dana.scully@example.com', password: 'trust no one, ever 1993' })).next).toBe('done');

    expect((await failure(boss.admin.createUser({ username: 'fox@example.com', password: 'short' }))).code).toBe('weak_password');
    // Long enough, but a breached favourite with a year on it.
    expect(await failure(boss.admin.createUser({ username: 'fox@example.com', password: 'iloveyou2020' }))).toMatchObject({ status: 400, code: 'weak_password', detail: expect.stringMatching(/breaches/) });
    expect(await failure(boss.admin.createUser({ username: 'dana.scully@example.com', password: 'another long password 42' }))).toMatchObject({ status: 409, code: 'conflict', detail: expect.stringMatching(/already used in this organization/) });
    for (const body of [
      { username: 'x@example.com' },
      { username: 'x@example.com', password: 'a long enough password 123', role: 'root' },
      { username: 'x@example.com', password: 'a long enough password 123', orgId: otherOrg.id },
      { username: 'x@example.com', password: 'a long enough password 123', email: 'not an email' },
      { username: 42, password: 'a long enough password 123' },
    ]) {
      const res = await raw(server.baseUrl, 'POST', AdminPaths.users, { token: boss.token, body: json(body) });
      expect({ body, status: res.status, code: res.json.code }).toEqual({ body, status: 400, code: 'invalid_request' });
    }
    expect((await server.services.users.byUsername('x@example.com'))).toBeUndefined();
  });

  test("creating a user whose name another org uses answers a generic refusal that does not confirm the other org's user, and is audited", async () => {
    const foreign = await createUser(server, otherOrg, { username: `mulder-${Date.now()}@fbi.example` });
    const refused = await failure(boss.admin.createUser({ username: foreign.username, password: 'another long password 42' }));
    expect(refused).toMatchObject({ status: 409, code: 'conflict', detail: 'This username cannot be used. Choose another one.' });
    expect(refused.detail).not.toContain(foreign.username);
    expect(refused.detail).not.toMatch(/taken|exists|already/i);
    expect((await server.services.users.byUsername(foreign.username))?.org_id).toBe(otherOrg.id);
    const rows = await auditRows(server, { event: 'admin.user_create_refused' });
    const row = rows.find((r) => r.actor_id === boss.user.id)!;
    expect(row).toMatchObject({ org_id: listOrg.id, user_id: null });
    expect(JSON.stringify(row)).not.toContain(foreign.id);
  });

  test('list and search: 2FA status, methods, lock, last sign-in; filters; paging', async () => {
    const alice = await createUser(server, listOrg, { username: 'alice.liddell@example.com' });
    const { secret } = await enrollTotp(server, alice);
    await signIn(server, alice, secret);
    const bob = await createUser(server, listOrg, { username: 'bob_1@example.com' });
    await createUser(server, listOrg, { username: 'bobx1@example.com' });

    const all = await boss.admin.users();
    expect(all.total).toBeGreaterThanOrEqual(4);
    const aliceRow = all.users.find((u) => u.id === alice.id)!;
    expect(aliceRow).toMatchObject({ twoFactorEnabled: true, methods: ['totp'], backupCodesLeft: 10, locked: false });
    expect(aliceRow.lastSignInAt).not.toBeNull();
    expect(all.users.map((u) => u.username)).toEqual([...all.users.map((u) => u.username)].sort());

    // Search is literal (a _ or % is not a wildcard) and case-insensitive.
    expect((await boss.admin.users({ q: 'BOB_1' })).users.map((u) => u.id)).toEqual([bob.id]);
    expect((await boss.admin.users({ q: 'b%1' })).total).toBe(0);
    expect((await boss.admin.users({ q: 'bob' })).total).toBe(2);
    expect((await boss.admin.users({ q: 'liddell', status: 'enrolled' })).users.map((u) => u.id)).toEqual([alice.id]);
    expect((await boss.admin.users({ q: 'liddell', status: 'not_enrolled' })).total).toBe(0);
    expect((await boss.admin.users({ status: 'not_enrolled' })).users.every((u) => !u.twoFactorEnabled)).toBe(true);

    const page1 = await boss.admin.users({ limit: 2 });
    const page2 = await boss.admin.users({ limit: 2, offset: 2 });
    expect(page1.users).toHaveLength(2);
    expect(page1.total).toBe(all.total);
    expect(page2.offset).toBe(2);
    expect(page2.users[0]?.id).not.toBe(page1.users[0]?.id);
    expect((await boss.admin.users({ limit: 100000 })).limit).toBe(100);

    for (const q of ['?limit=abc', '?limit=-1', '?status=sleepy', '?org=all', '?offset=1.5']) {
      const res = await raw(server.baseUrl, 'GET', AdminPaths.users + q, { token: boss.token });
      expect({ q, status: res.status, code: res.json.code }).toEqual({ q, status: 400, code: 'invalid_request' });
    }
    const badId = await raw(server.baseUrl, 'GET', `${AdminPaths.users}/not%20an%20id!`, { token: boss.token });
    expect(badId.status).toBe(400);
  });

  test('reset 2FA needs the admin’s own fresh step-up; then the user’s factors, sessions and add-in registration end (credentials_changed)', async () => {
    const carol = await createUser(server, listOrg);
    const { secret } = await enrollTotp(server, carol);
    const { client: carolClient } = await signIn(server, carol, secret);
    const { registration, deviceSecret } = await carolClient.register({ clientType: 'outlook-addin', label: 'Outlook on Windows', host: 'Outlook', mailbox: 'carol@example.com' });

    // A fresh session is not enough: step-up first. The refusal is audited.
    const refused = await failure(boss.admin.resetTwoFactor(carol.id));
    expect(refused).toMatchObject({ status: 403, code: 'step_up_required' });
    expect((await auditRows(server, { event: 'admin.two_factor_reset', userId: carol.id })).map((r) => r.outcome)).toEqual(['failure']);
    expect((await carolClient.me()).twoFactorEnabled).toBe(true);

    // A wrong code at step-up does not open it.
    const wrongStepUp = await failure(boss.client.stepUp({ password: boss.user.password, method: 'totp', code: wrongCodeFor(boss.secret, server.clock.now()) }));
    expect(wrongStepUp.code).toBe('invalid_code');
    expect((await failure(boss.admin.resetTwoFactor(carol.id))).code).toBe('step_up_required');

    await boss.stepUp();
    const reset = await boss.admin.resetTwoFactor(carol.id);
    expect(reset).toMatchObject({ id: carol.id, twoFactorEnabled: false, methods: [], backupCodesLeft: 0 });
    expect((await failure(carolClient.me())).code).toBe('credentials_changed');
    expect((await failure(server.client().signInWithDevice({ registrationId: registration.id, deviceSecret }))).code).toBe('credentials_changed');
    expect(await boss.admin.registrations(carol.id)).toEqual([]);
    const rows = await auditRows(server, { event: 'admin.two_factor_reset', userId: carol.id });
    expect(rows.map((r) => [r.outcome, r.actor_id])).toEqual([
      ['failure', boss.user.id],
      ['failure', boss.user.id],
      ['success', boss.user.id],
    ]);

    // The step-up stays fresh for minutes only.
    server.clock.advance(6 * 60_000);
    expect((await failure(boss.admin.resetTwoFactor(carol.id))).code).toBe('step_up_required');
    // …and the admin's session must itself still be good (idle limit): sign in again for later tests.
    const again = await signIn(server, boss.user, boss.secret);
    boss.client.setToken(again.session.token);
    boss.token = again.session.token;
  });

  test('unlock: a user locked after wrong codes shows as locked, the admin unlocks, the user signs in; audited', async () => {
    const dave = await createUser(server, listOrg);
    const { secret } = await enrollTotp(server, dave);
    for (let i = 0; i < 3; i++) {
      const pending = await server.client().signInWithPassword({ username: dave.username, password: dave.password });
      await failure(server.client().verify(pending.pendingToken!, { method: 'totp', code: wrongCodeFor(secret, server.clock.now()) }));
    }
    const locked = await boss.admin.user(dave.id);
    expect(locked.locked).toBe(true);
    expect(locked.lockedUntil).not.toBeNull();
    expect((await boss.admin.users({ status: 'locked' })).users.map((u) => u.id)).toEqual([dave.id]);
    // While locked, the right code is refused.
    const blocked = await server.client().signInWithPassword({ username: dave.username, password: dave.password });
    expect((await failure(server.client().verify(blocked.pendingToken!, { method: 'totp', code: codeFor(secret, server.clock.now()) }))).code).toBe('invalid_code');

    const unlocked = await boss.admin.unlock(dave.id);
    expect(unlocked.locked).toBe(false);
    server.clock.advance(30_000);
    await signIn(server, dave, secret);
    const row = (await auditRows(server, { event: 'admin.unlocked', userId: dave.id }))[0]!;
    expect(row.actor_id).toBe(boss.user.id);
  });

  test('a user’s registrations: listed for the admin, one revoked (audited), the device must sign in again', async () => {
    const erin = await createUser(server, listOrg);
    const { secret } = await enrollTotp(server, erin);
    const { client } = await signIn(server, erin, secret);
    const outlook = await client.register({ clientType: 'outlook-addin', label: 'Outlook on Mac', host: 'Outlook', platform: 'Mac', mailbox: 'erin@example.com' });
    const listed = await boss.admin.registrations(erin.id);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: outlook.registration.id, clientType: 'outlook-addin', host: 'Outlook', platform: 'Mac', mailboxHint: 'e•••@example.com' });
    expect(JSON.stringify(listed)).not.toContain(outlook.deviceSecret);

    expect((await failure(boss.admin.revokeRegistration(erin.id, 'no_such_registration'))).status).toBe(404);
    await boss.admin.revokeRegistration(erin.id, outlook.registration.id);
    expect(await boss.admin.registrations(erin.id)).toEqual([]);
    expect((await failure(server.client().signInWithDevice({ registrationId: outlook.registration.id, deviceSecret: outlook.deviceSecret }))).code).toBe('credentials_changed');
    const row = (await auditRows(server, { event: 'registration.revoked', userId: erin.id }))[0]!;
    expect(row.actor_id).toBe(boss.user.id);
  });
});

test('the OpenAPI document lists the admin routes', async () => {
  const res = await raw(server.baseUrl, 'GET', '/api/openapi.json');
  const paths = Object.keys(res.json.paths);
  for (const p of ['/api/v1/admin/policy', '/api/v1/admin/users', '/api/v1/admin/users/{id}/reset-2fa', '/api/v1/admin/audit', '/api/v1/admin/audit/export']) {
    expect(paths).toContain(p);
  }
  expect(paths).toContain(Paths.me);
});
