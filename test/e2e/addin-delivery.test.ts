/**
 * The task pane and issue 5 in the browser: the real bundle in headless
 * Chromium, the real server wired to a real SMTP server on loopback, Outlook
 * replaced by the test double.
 *  - sign in with an email code read from the SMTP server (the user's email
 *    factor goes to another address than the add-in's mailbox), then "Sign in
 *    with password instead" on the registered device: the devices list still
 *    shows one entry for this device (the replaced registration is revoked);
 *  - an email factor that goes to the add-in's own mailbox is not offered,
 *    and the pane says why;
 *  - sign in with a text-message code that the SMS provider double received,
 *    at registration and again at a new Outlook session (device key + code);
 *  - nothing usable here (email codes to this mailbox only, no backup codes
 *    left): the "No way to get a code here" screen and where to go.
 */
import { lastSmsCode, nextCodeEmail, startDeliveryServer, type DeliveryTestServer } from '../helpers/delivery';
import { createOrg, createUser, steppedUpSession, type TestUser } from '../helpers/server';
import { codeFor, enrollTotp } from '../helpers/totp';
import { Device } from './addin-harness';
import { paneSuite } from './pane-suite';

jest.setTimeout(90_000);

const suite = paneSuite(startDeliveryServer);
const { newDevice, advance } = suite;
let server: DeliveryTestServer;
beforeAll(() => {
  server = suite.server;
});

/** Turns on email codes to the account's email address (through the API, as the portal would). */
async function enrollEmail(user: TestUser, address: string, totpSecret?: string): Promise<void> {
  const api = server.client();
  const first = await api.signInWithPassword({ username: user.username, password: user.password });
  let token: string;
  if (first.next === 'done') token = first.session!.token;
  else {
    const { session } = await api.verify(first.pendingToken!, { method: 'totp', code: codeFor(totpSecret!, server.clock.now()) });
    token = session.token;
    await advance(30_000);
  }
  api.setToken(token);
  await api.stepUp(totpSecret ? { password: user.password, method: 'totp', code: codeFor(totpSecret, server.clock.now()) } : { password: user.password });
  const since = server.smtp.to(address).length;
  const started = await api.startEmailEnrollment({});
  await api.confirmEnrollment({ factorId: started.factorId, code: await nextCodeEmail(server.smtp, address, since) });
  await advance(31_000); // past the resend cooldown
}

test('sign in with an email code from the SMTP server; a password sign-in again keeps one device entry', async () => {
  const org = await createOrg(server);
  const personal = `personal-${Date.now()}@example.net`;
  const user = await createUser(server, org, { email: personal });
  await enrollEmail(user, personal);

  const device = await newDevice();
  const pane = await device.open({ email: user.username }); // the add-in's mailbox is not the code's destination
  await pane.signIn(user.username, user.password);
  await pane.waitForView('code');
  // No authenticator app: the prompt opens on email (never on SMS), with the masked destination.
  const send = pane.page.getByRole('button', { name: 'Send code by email' });
  await send.waitFor();
  await pane.page.getByText('p•••@example.net').first().waitFor();
  expect(await pane.page.getByText(/can’t be used here/).count()).toBe(0);
  const since = server.smtp.to(personal).length;
  await send.click();
  await pane.page.getByText(/We sent a 6-digit code by email/).waitFor();
  expect(await pane.page.getByRole('button', { name: 'Resend code' }).isDisabled()).toBe(true);
  await pane.page.getByText(/You can ask for a new code in \d+ s\./).waitFor();
  await pane.screenshot('20-email-code-sent');
  await pane.page.getByLabel('Code from the message').fill(await nextCodeEmail(server.smtp, personal, since));
  await pane.page.getByRole('button', { name: 'Verify' }).click();
  await pane.waitForView('signed-in');
  const list = pane.page.getByTestId('devices').locator('li');
  await list.first().waitFor();
  expect(await list.count()).toBe(1);

  // New Outlook session on this registered device, but "Sign in with password instead": one device entry stays.
  await pane.close();
  await advance(31_000);
  const next = await device.open({ email: user.username });
  await next.waitForView('code');
  await next.page.getByRole('button', { name: 'Sign in with password instead' }).click();
  await next.signIn(user.username, user.password);
  await next.waitForView('code');
  const again = server.smtp.to(personal).length;
  await next.page.getByRole('button', { name: 'Send code by email' }).click();
  await next.page.getByLabel('Code from the message').fill(await nextCodeEmail(server.smtp, personal, again));
  await next.page.getByRole('button', { name: 'Verify' }).click();
  await next.waitForView('signed-in');
  const entries = next.page.getByTestId('devices').locator('li');
  await entries.first().waitFor();
  expect(await entries.count()).toBe(1);
  expect(await entries.first().innerText()).toContain('(this device)');
  await next.screenshot('21-one-device-entry');
});

test("the add-in's own mailbox: its email factor is not offered, and the pane says why", async () => {
  const org = await createOrg(server);
  const user = await createUser(server, org); // email = username = the add-in's mailbox
  const { secret } = await enrollTotp(server, user);
  await enrollEmail(user, user.username, secret);

  const device = await newDevice();
  const pane = await device.open({ email: user.username });
  await pane.signIn(user.username, user.password);
  await pane.waitForView('code');
  await pane.page.getByText('Codes sent to this mailbox can’t be used here: anyone who can open this mailbox could read them.').waitFor();
  await pane.screenshot('22-addin-mailbox-rule');
  expect(await pane.page.getByLabel('6-digit code').count()).toBe(1);
  expect(await pane.page.getByRole('button', { name: /Send code by email/ }).count()).toBe(0);
  const codeEmails = () => server.smtp.to(user.username).filter((m) => /verification code is/.test(m.text)).length;
  const before = codeEmails();
  await pane.enterCode(codeFor(secret, server.clock.now()));
  await pane.waitForView('signed-in');
  expect(codeEmails()).toBe(before); // no code ever went to the add-in's mailbox from the pane
});

test('sign in with a text-message code the SMS provider received, at registration and at a new Outlook session', async () => {
  const org = await createOrg(server);
  const user = await createUser(server, org);
  const phone = '+447400199871';
  const api = await steppedUpSession(server, user);
  const started = await api.startSmsEnrollment({ phoneNumber: phone });
  await api.confirmEnrollment({ factorId: started.factorId, code: lastSmsCode(server.sms, phone) });
  await advance(31_000);

  const device = await newDevice();
  const codeByText = async (pane: Awaited<ReturnType<Device['open']>>) => {
    await pane.waitForView('code');
    await pane.page.getByText('•••• 9871').first().waitFor();
    const before = server.sms.to(phone).length;
    await pane.page.getByRole('button', { name: 'Send code by text' }).click();
    await pane.page.getByText(/We sent a 6-digit code by text to/).waitFor();
    expect(server.sms.to(phone)).toHaveLength(before + 1);
    await pane.page.getByLabel('Code from the message').fill(lastSmsCode(server.sms, phone));
    await pane.page.getByRole('button', { name: 'Verify' }).click();
    await pane.waitForView('signed-in');
  };
  const first = await device.open({ email: user.username });
  await first.signIn(user.username, user.password);
  await codeByText(first);
  await first.close();

  // A new Outlook session on the registered device: no password, a text-message code.
  await advance(31_000);
  const next = await device.open({ email: user.username });
  await codeByText(next);
  expect(next.apiCalls.filter((c) => c.includes('/auth/'))).toEqual([
    'POST /api/v1/auth/device/challenge',
    'POST /api/v1/auth/device',
    'POST /api/v1/auth/send-code',
    'POST /api/v1/auth/verify',
  ]);
});

test('only email codes to this very mailbox and no backup codes left: the pane says there is no way here, and where to go', async () => {
  const org = await createOrg(server);
  const user = await createUser(server, org); // email = username = the add-in's mailbox
  await enrollEmail(user, user.username);
  await server.store.db.updateTable('backup_codes').set({ used_at: server.clock.now() }).where('user_id', '=', user.id).execute();

  const device = await newDevice();
  const pane = await device.open({ email: user.username });
  await pane.signIn(user.username, user.password);
  await pane.page.getByRole('heading', { name: 'No way to get a code here' }).waitFor();
  await pane.page.getByText('Codes sent to this mailbox can’t be used here: anyone who can open this mailbox could read them.').waitFor();
  expect(await pane.page.getByTestId('no-method-help').innerText()).toContain('Account Settings → Security');
  expect(await pane.page.locator('input[autocomplete="one-time-code"]').count()).toBe(0);
  await pane.screenshot('23-no-method-here');
  await pane.page.getByRole('button', { name: 'Back to sign-in' }).click();
  await pane.waitForView('sign-in');
});
