/**
 * The first administrator's generated password is marked for change at first
 * sign-in: until a new one is chosen, account and admin actions answer 403
 * password_change_required; /me, enrolment and the password change work.
 */
import fs from 'node:fs';
import { AdminPaths } from '../../src/shared/admin-routes';
import { ApiError } from '../../src/shared/api-client';
import { seedIfEmpty } from '../../src/server/seed';
import { cliContext } from '../../src/server/services/audit';
import { startTestServer, type TestServer } from '../helpers/server';
import { codeFor } from '../helpers/totp';

const actor = { ...cliContext, actorId: null };
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const refused = async (call: Promise<unknown>) => {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).problem).toMatchObject({ status: 403, code: 'password_change_required' });
  expect((error as ApiError).problem.detail).toMatch(/new password/);
};

test('the bootstrap admin must choose a new password before any other account or admin action; enrolment still works', async () => {
  const seeded = await seedIfEmpty(server.services, server.dataDir, { production: true, bootstrap: { org: 'Contoso', admin: 'it@contoso.example' } });
  if (!seeded?.created) throw new Error('not seeded');
  const generated = fs.readFileSync(seeded.passwordFile, 'utf8').trim();

  const client = server.client();
  const first = await client.signInWithPassword({ username: 'it@contoso.example', password: generated });
  expect(first.next).toBe('done');
  client.setToken(first.session!.token);

  const me = await client.me();
  expect(me.passwordChangeRequired).toBe(true);
  await refused(client.sessions());
  await refused(client.regenerateBackupCodes());
  await refused(client.request('GET', AdminPaths.users, undefined));
  await refused(client.request('GET', AdminPaths.policy, undefined));

  // Two-step enrolment goes on (Confirm it's you, then the authenticator app).
  await client.stepUp({ password: generated });
  const started = await client.startTotpEnrollment({});
  await client.confirmEnrollment({ factorId: started.factorId, code: codeFor(started.secret, server.clock.now()) });
  server.clock.advance(30_000);

  // The generated password again is not a new password.
  const same = await client.changePassword({ currentPassword: generated, newPassword: generated }).then(() => null, (e: ApiError) => e);
  expect(same?.problem.code).toBe('weak_password');
  // Just signed in (password + second step): the old password confirms the change, no second code.
  await client.changePassword({ currentPassword: generated, newPassword: 'a chosen passphrase 2026' });

  expect((await client.me()).passwordChangeRequired).toBeUndefined();
  expect((await client.sessions()).sessions).toHaveLength(1);
  expect((await client.request<{ users: unknown[] }>('GET', AdminPaths.users, undefined)).users.length).toBeGreaterThan(0);
  await expect(server.client().signInWithPassword({ username: 'it@contoso.example', password: generated })).rejects.toMatchObject({ status: 401 });
  const again = await server.client().signInWithPassword({ username: 'it@contoso.example', password: 'a chosen passphrase 2026' });
  expect(again.next).toBe('verify');
});

test('a marked session that is no longer fresh needs the second step for the change, like any password change', async () => {
  const org = await server.services.administration.createOrg('Fabrikam', {}, actor);
  const password = 'generated-Pw-8f3k2-xyz';
  const user = await server.services.administration.createUser({ orgId: org.id, username: 'first@fabrikam.example', password, role: 'admin', displayName: 'First' }, actor);
  await server.services.passwordChange.mark(user.id);
  const client = server.client();
  const first = await client.signInWithPassword({ username: 'first@fabrikam.example', password });
  client.setToken(first.session!.token);
  await client.stepUp({ password });
  const started = await client.startTotpEnrollment({});
  await client.confirmEnrollment({ factorId: started.factorId, code: codeFor(started.secret, server.clock.now()) });
  server.clock.advance(10 * 60_000);
  const noCode = await client.changePassword({ currentPassword: password, newPassword: 'another chosen passphrase' }).then(() => null, (e: ApiError) => e);
  expect(noCode?.problem).toMatchObject({ status: 400, code: 'invalid_request' });
  await refused(client.sessions());
  await client.changePassword({ currentPassword: password, newPassword: 'another chosen passphrase', method: 'totp', code: codeFor(started.secret, server.clock.now()) });
  expect((await client.sessions()).sessions).toHaveLength(1);
});

test('an operator who sets the password on the server (npm run admin -- set-password) lifts the mark', async () => {
  const org = await server.services.administration.createOrg('Northwind', {}, actor);
  const user = await server.services.administration.createUser({ orgId: org.id, username: 'first@northwind.example', password: 'generated-Pw-9q1m4-abc', role: 'admin', displayName: 'First' }, actor);
  await server.services.passwordChange.mark(user.id);
  expect(await server.services.passwordChange.isRequired(user.id)).toBe(true);
  await server.services.administration.setPassword('first@northwind.example', 'an operator chosen passphrase', actor);
  const client = server.client();
  const first = await client.signInWithPassword({ username: 'first@northwind.example', password: 'an operator chosen passphrase' });
  client.setToken(first.session!.token);
  expect((await client.me()).passwordChangeRequired).toBeUndefined();
  expect((await client.sessions()).sessions).toHaveLength(1);
});
