/**
 * Key-bound device registrations (the Outlook add-in's): the device proves a
 * private key it cannot export by signing a one-time server challenge; no
 * bearer device secret exists. Real server over HTTP, real SQLite file.
 */
import { createOrg, createUser, startTestServer, type TestServer, type TestUser } from '../helpers/server';
import { codeFor, enrollTotp, signIn } from '../helpers/totp';
import { failure, raw } from '../helpers/http';
import { newDeviceKey, signInWithKey, type DeviceKey } from '../helpers/device-key';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const addin = { clientType: 'outlook-addin' as const, label: 'Outlook on the web', host: 'OutlookWebApp', platform: 'OfficeOnline' };

async function keyBoundAddin(): Promise<{ user: TestUser; secret: string; registrationId: string; key: DeviceKey }> {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  server.clock.advance(30_000);
  const { client } = await signIn(server, user, secret);
  const key = await newDeviceKey();
  const created = await client.register({ ...addin, mailbox: user.username, publicKey: key.publicKey });
  expect(created).not.toHaveProperty('deviceSecret');
  return { user, secret, registrationId: created.registration.id, key };
}

test('a key-bound device signs a challenge, then needs only a code', async () => {
  const { user, secret, registrationId, key } = await keyBoundAddin();
  const start = await signInWithKey(server.client(), registrationId, key, user.username);
  expect(start.next).toBe('verify');
  server.clock.advance(30_000);
  const { session } = await server.client().verify(start.pendingToken!, { method: 'totp', code: codeFor(secret, server.clock.now()) });
  const device = server.client();
  device.setToken(session.token);
  expect((await device.me()).session).toMatchObject({ clientType: 'outlook-addin', registrationId });
  const audit = await server.store.db.selectFrom('audit_events').select(['event', 'outcome', 'detail']).where('user_id', '=', user.id).where('event', '=', 'sign_in.device').execute();
  expect(audit).toEqual([{ event: 'sign_in.device', outcome: 'success', detail: JSON.stringify({ proof: 'key' }) }]);
});

test('a challenge opens one sign-in: a replay, or 10 parallel uses, get exactly one', async () => {
  const { registrationId, key } = await keyBoundAddin();
  const { challenge } = await server.client().deviceChallenge({ registrationId });
  const signature = await key.sign(challenge);
  const body = { registrationId, challenge, signature };
  const answers = await Promise.allSettled(Array.from({ length: 10 }, () => server.client().signInWithDevice(body)));
  expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
  expect((await failure(server.client().signInWithDevice(body))).code).toBe('credentials_changed');
  // A fresh challenge works again.
  expect((await signInWithKey(server.client(), registrationId, key)).next).toBe('verify');
});

test('another key, another registration\'s challenge, an expired or altered challenge, or a secret: credentials_changed', async () => {
  const a = await keyBoundAddin();
  const b = await keyBoundAddin();
  const stranger = await newDeviceKey();
  const attempt = async (challenge: string, signature: string) =>
    (await failure(server.client().signInWithDevice({ registrationId: a.registrationId, challenge, signature }))).code;

  const { challenge } = await server.client().deviceChallenge({ registrationId: a.registrationId });
  expect(await attempt(challenge, await stranger.sign(challenge))).toBe('credentials_changed');
  // B's own key signing a challenge issued for B, sent for A.
  const forB = (await server.client().deviceChallenge({ registrationId: b.registrationId })).challenge;
  expect(await attempt(forB, await a.key.sign(forB))).toBe('credentials_changed');
  // The challenge's time (or anything in it) changed: its MAC no longer fits.
  const parts = challenge.split('.');
  parts[2] = String(Number(parts[2]) + 60_000);
  const altered = parts.join('.');
  expect(await attempt(altered, await a.key.sign(altered))).toBe('credentials_changed');
  // Older than two minutes.
  const old = (await server.client().deviceChallenge({ registrationId: a.registrationId })).challenge;
  server.clock.advance(2 * 60_000 + 1_000);
  expect(await attempt(old, await a.key.sign(old))).toBe('credentials_changed');
  // A key-bound registration takes no device secret.
  expect((await failure(server.client().signInWithDevice({ registrationId: a.registrationId, deviceSecret: 'x'.repeat(43) }))).code).toBe('credentials_changed');
  // And the right proof still works.
  expect((await signInWithKey(server.client(), a.registrationId, a.key)).next).toBe('verify');
  const reasons = await server.store.db.selectFrom('audit_events').select('detail').where('user_id', '=', a.user.id).where('event', '=', 'sign_in.device').where('outcome', '=', 'failure').execute();
  expect(reasons).toHaveLength(5);
  for (const row of reasons) expect(row.detail).not.toContain(challenge);
});

test('a password change ends a key-bound registration', async () => {
  const { user, secret, registrationId, key } = await keyBoundAddin();
  server.clock.advance(30_000);
  const { client } = await signIn(server, user, secret);
  server.clock.advance(30_000);
  await client.changePassword({ currentPassword: user.password, newPassword: `new ${user.password} again`, method: 'totp', code: codeFor(secret, server.clock.now()) });
  expect((await failure(signInWithKey(server.client(), registrationId, key))).code).toBe('credentials_changed');
});

test('the proof is one of the two kinds, and a registration\'s key must be a P-256 point', async () => {
  const { registrationId, key } = await keyBoundAddin();
  const { challenge } = await server.client().deviceChallenge({ registrationId });
  const signature = await key.sign(challenge);
  for (const body of [{ registrationId }, { registrationId, challenge }, { registrationId, challenge, signature, deviceSecret: 'x'.repeat(43) }]) {
    const answer = await raw(server.baseUrl, 'POST', '/api/v1/auth/device', { body: JSON.stringify(body) });
    expect({ status: answer.status, code: answer.json.code }).toEqual({ status: 400, code: 'invalid_request' });
  }
  // The challenge answers alike for any well-formed id: nothing about registrations leaks.
  const unknown = await raw(server.baseUrl, 'POST', '/api/v1/auth/device/challenge', { body: JSON.stringify({ registrationId: 'no-such-registration' }) });
  expect(unknown.status).toBe(200);
  expect(typeof unknown.json.challenge).toBe('string');

  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  server.clock.advance(30_000);
  const { client } = await signIn(server, user, secret);
  const offCurve = { ...key.publicKey, y: key.publicKey.x };
  expect(await failure(client.register({ ...addin, publicKey: offCurve }))).toMatchObject({ status: 400, code: 'invalid_request' });
});
