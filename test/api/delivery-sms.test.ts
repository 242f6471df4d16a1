/**
 * SMS codes end to end against a loopback HTTP server playing a Twilio-style
 * provider: request shape and auth, enrollment with E.164 numbers, sign-in,
 * expiry, single use, resend, cooldown and quotas, provider failures, policy.
 */
import type { ApiClient } from '../../src/shared/api-client';
import { Paths } from '../../src/shared/routes';
import { lastSmsCode, smsAccount, smsFrom, smsToken, startDeliveryServer, type DeliveryTestServer } from '../helpers/delivery';
import { failure, raw } from '../helpers/http';
import { createOrg, createUser, type TestUser, steppedUpSession } from '../helpers/server';
import { enrollTotp } from '../helpers/totp';

let server: DeliveryTestServer;
beforeAll(async () => {
  server = await startDeliveryServer();
});
afterAll(() => server.close());

let phoneCounter = 0;
/** A distinct valid UK mobile number per test (destination quotas stay apart). */
const newPhone = () => `+4474001${String(++phoneCounter).padStart(5, '0')}`;

async function enrollSms(user: TestUser, phone = newPhone()): Promise<{ client: ApiClient; phone: string; factorId: string; backupCodes: string[] }> {
  const client = await steppedUpSession(server, user);
  const started = await client.startSmsEnrollment({ phoneNumber: phone });
  const confirmed = await client.confirmEnrollment({ factorId: started.factorId, code: lastSmsCode(server.sms, phone) });
  server.clock.advance(31_000);
  return { client, phone, factorId: confirmed.factor.id, backupCodes: confirmed.backupCodes ?? [] };
}

async function pendingSignIn(user: TestUser) {
  const client = server.client();
  const first = await client.signInWithPassword({ username: user.username, password: user.password });
  expect(first.next).toBe('verify');
  return { client, first, token: first.pendingToken! };
}

test('the provider gets a form-encoded POST with Basic auth, the sender and an E.164 number; the code is 6 digits', async () => {
  const user = await createUser(server, await createOrg(server));
  const client = await steppedUpSession(server, user);
  const before = server.sms.requests.length;
  const started = await client.startSmsEnrollment({ phoneNumber: '07400 123456', defaultCountry: 'GB' });
  expect(started).toMatchObject({ kind: 'sms', maskedDestination: '•••• 3456', resendAfterSeconds: 30, codeValidSeconds: 600 });
  const request = server.sms.requests[before]!;
  expect(request.method).toBe('POST');
  expect(request.path).toBe(`/2010-04-01/Accounts/${smsAccount}/Messages.json`);
  expect(request.authorization).toBe(`Basic ${Buffer.from(`${smsAccount}:${smsToken}`).toString('base64')}`);
  expect(request.contentType).toBe('application/x-www-form-urlencoded');
  expect(request.form.To).toBe('+447400123456');
  expect(request.form.From).toBe(smsFrom);
  expect(request.form.Body).toMatch(/AXIS CloudSync code \d{6} /);
  expect(request.form.Body).toMatch(/Valid 10 min/);
  // WebOTP origin-bound last line: only our site may autofill it.
  expect(request.form.Body).toMatch(/\n@cloudsync\.test #\d{6}$/);
  const codes = new Set<string>();
  for (let i = 0; i < 3; i++) {
    server.clock.advance(31_000);
    await client.resendEnrollmentCode(started.factorId);
    codes.add(lastSmsCode(server.sms, '+447400123456'));
  }
  for (const code of codes) expect(code).toMatch(/^\d{6}$/);
  // Nothing of the code reaches the audit log.
  const audit = await server.store.db.selectFrom('audit_events').select('detail').where('user_id', '=', user.id).execute();
  for (const code of codes) expect(JSON.stringify(audit)).not.toContain(code);
});

test('bad phone numbers get clear errors; landlines and premium numbers are refused', async () => {
  const user = await createUser(server, await createOrg(server));
  const client = await steppedUpSession(server, user);
  const cases: [Parameters<ApiClient['startSmsEnrollment']>[0], RegExp][] = [
    [{ phoneNumber: '12345' }, /country code/],
    [{ phoneNumber: 'call me maybe', defaultCountry: 'US' }, /not a phone number/],
    [{ phoneNumber: '+1 201 555' }, /too short|not a valid phone number|right number of digits/],
    [{ phoneNumber: '+44 20 7234 5678' }, /mobile number/],
    [{ phoneNumber: '+1 800 555 0199' }, /mobile number/],
    [{ phoneNumber: '+999 1234567' }, /country code/],
  ];
  for (const [body, message] of cases) {
    const problem = await failure(client.startSmsEnrollment(body));
    expect(problem.status).toBe(400);
    expect(problem.code).toBe('invalid_request');
    expect(problem.detail).toMatch(message);
  }
  expect(server.sms.requests.filter((r) => r.form.Body?.includes('confirm this destination') && r.form.To?.startsWith('+4420'))).toHaveLength(0);
});

test('an SMS factor turns on only after the code sent to the number comes back', async () => {
  const user = await createUser(server, await createOrg(server));
  const client = await steppedUpSession(server, user);
  const phone = newPhone();
  const started = await client.startSmsEnrollment({ phoneNumber: phone });
  expect((await client.me()).twoFactorEnabled).toBe(false);
  expect((await server.client().signInWithPassword({ username: user.username, password: user.password })).next).toBe('done');
  const code = lastSmsCode(server.sms, phone);
  const wrong = code === '000000' ? '000001' : '000000';
  expect((await failure(client.confirmEnrollment({ factorId: started.factorId, code: wrong }))).code).toBe('invalid_code');
  expect((await client.me()).twoFactorEnabled).toBe(false);
  const confirmed = await client.confirmEnrollment({ factorId: started.factorId, code });
  expect(confirmed.factor).toMatchObject({ kind: 'sms', maskedDestination: `•••• ${phone.slice(-4)}` });
  expect(confirmed.backupCodes).toHaveLength(10);
  const me = await client.me();
  expect(me.factors.map((f) => f.kind)).toEqual(['sms']);
  expect(JSON.stringify(me)).not.toContain(phone);
  // Enrollment from a session needs a fresh step-up; a pending "verify" token cannot enroll at all.
  server.clock.advance(6 * 60_000);
  expect((await failure(client.startSmsEnrollment({ phoneNumber: newPhone() }))).code).toBe('step_up_required');
  const { token } = await pendingSignIn(user);
  expect((await failure(client.startSmsEnrollment({ phoneNumber: newPhone() }, token))).code).toBe('forbidden');
});

test('sign-in with a text-message code: uniform 202 answer, masked number in the methods, a session', async () => {
  const user = await createUser(server, await createOrg(server));
  const { phone, factorId } = await enrollSms(user);
  const { client, first, token } = await pendingSignIn(user);
  expect(first.methods).toEqual([
    { method: 'sms', factorId, label: 'Text message codes', maskedDestination: `•••• ${phone.slice(-4)}` },
    { method: 'backup_code' },
  ]);
  expect(JSON.stringify(first)).not.toContain(phone);
  const response = await raw(server.baseUrl, 'POST', Paths.sendCode, { token, body: JSON.stringify({ method: 'sms' }) });
  expect(response.status).toBe(202);
  expect(response.json).toEqual({ resendAfterSeconds: 30, codeValidSeconds: 600 });
  expect(response.text).not.toContain(phone.slice(-6));
  const { session } = await client.verify(token, { method: 'sms', code: lastSmsCode(server.sms, phone) });
  expect(session.user.username).toBe(user.username);
});

test('a code expires after 10 minutes, works once, and only for the sign-in attempt it was sent for', async () => {
  const user = await createUser(server, await createOrg(server));
  const { phone } = await enrollSms(user);

  // Expiry.
  const a = await pendingSignIn(user);
  await a.client.sendCode({ method: 'sms' }, a.token);
  const expiring = lastSmsCode(server.sms, phone);
  server.clock.advance(10 * 60_000 + 1_000);
  const b = await pendingSignIn(user);
  expect((await failure(b.client.verify(b.token, { method: 'sms', code: expiring }))).code).toBe('invalid_code');

  // Bound to its attempt: a code sent for attempt C does not open attempt D.
  server.clock.advance(31_000);
  const c = await pendingSignIn(user);
  const d = await pendingSignIn(user);
  await c.client.sendCode({ method: 'sms' }, c.token);
  const codeForC = lastSmsCode(server.sms, phone);
  expect((await failure(d.client.verify(d.token, { method: 'sms', code: codeForC }))).code).toBe('invalid_code');
  const { session } = await c.client.verify(c.token, { method: 'sms', code: codeForC });

  // Single use: step-up twice with one code.
  const client = server.client();
  client.setToken(session.token);
  server.clock.advance(31_000);
  await client.sendCode({ method: 'sms' });
  const stepUpCode = lastSmsCode(server.sms, phone);
  await client.stepUp({ password: user.password, method: 'sms', code: stepUpCode });
  expect((await failure(client.stepUp({ password: user.password, method: 'sms', code: stepUpCode }))).code).toBe('invalid_code');
});

test('parallel verifications with one code: exactly one session', async () => {
  const user = await createUser(server, await createOrg(server));
  const { phone } = await enrollSms(user);
  const { client, token } = await pendingSignIn(user);
  await client.sendCode({ method: 'sms' }, token);
  const code = lastSmsCode(server.sms, phone);
  const results = await Promise.allSettled(Array.from({ length: 10 }, () => server.client().verify(token, { method: 'sms', code })));
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
});

test('a resend voids the previous code; a resend within 30 seconds is refused with 429 and Retry-After', async () => {
  const user = await createUser(server, await createOrg(server));
  const { phone } = await enrollSms(user);
  const { client, token } = await pendingSignIn(user);
  const sentBefore = server.sms.to(phone).length;
  await client.sendCode({ method: 'sms' }, token);
  const old = lastSmsCode(server.sms, phone);
  const tooSoon = await raw(server.baseUrl, 'POST', Paths.sendCode, { token, body: JSON.stringify({ method: 'sms' }) });
  expect(tooSoon.status).toBe(429);
  expect(tooSoon.json.code).toBe('rate_limited');
  const retryAfter = Number(tooSoon.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(30);
  expect(server.sms.to(phone).length).toBe(sentBefore + 1);
  server.clock.advance(30_000);
  await client.sendCode({ method: 'sms' }, token);
  const fresh = lastSmsCode(server.sms, phone);
  if (fresh !== old) expect((await failure(client.verify(token, { method: 'sms', code: old }))).code).toBe('invalid_code');
  const { session } = await client.verify(token, { method: 'sms', code: fresh });
  expect(session.token).toBeTruthy();
});

test('quotas: at most 5 texts an hour and 20 a day per account; the provider never sees more', async () => {
  const user = await createUser(server, await createOrg(server));
  const { phone } = await enrollSms(user);
  server.clock.advance(60 * 60_000); // the enrollment's send leaves the hour window
  const base = server.sms.to(phone).length;
  let refused = 0;
  let firstRetryOfLastHour = 0;
  for (let hour = 0; hour < 5; hour++) {
    const { client, token } = await pendingSignIn(user);
    for (let i = 0; i < 7; i++) {
      try {
        await client.sendCode({ method: 'sms' }, token);
      } catch (error) {
        const problem = (error as { problem: { status: number; code: string; retryAfter?: number } }).problem;
        expect(problem.status).toBe(429);
        expect(problem.code).toBe('rate_limited');
        refused += 1;
        if (hour === 4 && i === 0) firstRetryOfLastHour = problem.retryAfter ?? 0;
      }
      server.clock.advance(31_000);
    }
    expect(server.sms.to(phone).length - base).toBe(Math.min(5 * (hour + 1), 19));
    server.clock.advance(60 * 60_000);
  }
  // Day: 20 sends including the enrollment's, then nothing until the day window ends.
  expect(server.sms.to(phone).length).toBe(20);
  expect(refused).toBe(35 - 19);
  // In a fresh hour the day quota refuses: Retry-After points past the hour, to the end of the day window.
  expect(firstRetryOfLastHour).toBeGreaterThan(60 * 60);
});

test('per-destination quota: two accounts sharing a number share its 5 an hour', async () => {
  const org = await createOrg(server);
  const phone = newPhone();
  const first = await createUser(server, org);
  const second = await createUser(server, org);
  await enrollSms(first, phone);
  await enrollSms(second, phone);
  server.clock.advance(60 * 60_000);
  const before = server.sms.to(phone).length;
  const outcomes: number[] = [];
  for (let i = 0; i < 4; i++) {
    for (const user of [first, second]) {
      const { client, token } = await pendingSignIn(user);
      outcomes.push(await client.sendCode({ method: 'sms' }, token).then(() => 202, (e: { status: number }) => e.status));
    }
    server.clock.advance(31_000);
  }
  expect(server.sms.to(phone).length - before).toBe(5);
  expect(outcomes.filter((s) => s === 429)).toHaveLength(3);
});

test('a provider failure gets the same answer; it is audited without the code; the next send works', async () => {
  const user = await createUser(server, await createOrg(server));
  const { phone } = await enrollSms(user);
  const { client, token } = await pendingSignIn(user);
  server.sms.failNext(500);
  const failed = await raw(server.baseUrl, 'POST', Paths.sendCode, { token, body: JSON.stringify({ method: 'sms' }) });
  expect(failed.status).toBe(202);
  expect(failed.json).toEqual({ resendAfterSeconds: 30, codeValidSeconds: 600 });
  const audit = await server.store.db.selectFrom('audit_events').selectAll().where('user_id', '=', user.id).where('event', '=', 'code.delivery_failed').execute();
  expect(audit).toHaveLength(1);
  expect(audit[0]!.detail).toMatch(/HTTP 500/);
  server.clock.advance(31_000);
  await client.sendCode({ method: 'sms' }, token);
  await client.verify(token, { method: 'sms', code: lastSmsCode(server.sms, phone) });
});

test('SMS is never the default: an authenticator app or email is offered first', async () => {
  const user = await createUser(server, await createOrg(server));
  const { client } = await enrollSms(user);
  // Add an authenticator app after the SMS factor (step-up with an SMS code first).
  await client.sendCode({ method: 'sms' });
  const phone = server.sms.sent().at(-1)!.to;
  await client.stepUp({ password: user.password, method: 'sms', code: lastSmsCode(server.sms, phone) });
  const started = await client.startTotpEnrollment({});
  const { codeFor } = await import('../helpers/totp.js');
  await client.confirmEnrollment({ factorId: started.factorId, code: codeFor(started.secret, server.clock.now()) });
  const { first } = await pendingSignIn(user);
  expect(first.methods!.map((m) => m.method)).toEqual(['totp', 'sms', 'backup_code']);
});

test('an org that turns SMS off: SMS factors stop working, sign-in says why and leads to an allowed method', async () => {
  const org = await createOrg(server);
  const both = await createUser(server, org);
  const enrolled = await enrollTotp(server, both);
  // Add SMS beside the app.
  const { codeFor } = await import('../helpers/totp.js');
  await enrolled.client.stepUp({ password: both.password, method: 'totp', code: codeFor(enrolled.secret, server.clock.now()) });
  const phone = newPhone();
  const started = await enrolled.client.startSmsEnrollment({ phoneNumber: phone });
  await enrolled.client.confirmEnrollment({ factorId: started.factorId, code: lastSmsCode(server.sms, phone) });
  const smsOnly = await createUser(server, org);
  const smsOnlyPhone = (await enrollSms(smsOnly)).phone;

  // A code sent before the change stops working after it.
  const early = await pendingSignIn(both);
  await early.client.sendCode({ method: 'sms' }, early.token);
  const earlyCode = lastSmsCode(server.sms, phone);
  await server.services.administration.setPolicy(org.id, { allowedMethods: ['totp', 'email'] }, { ip: null, userAgent: null, actorId: null });
  expect((await failure(early.client.verify(early.token, { method: 'sms', code: earlyCode }))).code).toBe('invalid_code');

  const again = await pendingSignIn(both);
  expect(again.first.methods!.map((m) => m.method)).toEqual(['totp', 'backup_code']);
  expect(again.first.unavailableMethods).toEqual([
    expect.objectContaining({ method: 'sms', reason: 'disabled_by_policy', maskedDestination: `•••• ${phone.slice(-4)}`, detail: expect.stringMatching(/no longer allows text-message codes/) }),
  ]);
  const refused = await failure(again.client.sendCode({ method: 'sms' }, again.token));
  expect(refused).toMatchObject({ status: 403, code: 'policy_violation' });

  // The user whose only method was SMS is led to set up an allowed one (2FA does not silently turn off),
  // after proving it is them with the SMS factor they hold (the password alone binds nothing new).
  const only = await server.client().signInWithPassword({ username: smsOnly.username, password: smsOnly.password });
  expect(only.next).toBe('enroll');
  expect(only.session).toBeUndefined();
  expect(only.allowedMethods).toEqual(['totp', 'email']);
  expect(only.proofRequired).toBe(true);
  expect(only.proofMethods!.map((m) => m.method)).toEqual(['sms', 'backup_code']);
  expect(only.unavailableMethods?.[0]).toMatchObject({ method: 'sms', reason: 'disabled_by_policy' });
  expect((await failure(server.client().startTotpEnrollment({}, only.pendingToken!))).code).toBe('forbidden');
  await server.client().sendCode({ method: 'sms' }, only.pendingToken!);
  const proved = await server.client().proveForEnrollment(only.pendingToken!, { method: 'sms', code: lastSmsCode(server.sms, smsOnlyPhone) });
  expect(proved).toMatchObject({ next: 'enroll', allowedMethods: ['totp', 'email'] });
  expect(proved.proofRequired).toBeUndefined();
  expect((await failure(server.client().startSmsEnrollment({ phoneNumber: newPhone() }, proved.pendingToken!))).code).toBe('policy_violation');
  const app = await server.client().startTotpEnrollment({}, proved.pendingToken!);
  const done = await server.client().confirmEnrollment({ factorId: app.factorId, code: codeFor(app.secret, server.clock.now()) }, proved.pendingToken!);
  expect(done.session?.user.username).toBe(smsOnly.username);
});
