/**
 * Email codes end to end through a real SMTP server on loopback: the tests
 * parse each code out of the message the server received. Also: no
 * enumeration through the send endpoint, the shared failure counter and
 * lockout, the Outlook add-in's mailbox rule, and security notifications.
 */
import type { ApiClient } from '../../src/shared/api-client';
import { Paths } from '../../src/shared/routes';
import { nextCodeEmail, smtpUser, startDeliveryServer, type DeliveryTestServer } from '../helpers/delivery';
import { failure, raw } from '../helpers/http';
import { createOrg, createUser, operator, type TestUser, steppedUpSession } from '../helpers/server';
import { codeFor, enrollTotp, wrongCodeFor } from '../helpers/totp';

let server: DeliveryTestServer;
beforeAll(async () => {
  // No growing delay here (the lockout suite covers it): ten straight failures lock.
  server = await startDeliveryServer({ limits: { delayFromFailure: 1000 } });
});
afterAll(() => server.close());

/** Enrolls email codes to the account's own address; answers the session client and the factor id. */
async function enrollEmail(user: TestUser): Promise<{ client: ApiClient; factorId: string; backupCodes: string[] }> {
  const client = await steppedUpSession(server, user);
  const since = server.smtp.to(user.username).length;
  const started = await client.startEmailEnrollment({});
  const confirmed = await client.confirmEnrollment({ factorId: started.factorId, code: await nextCodeEmail(server.smtp, user.username, since) });
  server.clock.advance(31_000);
  return { client, factorId: confirmed.factor.id, backupCodes: confirmed.backupCodes ?? [] };
}

async function sendAndRead(client: ApiClient, user: TestUser, token?: string, body: Parameters<ApiClient['sendCode']>[0] = { method: 'email' }): Promise<string> {
  const since = server.smtp.to(user.username).length;
  await client.sendCode(body, token);
  return nextCodeEmail(server.smtp, user.username, since);
}

test('the confirmation email: real SMTP with auth, plain text and HTML, the code, its purpose, expiry and "if this wasn\'t you"', async () => {
  const user = await createUser(server, await createOrg(server));
  const client = await steppedUpSession(server, user);
  const since = server.smtp.to(user.username).length;
  const started = await client.startEmailEnrollment({});
  expect(started).toMatchObject({ kind: 'email', maskedDestination: `${user.username[0]}•••@example.com`, resendAfterSeconds: 30, codeValidSeconds: 600 });
  const message = await server.smtp.waitFor(user.username, (m) => server.smtp.to(user.username).indexOf(m) >= since);
  expect(server.smtp.logins).toContainEqual({ username: smtpUser, ok: true });
  expect(message.from).toBe('no-reply@cloudsync.test');
  expect(message.subject).toBe('Confirm your email for AXIS CloudSync codes');
  const code = /verification code is: (\d{6})/.exec(message.text)?.[1];
  expect(code).toMatch(/^\d{6}$/);
  expect(message.text).toContain('expires in 10 minutes');
  expect(message.text).toContain('If this wasn’t you');
  expect(message.text).toContain('confirm this destination');
  expect(message.html).toContain(`data-code="${code}"`);
  expect(message.html).toContain('expires in 10 minutes');
  expect(message.html).toMatch(/If this wasn(’|&#39;|')t you/);
  // The factor is not on until the code comes back.
  expect((await client.me()).twoFactorEnabled).toBe(false);
  const confirmed = await client.confirmEnrollment({ factorId: started.factorId, code: code! });
  expect(confirmed.factor.kind).toBe('email');
  expect((await client.me()).factors.map((f) => f.kind)).toEqual(['email']);
});

test('email enrollment to another address: validated, and a resend voids the earlier code', async () => {
  const user = await createUser(server, await createOrg(server));
  const client = await steppedUpSession(server, user);
  expect((await failure(client.startEmailEnrollment({ email: 'not an address' }))).detail).toMatch(/valid email address/);
  const other = `other-${user.id.slice(0, 8)}@Example.ORG`;
  const started = await client.startEmailEnrollment({ email: other });
  const address = other.replace('Example.ORG', 'example.org');
  const firstCode = await nextCodeEmail(server.smtp, address, 0);
  server.clock.advance(30_000);
  await client.resendEnrollmentCode(started.factorId);
  const secondCode = await nextCodeEmail(server.smtp, address, 1);
  if (firstCode !== secondCode) {
    expect((await failure(client.confirmEnrollment({ factorId: started.factorId, code: firstCode }))).code).toBe('invalid_code');
  }
  await client.confirmEnrollment({ factorId: started.factorId, code: secondCode });
  expect((await client.me()).factors[0]?.maskedDestination).toBe('o•••@example.org');
});

test('sign-in with an email code read from the SMTP server', async () => {
  const user = await createUser(server, await createOrg(server));
  const { factorId } = await enrollEmail(user);
  const client = server.client();
  const first = await client.signInWithPassword({ username: user.username, password: user.password, client: { type: 'web' } });
  expect(first.next).toBe('verify');
  expect(first.methods?.[0]).toEqual({ method: 'email', factorId, label: 'Email codes', maskedDestination: `${user.username[0]}•••@example.com` });
  const code = await sendAndRead(client, user, first.pendingToken!);
  const message = server.smtp.to(user.username).at(-1)!;
  expect(message.subject).toBe('Your AXIS CloudSync verification code');
  expect(message.text).toContain('finish signing in');
  const { session } = await client.verify(first.pendingToken!, { method: 'email', code: code.slice(0, 3) + ' ' + code.slice(3) });
  expect(session.user.username).toBe(user.username);
});

test('no enumeration: the send endpoint answers alike whether or not the account has such a method', async () => {
  const org = await createOrg(server);
  const withEmail = await createUser(server, org);
  await enrollEmail(withEmail);
  const appOnly = await createUser(server, org);
  await enrollTotp(server, appOnly);
  const answers = [];
  for (const [user, body] of [
    [withEmail, { method: 'email' }],
    [appOnly, { method: 'email' }],
    [appOnly, { method: 'sms' }],
  ] as const) {
    const first = await server.client().signInWithPassword({ username: user.username, password: user.password });
    const response = await raw(server.baseUrl, 'POST', Paths.sendCode, { token: first.pendingToken!, body: JSON.stringify(body) });
    answers.push({ status: response.status, body: response.text, type: response.headers.get('content-type') });
  }
  expect(answers[1]).toEqual(answers[0]);
  expect(answers[2]).toEqual(answers[0]);
  expect(answers[0]!.status).toBe(202);
  // An unknown factor id: the same answer, and nothing is sent.
  server.clock.advance(31_000);
  const first = await server.client().signInWithPassword({ username: withEmail.username, password: withEmail.password });
  const before = server.smtp.to(withEmail.username).length;
  const unknown = await raw(server.baseUrl, 'POST', Paths.sendCode, { token: first.pendingToken!, body: JSON.stringify({ method: 'email', factorId: 'no-such-factor' }) });
  expect({ status: unknown.status, body: unknown.text, type: unknown.headers.get('content-type') }).toEqual(answers[0]);
  await new Promise((r) => setTimeout(r, 100));
  expect(server.smtp.to(withEmail.username).length).toBe(before);
  expect(server.smtp.to(appOnly.username).filter((m) => /verification code/.test(m.text))).toHaveLength(0);
  // The cooldown applies the same way too.
  const again = await raw(server.baseUrl, 'POST', Paths.sendCode, { token: first.pendingToken!, body: JSON.stringify({ method: 'email' }) });
  const appOnlyAgain = await server.client().signInWithPassword({ username: appOnly.username, password: appOnly.password });
  const appOnlyFirst = await raw(server.baseUrl, 'POST', Paths.sendCode, { token: appOnlyAgain.pendingToken!, body: JSON.stringify({ method: 'email' }) });
  const appOnlySecond = await raw(server.baseUrl, 'POST', Paths.sendCode, { token: appOnlyAgain.pendingToken!, body: JSON.stringify({ method: 'email' }) });
  expect(appOnlyFirst.status).toBe(202);
  expect(again.status).toBe(429);
  expect(appOnlySecond.status).toBe(429);
  expect(appOnlySecond.json.detail).toBe(again.json.detail);
  // Without a pending token or session there is nothing to ask.
  const anonymous = await raw(server.baseUrl, 'POST', Paths.sendCode, { body: JSON.stringify({ method: 'email' }) });
  expect(anonymous.status).toBe(401);
});

test('wrong email codes count with wrong app codes in one per-account counter; the lock holds even for a right code', async () => {
  const user = await createUser(server, await createOrg(server));
  const enrolled = await enrollTotp(server, user);
  // Add email codes beside the app.
  await enrolled.client.stepUp({ password: user.password, method: 'totp', code: codeFor(enrolled.secret, server.clock.now()) });
  const started = await enrolled.client.startEmailEnrollment({});
  await enrolled.client.confirmEnrollment({ factorId: started.factorId, code: await nextCodeEmail(server.smtp, user.username, 0) });
  server.clock.advance(31_000);

  const a = await server.client().signInWithPassword({ username: user.username, password: user.password });
  const b = await server.client().signInWithPassword({ username: user.username, password: user.password });
  const rightEmailCode = await sendAndRead(server.client(), user, b.pendingToken!);
  const wrongEmail = rightEmailCode === '000000' ? '000001' : '000000';
  for (let i = 0; i < 9; i++) {
    const token = i % 2 === 0 ? a.pendingToken! : b.pendingToken!;
    const body = i % 3 === 0 ? { method: 'totp' as const, code: wrongCodeFor(enrolled.secret, server.clock.now()) } : { method: 'email' as const, code: wrongEmail };
    const problem = await failure(server.client().verify(token, body));
    expect(problem.code).toBe('invalid_code');
  }
  const tenth = await failure(server.client().verify(a.pendingToken!, { method: 'email', code: wrongEmail }));
  expect(tenth.code).toBe('invalid_code');
  expect(tenth.retryAfter).toBeGreaterThan(0);
  // Locked: the right email code answers exactly like a wrong one.
  const locked = await raw(server.baseUrl, 'POST', Paths.verify, { token: b.pendingToken!, body: JSON.stringify({ method: 'email', code: rightEmailCode }) });
  const wrongWhileLocked = await raw(server.baseUrl, 'POST', Paths.verify, { token: a.pendingToken!, body: JSON.stringify({ method: 'email', code: wrongEmail }) });
  expect(locked.status).toBe(401);
  expect(locked.json.code).toBe('invalid_code');
  expect({ ...locked.json, retryAfter: 0, detail: '' }).toEqual({ ...wrongWhileLocked.json, retryAfter: 0, detail: '' });
  // The user hears about it by email.
  const notice = await server.smtp.waitFor(user.username, (m) => m.subject === 'Sign-in to your account is paused');
  expect(notice.text).toContain('code entry is paused for 5 minutes');
  expect(notice.text).not.toContain(rightEmailCode);
  // When the lock lifts, the (still valid, unused) code works.
  server.clock.advance(5 * 60_000 + 1_000);
  const { session } = await server.client().verify(b.pendingToken!, { method: 'email', code: rightEmailCode });
  expect(session.token).toBeTruthy();
});

describe('the Outlook add-in and email codes to its own mailbox', () => {
  test('not offered by default, with the reason; the send endpoint refuses and says why; other clients are unaffected', async () => {
    const org = await createOrg(server);
    const user = await createUser(server, org);
    const enrolled = await enrollTotp(server, user);
    await enrolled.client.stepUp({ password: user.password, method: 'totp', code: codeFor(enrolled.secret, server.clock.now()) });
    const started = await enrolled.client.startEmailEnrollment({});
    await enrolled.client.confirmEnrollment({ factorId: started.factorId, code: await nextCodeEmail(server.smtp, user.username, 0) });
    server.clock.advance(31_000);

    const addin = server.client();
    const mailbox = user.username.toUpperCase();
    const first = await addin.signInWithPassword({ username: user.username, password: user.password, client: { type: 'outlook-addin', mailbox } });
    expect(first.methods!.map((m) => m.method)).toEqual(['totp', 'backup_code']);
    expect(first.unavailableMethods).toEqual([
      expect.objectContaining({ method: 'email', reason: 'addin_mailbox', detail: expect.stringMatching(/mailbox the add-in is open in/) }),
    ]);
    const codeEmails = () => server.smtp.to(user.username).filter((m) => /verification code is/.test(m.text)).length;
    const before = codeEmails();
    const refused = await failure(addin.sendCode({ method: 'email' }, first.pendingToken!));
    expect(refused).toMatchObject({ status: 403, code: 'policy_violation' });
    expect(refused.detail).toMatch(/would prove nothing/);

    // An add-in that did not say its mailbox at sign-in is still caught when it says it on send.
    const quiet = await addin.signInWithPassword({ username: user.username, password: user.password, client: { type: 'outlook-addin' } });
    expect((await failure(addin.sendCode({ method: 'email', mailbox: user.username }, quiet.pendingToken!))).code).toBe('policy_violation');
    await server.services.notifications.flush();
    expect(codeEmails()).toBe(before);

    // Another mailbox in the add-in, and the web portal: offered.
    const elsewhere = await addin.signInWithPassword({ username: user.username, password: user.password, client: { type: 'outlook-addin', mailbox: 'shared@example.net' } });
    expect(elsewhere.methods!.map((m) => m.method)).toContain('email');
    const web = await server.client().signInWithPassword({ username: user.username, password: user.password, client: { type: 'web' } });
    expect(web.methods!.map((m) => m.method)).toEqual(['totp', 'email', 'backup_code']);
    expect(web.unavailableMethods).toBeUndefined();
  });

  test('a registered add-in device: the registration\'s mailbox counts; an org may allow it', async () => {
    const org = await createOrg(server);
    const user = await createUser(server, org);
    const { factorId } = await enrollEmail(user);
    // Full sign-in in the add-in, through the portal-style path (web): then register the add-in device.
    const addin = server.client();
    const first = await addin.signInWithPassword({ username: user.username, password: user.password, client: { type: 'outlook-addin' } });
    const { session } = await addin.verify(first.pendingToken!, { method: 'email', code: await sendAndRead(addin, user, first.pendingToken!) });
    addin.setToken(session.token);
    const registered = await addin.register({ clientType: 'outlook-addin', label: 'Outlook on Windows', mailbox: user.username });

    server.clock.advance(31_000);
    const device = await server.client().signInWithDevice({ registrationId: registered.registration.id, deviceSecret: registered.deviceSecret });
    expect(device.next).toBe('verify');
    expect(device.methods!.map((m) => m.method)).toEqual(['backup_code']);
    expect(device.unavailableMethods?.[0]).toMatchObject({ method: 'email', factorId, reason: 'addin_mailbox' });
    expect((await failure(server.client().sendCode({ method: 'email' }, device.pendingToken!))).code).toBe('policy_violation');

    await server.services.administration.setPolicy(org.id, { allowEmailToAddinMailbox: true }, operator);
    server.clock.advance(31_000);
    const allowed = await server.client().signInWithDevice({ registrationId: registered.registration.id, deviceSecret: registered.deviceSecret });
    expect(allowed.methods!.map((m) => m.method)).toEqual(['email', 'backup_code']);
    const code = await sendAndRead(server.client(), user, allowed.pendingToken!);
    const grant = await server.client().verify(allowed.pendingToken!, { method: 'email', code });
    expect(grant.session.user.username).toBe(user.username);
  });
});

describe('security notifications by email', () => {
  const subjects = (user: TestUser) => server.smtp.to(user.username).map((m) => m.subject);
  const waitSubject = (user: TestUser, subject: string) => server.smtp.waitFor(user.username, (m) => m.subject === subject);

  test('factor added and removed, backup codes regenerated, password changed', async () => {
    const user = await createUser(server, await createOrg(server));
    const enrolled = await enrollTotp(server, user);
    const added = await waitSubject(user, 'A sign-in method was added to your account');
    expect(added.text).toContain('authenticator app');
    expect(added.text).toContain('If this wasn’t you');

    const client = enrolled.client;
    await client.stepUp({ password: user.password, method: 'totp', code: codeFor(enrolled.secret, server.clock.now()) });
    server.clock.advance(30_000);
    await client.regenerateBackupCodes();
    await waitSubject(user, 'New backup codes were created');

    const started = await client.startEmailEnrollment({});
    await client.confirmEnrollment({ factorId: started.factorId, code: await nextCodeEmail(server.smtp, user.username, 0) });
    await server.smtp.waitFor(user.username, (m) => m.subject === 'A sign-in method was added to your account' && m.text.includes('email codes'));
    const emailFactor = (await client.me()).factors.find((f) => f.kind === 'email')!;
    await client.removeFactor(emailFactor.id);
    const removed = await waitSubject(user, 'A sign-in method was removed from your account');
    expect(removed.text).toContain('Email codes can no longer be used');

    const newPassword = `another long password ${user.id}`;
    await client.changePassword({ currentPassword: user.password, newPassword, method: 'totp', code: codeFor(enrolled.secret, server.clock.now()) });
    const changed = await waitSubject(user, 'Your password was changed');
    expect(changed.text).toContain('Other sessions and devices were signed out');
    // No notification carries a code, a secret or a password.
    for (const m of server.smtp.to(user.username).filter((m) => !/verification code is/.test(m.text))) {
      expect(m.raw).not.toContain(enrolled.secret);
      expect(m.raw).not.toContain(newPassword);
      for (const backup of enrolled.backupCodes) expect(m.raw).not.toContain(backup);
    }
  });

  test('an administrator reset of 2FA and an administrator password reset', async () => {
    const user = await createUser(server, await createOrg(server));
    await enrollTotp(server, user);
    await server.services.administration.resetTwoFactor(user.username, operator);
    const reset = await waitSubject(user, 'Your Two-Step Authentication was reset');
    expect(reset.text).toContain('An administrator reset Two-Step Authentication');
    await server.services.administration.setPassword(user.username, `an admin chosen password ${user.id}`, operator);
    const set = await waitSubject(user, 'Your password was changed');
    expect(set.text).toContain('An administrator set a new password');
    expect(subjects(user)).toEqual(expect.arrayContaining(['A sign-in method was added to your account']));
  });

  test('no address, no email (and nothing breaks)', async () => {
    const org = await createOrg(server);
    const user = await createUser(server, org, { username: `plain-${Date.now()}`, email: '' });
    await server.store.db.updateTable('users').set({ email: null }).where('id', '=', user.id).execute();
    const before = server.smtp.messages.length;
    await enrollTotp(server, user);
    await server.services.notifications.flush();
    expect(server.smtp.messages.length).toBe(before);
  });
});
