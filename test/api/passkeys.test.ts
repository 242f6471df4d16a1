/**
 * The passkey API over real HTTP (the WebAuthn ceremonies themselves run in a
 * real browser: test/e2e/passkeys.test.ts). Here: the options a browser gets
 * (RP id from PUBLIC_URL, attestation none, a discoverable credential, the
 * challenge kept in the database for 2 minutes), refusals as problem+json,
 * step-up before adding or removing, the two policy switches, and an admin's
 * 2FA reset removing passkeys.
 */
import crypto from 'node:crypto';
import { PasskeyClient } from '../../src/shared/passkey-client';
import { PasskeyPaths } from '../../src/shared/passkey-routes';
import { createOrg, createUser, operator, startTestServer, type TestOrg, type TestServer, type TestUser } from '../helpers/server';
import { failure, raw } from '../helpers/http';
import { signedInAdmin, signedInUser } from './admin-helpers';

let server: TestServer;
let org: TestOrg;

beforeAll(async () => {
  server = await startTestServer();
  org = await createOrg(server);
});
afterAll(() => server.close());

/** A stored passkey row (its public key is never used here: no assertion is checked in this file). */
async function storePasskey(user: TestUser, name = 'Laptop'): Promise<string> {
  const id = crypto.randomBytes(16).toString('base64url');
  await server.store.db.insertInto('passkeys').values({ id, user_id: user.id, name, public_key: crypto.randomBytes(77).toString('base64url'), counter: 0, transports: null, created_at: server.clock.now(), last_used_at: null }).execute();
  return id;
}

const assertion = (id: string) => ({
  id,
  rawId: id,
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: 'AAAA', origin: server.passkeyUrl })).toString('base64url'), authenticatorData: 'AAAA', signature: 'AAAA' },
});

test('sign-in options: RP id is PUBLIC_URL’s host, no credentials listed (no username), the challenge is stored for 2 minutes', async () => {
  const res = await raw(server.baseUrl, 'POST', PasskeyPaths.signInOptions, { body: '{}' });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const { options, expiresAt } = res.json as { options: { rpId: string; challenge: string; allowCredentials?: unknown[] }; expiresAt: string };
  expect(options.rpId).toBe('localhost');
  expect(options.allowCredentials ?? []).toEqual([]);
  expect(Date.parse(expiresAt) - server.clock.now()).toBe(120_000);
  const row = await server.store.db.selectFrom('webauthn_challenges').selectAll().where('challenge', '=', options.challenge).executeTakeFirst();
  expect(row).toMatchObject({ purpose: 'authenticate', user_id: null, expires_at: server.clock.now() + 120_000 });
});

test('an answer for an unknown passkey is refused with passkey_refused (problem+json) and audited; a malformed one is a 400', async () => {
  const res = await raw(server.baseUrl, 'POST', PasskeyPaths.signIn, { body: JSON.stringify({ response: assertion('bm90LWEta2V5') }) });
  expect(res.status).toBe(401);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.json.code).toBe('passkey_refused');
  const audited = await server.store.db.selectFrom('audit_events').selectAll().where('event', '=', 'passkey.sign_in').execute();
  expect(audited.map((a) => JSON.parse(a.detail ?? '{}').reason)).toContain('unknown_credential');
  const bad = await raw(server.baseUrl, 'POST', PasskeyPaths.signIn, { body: JSON.stringify({ response: { id: 'x y' } }) });
  expect(bad.status).toBe(400);
  expect(bad.json.code).toBe('invalid_request');
});

test('a challenge lives 2 minutes: then it is swept from the database, so no instance can accept it', async () => {
  const { options } = await new PasskeyClient(server.client()).signInOptions();
  server.clock.advance(120_001);
  // A later request sweeps expired challenges.
  await new PasskeyClient(server.client()).signInOptions();
  const row = await server.store.db.selectFrom('webauthn_challenges').select('challenge').where('challenge', '=', options.challenge).executeTakeFirst();
  expect(row).toBeUndefined();
});

test('adding a passkey needs a fresh step-up; the options use a random user handle, attestation none and a resident key', async () => {
  const { user, client } = await signedInUser(server, org);
  const passkeys = new PasskeyClient(client);
  expect(await failure(passkeys.registrationOptions())).toMatchObject({ status: 403, code: 'step_up_required' });
  await client.stepUp({ password: user.password });
  const { options } = await passkeys.registrationOptions();
  expect(options.rp.id).toBe('localhost');
  expect(options.attestation).toBe('none');
  expect(options.authenticatorSelection?.residentKey).toBe('required');
  expect(options.user.name).toBe(user.username);
  const handle = (await server.services.users.byId(user.id))!.webauthn_handle!;
  expect(options.user.id).toBe(handle);
  expect(Buffer.from(handle, 'base64url').toString('utf8')).not.toContain(user.username);
  // The same handle next time (one per user).
  expect((await passkeys.registrationOptions()).options.user.id).toBe(handle);
});

test('removing a passkey needs a step-up and only removes one’s own', async () => {
  const { user, client } = await signedInUser(server, org);
  const other = await createUser(server, org);
  const mine = await storePasskey(user, 'Mine');
  const theirs = await storePasskey(other, 'Theirs');
  const passkeys = new PasskeyClient(client);
  expect((await passkeys.list()).passkeys.map((p) => p.name)).toEqual(['Mine']);
  expect(await failure(passkeys.remove(mine))).toMatchObject({ status: 403, code: 'step_up_required' });
  // The passkey is this user's only factor: the password alone is no step-up (test/api/passkey-only.test.ts); a passkey step-up is.
  await server.store.db.updateTable('tokens').set({ step_up_at: server.clock.now(), passkey_step_up_at: server.clock.now() }).where('user_id', '=', user.id).execute();
  expect(await failure(passkeys.remove(theirs))).toMatchObject({ status: 404, code: 'not_found' });
  await passkeys.remove(mine);
  expect(await server.services.passkeys.count(user.id)).toBe(0);
  expect(await server.services.passkeys.count(other.id)).toBe(1);
});

test('a user whose only method is a passkey still gets a second step after the password', async () => {
  const user = await createUser(server, org);
  await storePasskey(user);
  const result = await server.client().signInWithPassword({ username: user.username, password: user.password });
  expect(result.next).toBe('verify');
  const options = await new PasskeyClient(server.client()).verifyOptions(result.pendingToken!);
  expect(options.options.allowCredentials?.length).toBe(1);
});

test('Passkeys allowed off: no passkey can be added, and a passkey no longer passes the password step (a method is set up instead, and the answer says why)', async () => {
  const strict = await createOrg(server, { passkeysAllowed: false });
  const { user, client } = await signedInUser(server, strict);
  await client.stepUp({ password: user.password });
  expect(await failure(new PasskeyClient(client).registrationOptions())).toMatchObject({ status: 403, code: 'policy_violation' });
  await storePasskey(user);
  const result = await server.client().signInWithPassword({ username: user.username, password: user.password });
  // Like a code method the org turned off: two-step stays on for the user, so an allowed method is set up now,
  // after proving a factor they still hold (issue 11): the password alone enrolls nothing.
  expect(result).toMatchObject({ next: 'enroll', proofRequired: true, passkeyDisallowed: true });
  expect(result.passkey).toBeUndefined();
});

test('Require a passkey for administrators: refused while the admin has no passkey; once on, admin routes need a passkey step-up (audited)', async () => {
  const adminOrg = await createOrg(server);
  const boss = await signedInAdmin(server, adminOrg);
  expect(await failure(boss.admin.setPolicy({ requireAdminPasskey: true }))).toMatchObject({ status: 409, code: 'conflict' });
  expect(await failure(boss.admin.setPolicy({ requireAdminPasskey: true, passkeysAllowed: false }))).toMatchObject({ status: 409 });
  await storePasskey(boss.user);
  const saved = await boss.admin.setPolicy({ requireAdminPasskey: true });
  expect(saved.policy).toMatchObject({ requireAdminPasskey: true, passkeysAllowed: true });
  const refused = await failure(boss.admin.policy());
  expect(refused).toMatchObject({ status: 403, code: 'step_up_required' });
  // A password + code step-up is not enough.
  await boss.stepUp();
  expect(await failure(boss.admin.users({}))).toMatchObject({ status: 403, code: 'step_up_required' });
  const denied = await server.store.db.selectFrom('audit_events').selectAll().where('user_id', '=', boss.user.id).where('event', '=', 'admin.denied').execute();
  expect(denied.map((d) => JSON.parse(d.detail ?? '{}').reason)).toEqual(['passkey_step_up_required', 'passkey_step_up_required']);
  // Turning passkeys off while they are required for admins is refused by the policy rules.
  await expect(server.services.policies.update(adminOrg.id, { passkeysAllowed: false })).rejects.toMatchObject({ code: 'invalid_request' });
});

test('an admin’s 2FA reset removes the user’s passkeys', async () => {
  const user = await createUser(server, org);
  await storePasskey(user, 'Lost phone');
  await storePasskey(user, 'Lost laptop');
  await server.services.administration.resetTwoFactor(user.id, operator);
  expect(await server.services.passkeys.count(user.id)).toBe(0);
});
