/**
 * Issue 11, item 1: a user who had 2FA and lost every allowed method (the org turned them off) must prove a
 * factor they still hold — even one now off for sign-in, or a backup code — before enrolling a new one.
 * A password alone enrolls only a user who never had 2FA.
 */
import { Paths } from '../../src/shared/routes';
import { createOrg, createUser, operator, startTestServer, steppedUpSession, type TestServer } from '../helpers/server';
import { codeFor } from '../helpers/totp';
import { failure, raw } from '../helpers/http';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** The newest email code the dev outbox holds for this address. */
async function lastEmailCode(to: string): Promise<string> {
  const outbox = await raw(server.baseUrl, 'GET', `${Paths.devOutbox}?limit=200`);
  const message = outbox.json.messages.find((m: { to: string }) => m.to === to);
  return /(\d{6})/.exec(message.text)![1]!;
}

/** A user with email codes only, whose org then allows the authenticator app only (the review's case). */
async function strandedUser() {
  const org = await createOrg(server, { allowedMethods: ['totp', 'email'] });
  const user = await createUser(server, org);
  const client = await steppedUpSession(server, user);
  const started = await client.startEmailEnrollment({});
  const confirmed = await client.confirmEnrollment({ factorId: started.factorId, code: await lastEmailCode(user.username) });
  await server.services.administration.setPolicy(org.id, { allowedMethods: ['totp'] }, operator);
  server.clock.advance(31_000);
  return { org, user, backupCodes: confirmed.backupCodes! };
}

test('a password alone cannot enroll a new factor for a user whose methods the org turned off: every enroll route refuses', async () => {
  const { user } = await strandedUser();
  const first = await server.client().signInWithPassword({ username: user.username, password: user.password });
  expect(first).toMatchObject({ next: 'enroll', proofRequired: true, allowedMethods: ['totp'] });
  expect(first.session).toBeUndefined();
  expect(first.proofMethods!.map((m) => m.method)).toEqual(['email', 'backup_code']);
  const token = first.pendingToken!;
  for (const [path, body] of [
    [Paths.enrollTotpStart, {}],
    [Paths.enrollEmailStart, { email: 'attacker@example.net' }],
    [Paths.enrollSmsStart, { phoneNumber: '+447400123456' }],
    [Paths.enrollConfirm, { factorId: '00000000-0000-4000-8000-000000000000', code: '123456' }],
  ] as const) {
    const res = await raw(server.baseUrl, 'POST', path, { token, body: JSON.stringify(body) });
    expect({ path, status: res.status, code: res.json.code }).toEqual({ path, status: 403, code: 'forbidden' });
    expect(res.json.detail).toMatch(/Confirm it is you first/);
  }
  // Nor does it open a session through verify.
  expect((await failure(server.client().verify(token, { method: 'totp', code: '123456' }))).status).toBe(409);
  expect((await server.services.factors.activeFactors(user.id)).map((f) => f.kind)).toEqual(['email']);
});

test('proving with the email code the org turned off, then enrolling an authenticator app, signs in', async () => {
  const { user } = await strandedUser();
  const first = await server.client().signInWithPassword({ username: user.username, password: user.password });
  // A wrong code is refused and counted like any other.
  expect((await failure(server.client().proveForEnrollment(first.pendingToken!, { method: 'email', code: '000000' }))).code).toBe('invalid_code');
  // A code goes to the email factor they hold, although email is off for sign-in.
  await server.client().sendCode({ method: 'email' }, first.pendingToken!);
  const proved = await server.client().proveForEnrollment(first.pendingToken!, { method: 'email', code: await lastEmailCode(user.username) });
  expect(proved).toMatchObject({ next: 'enroll', allowedMethods: ['totp'] });
  expect(proved.pendingToken).not.toBe(first.pendingToken);
  // The proving token is spent.
  expect((await failure(server.client().proveForEnrollment(first.pendingToken!, { method: 'email', code: '123456' }))).code).toBe('pending_expired');
  const app = await server.client().startTotpEnrollment({}, proved.pendingToken!);
  const done = await server.client().confirmEnrollment({ factorId: app.factorId, code: codeFor(app.secret, server.clock.now()) }, proved.pendingToken!);
  expect(done.session?.user.username).toBe(user.username);
  expect((await server.services.factors.activeFactors(user.id)).map((f) => f.kind).sort()).toEqual(['email', 'totp']);
});

test('a backup code proves it too; a user who never had 2FA still enrolls with the password alone', async () => {
  const { user, backupCodes } = await strandedUser();
  const first = await server.client().signInWithPassword({ username: user.username, password: user.password });
  const proved = await server.client().proveForEnrollment(first.pendingToken!, { method: 'backup_code', code: backupCodes[0]! });
  expect(proved.next).toBe('enroll');
  expect((await server.client().startTotpEnrollment({}, proved.pendingToken!)).secret).toMatch(/^[A-Z2-7]{32}$/);

  const fresh = await createUser(server, await createOrg(server, { require2fa: true }));
  const plain = await server.client().signInWithPassword({ username: fresh.username, password: fresh.password });
  expect(plain.next).toBe('enroll');
  expect(plain.proofRequired).toBeUndefined();
  const app = await server.client().startTotpEnrollment({}, plain.pendingToken!);
  expect(app.secret).toMatch(/^[A-Z2-7]{32}$/);
});

test('after an admin reset, the password alone enrolls again (the reset is the other way back)', async () => {
  const { user } = await strandedUser();
  await server.services.administration.resetTwoFactor(user.username, operator);
  const org = await server.services.users.byId(user.id);
  await server.services.administration.setPolicy(org!.org_id, { require2fa: true }, operator);
  const first = await server.client().signInWithPassword({ username: user.username, password: user.password });
  expect(first.next).toBe('enroll');
  expect(first.proofRequired).toBeUndefined();
});
