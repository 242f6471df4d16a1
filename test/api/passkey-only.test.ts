/**
 * A user whose only second factor is a passkey, over real HTTP: the passkey counts as a factor everywhere one
 * is counted. Step-up and password change need the passkey (not the password alone), Account Settings reports
 * two-step on, backup codes can be made, and removing the last passkey follows the last-method rules (org
 * policy, every other session ends). The passkey proof itself (a real WebAuthn assertion) runs in the browser
 * suite; here a session's fresh passkey step-up is set in the database, as PasskeyAuthService.stepUp sets it.
 */
import crypto from 'node:crypto';
import { PasskeyClient } from '../../src/shared/passkey-client';
import { createOrg, createUser, startTestServer, type TestOrg, type TestServer, type TestUser } from '../helpers/server';
import { failure } from '../helpers/http';
import { codeFor, enrollTotp, signIn } from '../helpers/totp';
import { auditRows, signedInAdmin, signedInUser } from './admin-helpers';

let server: TestServer;
let org: TestOrg;

beforeAll(async () => {
  server = await startTestServer();
  org = await createOrg(server);
});
afterAll(() => server.close());

async function storePasskey(user: TestUser, name = 'Laptop'): Promise<string> {
  const id = crypto.randomBytes(16).toString('base64url');
  await server.store.db.insertInto('passkeys').values({ id, user_id: user.id, name, public_key: crypto.randomBytes(77).toString('base64url'), counter: 0, transports: null, created_at: server.clock.now(), last_used_at: null }).execute();
  return id;
}

/** What a verified passkey step-up leaves on the user's sessions (PasskeyAuthService.stepUp). */
async function passkeyStepUp(user: TestUser): Promise<void> {
  const now = server.clock.now();
  await server.store.db.updateTable('tokens').set({ step_up_at: now, passkey_step_up_at: now }).where('user_id', '=', user.id).execute();
}

/** A signed-in user (signed in before the passkey was added) whose only second factor is a passkey. */
async function passkeyOnlyUser(o: TestOrg = org) {
  const signedIn = await signedInUser(server, o);
  const passkeyId = await storePasskey(signedIn.user);
  return { ...signedIn, passkeyId };
}

test('step-up: the password alone is refused for a passkey-only user (step_up_required, audited); after the passkey it passes', async () => {
  const { user, client } = await passkeyOnlyUser();
  const refused = await failure(client.stepUp({ password: user.password }));
  expect(refused).toMatchObject({ status: 403, code: 'step_up_required' });
  expect(refused.detail).toMatch(/passkey/);
  expect((await client.me()).stepUpExpiresAt).toBeNull();
  const audited = await auditRows(server, { event: 'step_up.second_factor', userId: user.id });
  expect(audited.map((a) => JSON.parse(a.detail ?? '{}').reason)).toEqual(['passkey_needed']);
  // A factor cannot be bound on the password alone (DESIGN: binding a new factor needs a factor the user holds).
  expect(await failure(new PasskeyClient(client).registrationOptions())).toMatchObject({ status: 403, code: 'step_up_required' });
  await passkeyStepUp(user);
  await client.stepUp({ password: user.password });
  expect((await client.me()).stepUpExpiresAt).not.toBeNull();
});

test('password change: a passkey-only user needs the passkey too; the wrong password is still refused first', async () => {
  const { user, client } = await passkeyOnlyUser();
  const next = 'a brand new passphrase 42';
  expect(await failure(client.changePassword({ currentPassword: user.password, newPassword: next }))).toMatchObject({ status: 403, code: 'step_up_required' });
  await passkeyStepUp(user);
  expect(await failure(client.changePassword({ currentPassword: 'not the password', newPassword: next }))).toMatchObject({ status: 401, code: 'invalid_credentials' });
  await client.changePassword({ currentPassword: user.password, newPassword: next });
  const again = await server.client().signInWithPassword({ username: user.username, password: next });
  expect(again.next).toBe('verify');
});

test('Account Settings: two-step is on for a passkey-only user (and off again when the org does not allow passkeys)', async () => {
  const { client } = await passkeyOnlyUser();
  const me = await client.me();
  expect(me.twoFactorEnabled).toBe(true);
  expect(me.factors).toEqual([]);
  const strict = await createOrg(server, { passkeysAllowed: false });
  const other = await signedInUser(server, strict);
  await storePasskey(other.user);
  expect((await other.client.me()).twoFactorEnabled).toBe(false);
});

test('backup codes: a passkey-only user may create them (they cover a lost passkey), after the passkey step-up', async () => {
  const { user, client } = await passkeyOnlyUser();
  await passkeyStepUp(user);
  const { codes } = await client.regenerateBackupCodes();
  expect(codes.length).toBeGreaterThan(0);
  expect((await client.me()).backupCodesLeft).toBe(codes.length);
});

test('removing the last passkey when it is the last factor: refused while the org requires 2FA', async () => {
  const strict = await createOrg(server, { require2fa: true });
  const user = await createUser(server, strict);
  // Signed in before the org's requirement could ask for a method: the session is made directly.
  const grant = await server.services.tokens.issueSession((await server.services.users.byId(user.id))!, 'full', { ip: '127.0.0.1', clientType: 'web', userAgent: null }, null, await server.services.policies.forOrg(strict.id));
  const client = server.client();
  client.setToken(grant.token);
  const passkeyId = await storePasskey(user);
  await passkeyStepUp(user);
  expect(await failure(new PasskeyClient(client).remove(passkeyId))).toMatchObject({ status: 409, code: 'policy_violation' });
  expect(await server.services.passkeys.count(user.id)).toBe(1);
  // With a second passkey, one may go.
  const second = await storePasskey(user, 'Phone');
  await new PasskeyClient(client).remove(second);
  expect(await server.services.passkeys.count(user.id)).toBe(1);
});

test('removing the last passkey when it is the last factor turns 2FA off: backup codes go and every other session ends', async () => {
  const { user, client, passkeyId } = await passkeyOnlyUser();
  const otherSession = server.client();
  const result = await otherSession.signInWithPassword({ username: user.username, password: user.password });
  expect(result.next).toBe('verify');
  await passkeyStepUp(user);
  await client.regenerateBackupCodes();
  const before = (await server.services.users.byId(user.id))!.credential_epoch;
  await new PasskeyClient(client).remove(passkeyId);
  const me = await client.me();
  expect(me.twoFactorEnabled).toBe(false);
  expect(me.backupCodesLeft).toBe(0);
  const off = await auditRows(server, { event: 'two_factor.off', userId: user.id });
  expect(off).toHaveLength(1);
  expect((await server.services.users.byId(user.id))!.credential_epoch).toBe(before + 1);
  // The other sign-in (started before) is refused now; this session stays.
  expect(await failure(new PasskeyClient(otherSession).verifyOptions(result.pendingToken!))).toMatchObject({ status: 401 });
});

test('removing the last code method keeps 2FA on when a passkey remains (no epoch bump, backup codes kept)', async () => {
  const user = await createUser(server, org);
  const { secret } = await enrollTotp(server, user);
  const { client } = await signIn(server, user, secret);
  await storePasskey(user);
  await client.stepUp({ password: user.password, method: 'totp', code: codeFor(secret, server.clock.now()) });
  const before = (await server.services.users.byId(user.id))!.credential_epoch;
  const me = await client.me();
  const left = me.backupCodesLeft;
  await client.removeFactor(me.factors[0]!.id);
  const after = await client.me();
  expect(after.twoFactorEnabled).toBe(true);
  expect(after.backupCodesLeft).toBe(left);
  expect((await server.services.users.byId(user.id))!.credential_epoch).toBe(before);
  const removed = await auditRows(server, { event: 'factor.removed', userId: user.id });
  expect(JSON.parse(removed[0]!.detail ?? '{}').two_factor_off).toBe(false);
});

test('Admin → Users and Policies: a passkey-only user counts as set up (filters and the not-enrolled count too)', async () => {
  const own = await createOrg(server);
  const boss = await signedInAdmin(server, own);
  const { user } = await passkeyOnlyUser(own);
  const plain = await createUser(server, own);
  await boss.stepUp();
  const row = await boss.admin.user(user.id);
  expect(row.twoFactorEnabled).toBe(true);
  expect((await boss.admin.users({ status: 'enrolled' })).users.map((u) => u.id)).toContain(user.id);
  const notEnrolled = (await boss.admin.users({ status: 'not_enrolled' })).users.map((u) => u.id);
  expect(notEnrolled).not.toContain(user.id);
  expect(notEnrolled).toContain(plain.id);
  // The admin (app) and the passkey-only user are set up; the plain user is not.
  expect((await boss.admin.policy()).notEnrolledCount).toBe(1);
});

test('lost passkey: a passkey-only user’s backup codes are offered after the password and sign in; they confirm a step-up too', async () => {
  const { user, client } = await passkeyOnlyUser();
  await passkeyStepUp(user);
  const { codes } = await client.regenerateBackupCodes();
  const answer = await server.client().signInWithPassword({ username: user.username, password: user.password });
  expect(answer).toMatchObject({ next: 'verify', passkey: true, methods: [{ method: 'backup_code' }] });
  const { session } = await server.client().verify(answer.pendingToken!, { method: 'backup_code', code: codes[0]! });
  expect(session.token).toBeTruthy();
  const fresh = server.client();
  fresh.setToken(session.token);
  await fresh.stepUp({ password: user.password, method: 'backup_code', code: codes[1]! });
  expect((await fresh.me()).backupCodesLeft).toBe(codes.length - 2);
});
