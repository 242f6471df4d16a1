import { createOrg, createUser, operator, startTestServer, type TestServer } from '../helpers/server';
import { codeFor, enrollTotp, signIn } from '../helpers/totp';
import { failure } from '../helpers/http';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const addin = { clientType: 'outlook-addin' as const, label: 'Outlook on the web', host: 'OutlookWebApp', platform: 'OfficeOnline' };

async function registeredAddin(user: { username: string; password: string }, secret: string, mailbox: string) {
  const client = server.client();
  const first = await client.signInWithPassword({ username: user.username, password: user.password, client: { type: 'outlook-addin', mailbox } });
  const { session } = await client.verify(first.pendingToken!, { method: 'totp', code: codeFor(secret, server.clock.now()) });
  server.clock.advance(30_000);
  client.setToken(session.token);
  const { registration, deviceSecret } = await client.register({ ...addin, mailbox });
  return { client, registration, deviceSecret };
}

test('a registered device signs in later with its secret and a code, no password', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  const { registration, deviceSecret, client } = await registeredAddin(user, secret, user.username);
  expect(registration.mailboxHint).toMatch(/^u•••@example\.com$/);
  expect((await client.registrations()).registrations.map((r) => r.id)).toEqual([registration.id]);

  const start = await server.client().signInWithDevice({ registrationId: registration.id, deviceSecret, mailbox: user.username });
  expect(start.next).toBe('verify');
  const { session } = await server.client().verify(start.pendingToken!, { method: 'totp', code: codeFor(secret, server.clock.now()) });
  const device = server.client();
  device.setToken(session.token);
  expect((await device.me()).session).toMatchObject({ clientType: 'outlook-addin', registrationId: registration.id });
});

test('a wrong device secret, another mailbox, or a revoked registration answer credentials_changed', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  const { registration, deviceSecret, client } = await registeredAddin(user, secret, user.username);
  const attempt = (body: Partial<{ deviceSecret: string; mailbox: string }>) =>
    failure(server.client().signInWithDevice({ registrationId: registration.id, deviceSecret, mailbox: user.username, ...body }));
  expect((await attempt({ deviceSecret: 'x'.repeat(43) })).code).toBe('credentials_changed');
  expect((await attempt({ mailbox: 'someone.else@example.com' })).code).toBe('credentials_changed');

  // A session opened through the registration ends with it.
  const start = await server.client().signInWithDevice({ registrationId: registration.id, deviceSecret, mailbox: user.username });
  const { session } = await server.client().verify(start.pendingToken!, { method: 'totp', code: codeFor(secret, server.clock.now()) });
  server.clock.advance(30_000);
  const device = server.client();
  device.setToken(session.token);
  // Revoked from elsewhere (the portal's devices list): the device's sessions end with it.
  const portal = await signIn(server, user, secret);
  expect((await portal.client.registrations()).registrations.map((r) => r.id)).toEqual([registration.id]);
  await portal.client.revokeRegistration(registration.id);
  expect((await failure(device.me())).code).toBe('credentials_changed');
  expect((await failure(client.me())).code).toBe('credentials_changed');
  expect((await attempt({})).code).toBe('credentials_changed');
  expect((await portal.client.registrations()).registrations).toHaveLength(0);
});

test('registering needs a fresh full sign-in: a session from a device sign-in cannot mint more registrations', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  const { registration, deviceSecret } = await registeredAddin(user, secret, user.username);
  const start = await server.client().signInWithDevice({ registrationId: registration.id, deviceSecret });
  const { session } = await server.client().verify(start.pendingToken!, { method: 'totp', code: codeFor(secret, server.clock.now()) });
  server.clock.advance(30_000);
  const device = server.client();
  device.setToken(session.token);
  expect((await failure(device.register(addin))).code).toBe('step_up_required');
  // A full sign-in too old to count needs a step-up as well.
  const { client } = await signIn(server, user, secret);
  server.clock.advance(11 * 60_000);
  expect((await failure(client.register(addin))).code).toBe('step_up_required');
});

test('a password change needs the old password and a code, bumps the epoch: other sessions and registrations get credentials_changed', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  const { registration, deviceSecret } = await registeredAddin(user, secret, user.username);
  const other = await signIn(server, user, secret);
  const { client } = await signIn(server, user, secret);
  const newPassword = 'a much longer new passphrase';

  expect((await failure(client.changePassword({ currentPassword: user.password, newPassword }))).code).toBe('invalid_request');
  expect((await failure(client.changePassword({ currentPassword: 'not the password', newPassword, method: 'totp', code: codeFor(secret, server.clock.now()) }))).code).toBe('invalid_credentials');
  expect((await failure(client.changePassword({ currentPassword: user.password, newPassword: 'short', method: 'totp', code: codeFor(secret, server.clock.now()) }))).code).toBe('weak_password');
  await client.changePassword({ currentPassword: user.password, newPassword, method: 'totp', code: codeFor(secret, server.clock.now()) });
  server.clock.advance(30_000);

  // This session goes on; the others and the device registration must sign in again with password + code.
  expect((await client.me()).user.id).toBe(user.id);
  expect((await failure(other.client.me())).code).toBe('credentials_changed');
  expect((await failure(server.client().signInWithDevice({ registrationId: registration.id, deviceSecret }))).code).toBe('credentials_changed');
  expect((await failure(server.client().signInWithPassword({ username: user.username, password: user.password }))).code).toBe('invalid_credentials');
  expect((await server.client().signInWithPassword({ username: user.username, password: newPassword })).next).toBe('verify');
});

test('an admin 2FA reset ends sessions and registrations; the user enrolls again when the org requires it', async () => {
  const org = await createOrg(server, { require2fa: true });
  const user = await createUser(server, org);
  const { secret } = await enrollTotp(server, user);
  const { registration, deviceSecret, client } = await registeredAddin(user, secret, user.username);
  await server.services.administration.resetTwoFactor(user.username, operator);
  expect((await failure(client.me())).code).toBe('credentials_changed');
  expect((await failure(server.client().signInWithDevice({ registrationId: registration.id, deviceSecret }))).code).toBe('credentials_changed');
  expect((await server.client().signInWithPassword({ username: user.username, password: user.password })).next).toBe('enroll');
});

test('sessions: listed, one revoked, all others signed out; limits follow the org policy at each check', async () => {
  const org = await createOrg(server);
  const user = await createUser(server, org);
  const { secret } = await enrollTotp(server, user);
  const a = await signIn(server, user, secret);
  const b = await signIn(server, user, secret);
  const c = await signIn(server, user, secret);
  const listed = (await a.client.sessions()).sessions;
  expect(listed.filter((s) => s.current).map((s) => s.id)).toEqual([a.session.sessionId]);
  expect(listed.map((s) => s.id)).toEqual(expect.arrayContaining([a.session.sessionId, b.session.sessionId, c.session.sessionId]));
  await a.client.revokeSession(b.session.sessionId);
  expect((await failure(b.client.me())).code).toBe('unauthenticated');
  expect((await a.client.revokeOtherSessions()).count).toBeGreaterThanOrEqual(1);
  expect((await failure(c.client.me())).code).toBe('unauthenticated');

  // Idle limit: 60 minutes by default; a tighter policy applies at once.
  const d = await signIn(server, user, secret);
  await server.services.administration.setPolicy(org.id, { sessionIdleSeconds: 600 }, operator);
  server.clock.advance(11 * 60_000);
  expect((await failure(d.client.me())).code).toBe('session_expired');
  // Absolute limit: even a busy session ends at the maximum age.
  const e = await signIn(server, user, secret);
  await server.services.administration.setPolicy(org.id, { sessionMaxAgeSeconds: 3600, sessionIdleSeconds: 600 }, operator);
  for (let i = 0; i < 6; i++) {
    server.clock.advance(9 * 60_000);
    await e.client.me();
  }
  server.clock.advance(9 * 60_000);
  expect((await failure(e.client.me())).code).toBe('session_expired');
});

test('turning 2FA off (last method, after step-up) is refused while the org requires it', async () => {
  const org = await createOrg(server, { require2fa: true });
  const user = await createUser(server, org);
  const { secret, client } = await enrollTotp(server, user);
  const factorId = (await client.me()).factors[0]!.id;
  expect((await failure(client.removeFactor(factorId))).code).toBe('step_up_required');
  await client.stepUp({ password: user.password, method: 'totp', code: codeFor(secret, server.clock.now()) });
  expect((await failure(client.removeFactor(factorId))).code).toBe('policy_violation');
  await server.services.administration.setPolicy(org.id, { require2fa: false }, operator);
  await client.removeFactor(factorId);
  const me = await client.me();
  expect(me.twoFactorEnabled).toBe(false);
  expect(me.backupCodesLeft).toBe(0);
});
