/**
 * Browser tests of the portal's email and text-message codes, against the real
 * server with a loopback SMTP server and SMS provider double: a user turns on
 * email codes in Account Settings (a bad phone number first gets a clear
 * error), a user whose only method is text messages steps up to regenerate
 * backup codes, and the admin's "allow email codes to the add-in's own
 * mailbox" policy round-trips. axe-core and a screenshot for each new state.
 */
import type { Browser, Page } from 'playwright-core';
import { ensureWebBuild } from '../helpers/build';
import { launchChromium } from '../helpers/browser';
import { lastSmsCode, nextCodeEmail, startDeliveryServer, type DeliveryTestServer } from '../helpers/delivery';
import { createOrg, createUser, type TestOrg } from '../helpers/server';
import { enrollTotp } from '../helpers/totp';
import { checkPage, enterPassword, nextCode, readBackupCodes, signInWithCode } from './portal-helpers';

jest.setTimeout(60_000);

let server: DeliveryTestServer;
let browser: Browser;
let org: TestOrg;

beforeAll(async () => {
  await ensureWebBuild(['portal.html']);
  server = await startDeliveryServer();
  browser = await launchChromium();
  org = await createOrg(server, {}, 'Northwind');
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/portal`);
  return { page, close: () => context.close() };
}

const stepUpDialog = (page: Page) => page.getByRole('dialog').filter({ hasText: "Confirm it's you" });

test('a user turns on email codes in Account Settings: the code comes from the SMTP server; a landline number is refused with a clear error', async () => {
  const ana = await createUser(server, org, { username: 'ana@northwind.example' });
  const { page, close } = await open();
  await enterPassword(page, ana);
  await page.getByRole('heading', { name: 'Account Settings', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Enable Two-Step Authentication' }).click();

  const choose = page.getByTestId('enroll-choose');
  // The authenticator app is recommended and preselected; text messages are never preselected.
  expect(await choose.getByRole('radio', { name: /^Authenticator app \(recommended\)/ }).isChecked()).toBe(true);
  expect(await choose.getByRole('radio', { name: /^Text message \(SMS\): less safe/ }).isChecked()).toBe(false);

  // Text message: marked as the less safe choice; a landline is refused, and the page says why.
  await choose.getByRole('radio', { name: /^Text message/ }).check();
  await choose.getByText('Less safe than an authenticator app').waitFor();
  await choose.getByLabel('Mobile phone number').fill('+44 20 7234 5678');
  await choose.getByRole('button', { name: 'Send code' }).click();
  const dialog = stepUpDialog(page);
  await dialog.getByLabel('Password').fill(ana.password);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await choose.getByText(/Use a mobile number/).waitFor();
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(() => !document.getElementById('root')?.hasAttribute('aria-hidden'), undefined, { timeout: 5000 });
  await checkPage(page, '16-enroll-sms-bad-number');
  expect(server.sms.sent()).toHaveLength(0);

  // Email: the account's address is filled in; the code goes there (step-up still fresh: no second dialog).
  await choose.getByRole('radio', { name: /^Email/ }).check();
  expect(await choose.getByRole('textbox', { name: 'Email address' }).inputValue()).toBe(ana.username);
  await checkPage(page, '17-enroll-email-choose');
  const since = server.smtp.to(ana.username).length;
  await choose.getByRole('button', { name: 'Send code' }).click();
  const verify = page.getByTestId('enroll-verify');
  await verify.getByText(/We sent a 6-digit code by email to/).waitFor();
  await verify.getByText('a•••@northwind.example').waitFor();
  // Nothing is on until the first code comes back.
  expect(await server.services.factors.activeFactors(ana.id)).toHaveLength(0);
  await checkPage(page, '18-enroll-email-code-sent');

  await verify.getByLabel('Code from the message').fill(await nextCodeEmail(server.smtp, ana.username, since));
  await verify.getByRole('button', { name: 'Verify and turn on' }).click();
  await page.getByRole('heading', { name: 'Save your backup codes', level: 2 }).waitFor();
  expect(await readBackupCodes(page)).toHaveLength(10);
  // Print sits with Copy and Download.
  const actions = page.getByRole('button', { name: 'Copy codes' }).locator('xpath=..');
  expect(await actions.getByRole('button').allTextContents()).toEqual(['Copy codes', 'Download codes', 'Print codes']);
  await page.getByLabel('I saved my backup codes').check();
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByText('Two-step authentication is on.').first().waitFor();
  expect(await page.getByTestId('methods').textContent()).toContain('Email (a•••@northwind.example)');
  // The password form now offers the new method too.
  await page.getByRole('button', { name: 'Send code by email' }).waitFor();
  await checkPage(page, '19-security-email-on');
  expect((await server.services.factors.activeFactors(ana.id)).map((f) => f.kind)).toEqual(['email']);
  await close();
});

test('a user whose only method is text messages steps up with a texted code to regenerate backup codes', async () => {
  const ben = await createUser(server, org, { username: 'ben@northwind.example' });
  const phone = '+447400123456';
  // Text message codes set up earlier (through the API).
  const api = server.client();
  api.setToken((await api.signInWithPassword({ username: ben.username, password: ben.password })).session!.token);
  await api.stepUp({ password: ben.password });
  const started = await api.startSmsEnrollment({ phoneNumber: phone });
  const first = await api.confirmEnrollment({ factorId: started.factorId, code: lastSmsCode(server.sms, phone) });
  const oldCodes = first.backupCodes!;
  server.clock.advance(31_000);

  // Sign in with a texted code.
  const { page, close } = await open();
  await enterPassword(page, ben);
  const codeStep = page.getByTestId('sign-in-code');
  await codeStep.getByRole('button', { name: 'Send code by text' }).click();
  await codeStep.getByText(/We sent a 6-digit code by text/).waitFor();
  await codeStep.getByLabel('Code from the message').fill(lastSmsCode(server.sms, phone));
  await codeStep.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: 'Account Settings', level: 1 }).waitFor();
  expect(await page.getByTestId('methods').textContent()).toContain('Text message (SMS) (•••• 3456)');
  server.clock.advance(31_000);

  // Regenerate backup codes → step-up with a code sent by text (the provider double receives it).
  await page.getByRole('button', { name: 'Regenerate backup codes' }).click();
  const dialog = stepUpDialog(page);
  await dialog.waitFor();
  const texts = server.sms.to(phone).length;
  await dialog.getByRole('button', { name: 'Send code by text' }).click();
  await dialog.getByText(/We sent a 6-digit code by text to/).waitFor();
  await dialog.getByText('•••• 3456').waitFor();
  expect(server.sms.to(phone)).toHaveLength(texts + 1);
  await checkPage(page, '20-step-up-sms');
  await dialog.getByLabel('Password').fill(ben.password);
  await dialog.getByLabel('Code from the message').fill(lastSmsCode(server.sms, phone));
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('heading', { name: 'Save your backup codes', level: 2 }).waitFor();
  const fresh = await readBackupCodes(page);
  expect(fresh).toHaveLength(10);
  expect(fresh.some((c) => oldCodes.includes(c))).toBe(false);
  expect(await server.services.factors.backupCodesLeft(ben.id)).toBe(10);
  await close();
});

test('Admin → Settings → Policies: "Allow email codes to the add-in\'s own mailbox" round-trips (off by default)', async () => {
  const boss = await createUser(server, org, { role: 'admin', username: 'boss@northwind.example' });
  const secret = (await enrollTotp(server, boss)).secret;
  const { page, close } = await open();
  await signInWithCode(page, server, boss, secret);
  await page.getByRole('link', { name: 'Admin' }).click();
  const policies = page.getByTestId('page-policies');
  await policies.getByLabel('Require Two-Step Authentication').waitFor();
  const allow = policies.getByLabel("Allow email codes to the add-in's own mailbox");
  expect(await allow.isChecked()).toBe(false);
  await policies.getByText(/proves nothing the add-in does not already have/).waitFor();
  await checkPage(page, '21-admin-policies-mailbox');

  await allow.check();
  await policies.getByRole('button', { name: 'Save' }).click();
  // Allowing it lowers protection: "Confirm it's you" first.
  const dialog = stepUpDialog(page);
  await dialog.getByLabel('Password').fill(boss.password);
  await dialog.getByLabel('Code from your authenticator app').fill(nextCode(server, secret));
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await policies.getByText('Saved.').waitFor();
  expect((await server.services.policies.forOrg(org.id)).allowEmailToAddinMailbox).toBe(true);

  // Reloaded from the server (the session survives a reload in this tab).
  await page.reload();
  await page.getByTestId('page-policies').getByLabel("Allow email codes to the add-in's own mailbox").waitFor();
  expect(await page.getByTestId('page-policies').getByLabel("Allow email codes to the add-in's own mailbox").isChecked()).toBe(true);
  await page.getByTestId('page-policies').getByLabel("Allow email codes to the add-in's own mailbox").uncheck();
  await page.getByTestId('page-policies').getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('page-policies').getByText('Saved.').waitFor();
  expect((await server.services.policies.forOrg(org.id)).allowEmailToAddinMailbox).toBe(false);
  await close();
});
