/**
 * The help page's walkthroughs in a real browser against the real server and
 * the real bundle: the admin requires 2FA and a user is made to enroll; a user
 * enables 2FA on their own; an admin resets a user's 2FA and their add-in
 * registration stops working; backup code sign-in; lockout and unlock; an
 * expired session keeps what was typed. Every page passes axe-core.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { createOrg, createUser, type TestOrg, type TestUser } from '../helpers/server';
import { enrollTotp, wrongCodeFor } from '../helpers/totp';
import { failure } from '../helpers/http';
import { checkPage, enterPassword, nextCode, readBackupCodes, readSetupKey, signInWithCode, signOut, startPortalHarness, type PortalHarness } from './portal-helpers';

jest.setTimeout(60_000);

let h: PortalHarness;
let org: TestOrg;
let admin: TestUser;
let adminSecret: string;

beforeAll(async () => {
  h = await startPortalHarness({ limits: { lockAfterFailures: 3, delayFromFailure: 100 } });
  org = await createOrg(h.server, {}, 'Contoso');
  admin = await createUser(h.server, org, { role: 'admin', username: 'admin@contoso.example' });
  adminSecret = (await enrollTotp(h.server, admin)).secret;
}, 600_000);
afterAll(() => h?.close());

/** Submits the code step and waits for the server's answer (a wrong code clears the field). */
async function submitCode(page: Page): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/verify'));
  await page.getByTestId('sign-in-code').getByRole('button', { name: 'Verify' }).click();
  await answered;
  await page.waitForFunction(() => (document.querySelector('[data-testid="sign-in-code"] input') as HTMLInputElement | null)?.value === '');
}

const heading = (page: Page, name: string, level = 1) => page.getByRole('heading', { name, level });

test('the portal page carries its security headers', async () => {
  const res = await fetch(`${h.server.baseUrl}/portal`);
  expect(res.status).toBe(200);
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  const html = await res.text();
  expect(html).toMatch(/<script[^>]+src="?portal\.[0-9a-f]+\.js/);
  expect(html).not.toMatch(/<script>(?!<\/script>)/);
});

test('walkthrough 1: the admin requires 2FA; a user without it must enroll at sign-in, saves backup codes, signs out, signs in with a code', async () => {
  const policyOrg = await createOrg(h.server, {}, 'Fabrikam');
  const boss = await createUser(h.server, policyOrg, { role: 'admin', username: 'boss@fabrikam.example' });
  const bossSecret = (await enrollTotp(h.server, boss)).secret;
  const pat = await createUser(h.server, policyOrg, { username: 'pat@fabrikam.example' });

  // Admin: Settings → Policies → Require Two-Step Authentication → Save.
  const { context: adminContext, page: adminPage } = await h.open();
  await checkPage(adminPage, '01-sign-in');
  await enterPassword(adminPage, boss);
  await adminPage.getByTestId('sign-in-code').waitFor();
  await checkPage(adminPage, '02-sign-in-code');
  await adminPage.getByTestId('sign-in-code').getByLabel('Code from your authenticator app').fill(nextCode(h.server, bossSecret));
  await adminPage.getByRole('button', { name: 'Verify' }).click();
  await adminPage.getByRole('link', { name: 'Admin' }).click();
  await adminPage.getByRole('tab', { name: 'Settings → Policies' }).waitFor();
  const policies = adminPage.getByTestId('page-policies');
  await expect(policies.getByTestId('not-enrolled').textContent()).resolves.toContain('1 of 2 users have not set up Two-Step Authentication yet');
  const require2fa = policies.getByLabel('Require Two-Step Authentication');
  expect(await require2fa.isChecked()).toBe(false);
  await checkPage(adminPage, '03-admin-policies');
  await require2fa.check();
  await policies.getByRole('button', { name: 'Save' }).click();
  await policies.getByText('Saved.').waitFor();
  await expect(policies.getByTestId('not-enrolled').textContent()).resolves.toContain('They will be asked to at their next sign-in');
  expect((await h.server.services.policies.forOrg(policyOrg.id)).require2fa).toBe(true);
  await adminContext.close();

  // The user signs in and is made to set up two-step authentication right there.
  const { context, page } = await h.open();
  await enterPassword(page, pat);
  await heading(page, 'Set up two-step authentication').waitFor();
  await checkPage(page, '04-enroll-choose');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByTestId('totp-qr').waitFor();
  await checkPage(page, '05-enroll-qr');
  const secret = await readSetupKey(page);
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel('Code from your authenticator app').fill(nextCode(h.server, secret));
  await page.getByRole('button', { name: 'Verify and sign in' }).click();

  // Backup codes: shown once, acknowledged before going on.
  await heading(page, 'Save your backup codes', 2).waitFor();
  const codes = await readBackupCodes(page);
  expect(codes).toHaveLength(10);
  await checkPage(page, '06-backup-codes');
  const go = page.getByRole('button', { name: 'Continue to AXIS CloudSync' });
  expect(await go.isDisabled()).toBe(true);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download codes' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.txt$/);
  await page.getByLabel('I saved my backup codes').check();
  await go.click();
  await heading(page, 'Account Settings').waitFor();
  await page.getByText('Backup codes left:').waitFor();
  expect(await page.getByTestId('backup-codes-left').textContent()).toContain('10');
  // Required by the org: turning it off is not offered.
  expect(await page.getByRole('button', { name: 'Turn off two-step authentication' }).count()).toBe(0);
  await checkPage(page, '07-security-on');

  await signOut(page, pat.username);
  await page.getByText('You are signed out.').waitFor();
  await signInWithCode(page, h.server, pat, secret);
  expect(await page.getByTestId('backup-codes-left').textContent()).toContain('10');
  // A non-admin never sees the admin pages, even by typing their address.
  expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
  await page.goto(`${h.server.baseUrl}/portal#/admin/users`);
  await heading(page, 'Account Settings').waitFor();
  expect(await page.getByTestId('page-users').count()).toBe(0);
  // The session token lives in sessionStorage, never in localStorage or a cookie.
  const stored = await page.evaluate(() => ({ local: window.localStorage.length, session: Object.keys(window.sessionStorage), cookie: document.cookie }));
  expect(stored).toEqual({ local: 0, session: ['axis.portal.session'], cookie: '' });
  await context.close();
});

test('walkthrough 2: a user enables two-step authentication on their own (step-up, QR, first code, backup codes)', async () => {
  const sam = await createUser(h.server, org, { username: 'sam@contoso.example' });
  const { context, page } = await h.open();
  await enterPassword(page, sam);
  await heading(page, 'Account Settings').waitFor();
  await checkPage(page, '08-security-off');
  await page.getByRole('button', { name: 'Enable Two-Step Authentication' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  // Step-up: the password again (no second factor yet).
  const dialog = page.getByRole('dialog').filter({ hasText: "Confirm it's you" });
  await dialog.waitFor();
  await checkPage(page, '09-step-up');
  await dialog.getByLabel('Password').fill(sam.password);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await page.getByTestId('totp-qr').waitFor();
  const secret = await readSetupKey(page);
  await page.getByTestId('enroll-verify').getByLabel('Code from your authenticator app').fill(nextCode(h.server, secret));
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  await heading(page, 'Save your backup codes', 2).waitFor();
  expect(await readBackupCodes(page)).toHaveLength(10);
  await page.getByLabel('I saved my backup codes').check();
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByText('Two-step authentication is on.').first().waitFor();
  expect(await page.getByTestId('methods').textContent()).toContain('Authenticator app');
  const me = await h.server.services.factors.activeFactors(sam.id);
  expect(me.map((f) => f.kind)).toEqual(['totp']);
  await context.close();
});

test('walkthrough 3: the admin resets a user’s 2FA (confirm + own step-up); the user’s add-in registration gets credentials_changed', async () => {
  const kim = await createUser(h.server, org, { username: 'kim@contoso.example' });
  const enrolled = await enrollTotp(h.server, kim);
  const addin = await enrolled.client.register({ clientType: 'outlook-addin', label: 'Outlook on Windows', host: 'Outlook', platform: 'PC', mailbox: 'kim@contoso.example' });
  // The add-in can start a sign-in with its device secret before the reset.
  expect((await h.server.client().signInWithDevice({ registrationId: addin.registration.id, deviceSecret: addin.deviceSecret })).next).toBe('verify');

  const { context, page } = await h.open();
  await signInWithCode(page, h.server, admin, adminSecret);
  await page.getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('tab', { name: 'Users' }).click();
  const users = page.getByTestId('page-users');
  await users.getByLabel('Search users').fill('kim@');
  await users.getByRole('button', { name: 'Search' }).click();
  const row = users.locator('tr[data-username="kim@contoso.example"]');
  await row.waitFor();
  expect(await users.locator('tbody tr').count()).toBe(1);
  expect(await row.textContent()).toContain('Set up');
  // The user's devices, as the admin sees them.
  await row.getByRole('button', { name: 'Devices of kim@contoso.example' }).click();
  await page.getByRole('dialog').getByText('Outlook on Windows').waitFor();
  await checkPage(page, '10-admin-user-devices');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  // The dialog's modal layer lifts (the page is no longer aria-hidden) once it has closed.
  await page.waitForFunction(() => !document.getElementById('root')?.hasAttribute('aria-hidden'), undefined, { timeout: 5000 });
  await checkPage(page, '11-admin-users');

  await row.getByRole('button', { name: 'Reset 2FA for kim@contoso.example' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
  const stepUp = page.getByRole('dialog').filter({ hasText: "Confirm it's you" });
  await stepUp.waitFor();
  await stepUp.getByLabel('Password').fill(admin.password);
  await stepUp.getByLabel('Code from your authenticator app').fill(nextCode(h.server, adminSecret));
  await stepUp.getByRole('button', { name: 'Confirm' }).click();
  await users.getByText('Two-Step Authentication reset for kim@contoso.example.').waitFor();
  await users.locator('tr[data-username="kim@contoso.example"]', { hasText: 'Not set up' }).waitFor();

  // The add-in's registration no longer works: it must ask for password + code.
  const refused = await failure(h.server.client().signInWithDevice({ registrationId: addin.registration.id, deviceSecret: addin.deviceSecret }));
  expect(refused.code).toBe('credentials_changed');
  expect((await failure(enrolled.client.me())).code).toBe('credentials_changed');

  // The audit page shows the reset, newest first, by this admin.
  await page.getByRole('tab', { name: 'Audit' }).click();
  const audit = page.getByTestId('page-audit');
  await audit.getByRole('textbox', { name: 'Event' }).fill('admin.two_factor_reset');
  await audit.getByRole('button', { name: 'Filter' }).click();
  const resetRow = audit.locator('tr[data-event="admin.two_factor_reset"]').first();
  await resetRow.waitFor();
  expect(await resetRow.textContent()).toContain('kim@contoso.example');
  expect(await resetRow.textContent()).toContain('Success');
  await checkPage(page, '12-admin-audit');
  const download = page.waitForEvent('download');
  await audit.getByRole('button', { name: 'Export CSV' }).click();
  const csvPath = await (await download).path();
  const file = fs.readFileSync(csvPath!);
  // UTF-8 with a byte-order mark, so that Excel keeps names intact.
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = file.subarray(3).toString('utf8');
  expect(csv.split('\r\n')[0]).toBe('time,event,outcome,user,actor,client,ip,detail');
  expect(csv).toContain('admin.two_factor_reset');
  await context.close();
});

test('backup code sign-in: "Use a backup code instead", one code used, the count goes down', async () => {
  const lee = await createUser(h.server, org, { username: 'lee@contoso.example' });
  const enrolled = await enrollTotp(h.server, lee);
  const { context, page } = await h.open();
  await enterPassword(page, lee);
  const form = page.getByTestId('sign-in-code');
  await form.getByRole('button', { name: 'Use a backup code instead' }).click();
  await form.getByLabel('Backup code').fill(enrolled.backupCodes[0]!);
  await checkPage(page, '13-sign-in-backup-code');
  await form.getByRole('button', { name: 'Verify' }).click();
  await heading(page, 'Account Settings').waitFor();
  expect(await page.getByTestId('backup-codes-left').textContent()).toContain('9');
  await checkPage(page, '14-security-devices-sessions');
  await context.close();

  // The same code does not work twice.
  const again = await h.open();
  await enterPassword(again.page, lee);
  const form2 = again.page.getByTestId('sign-in-code');
  await form2.getByRole('button', { name: 'Use a backup code instead' }).click();
  await form2.getByLabel('Backup code').fill(enrolled.backupCodes[0]!);
  await form2.getByRole('button', { name: 'Verify' }).click();
  await again.page.getByText("That code didn't work").waitFor();
  await again.context.close();
});

test('lockout and unlock: wrong codes lock the account (a right code is refused too), the admin unlocks, the user signs in', async () => {
  const max = await createUser(h.server, org, { username: 'max@contoso.example' });
  const { secret } = await enrollTotp(h.server, max);
  const { context, page } = await h.open();
  await enterPassword(page, max);
  const form = page.getByTestId('sign-in-code');
  const field = form.getByLabel('Code from your authenticator app');
  for (let i = 0; i < 3; i++) {
    await field.fill(wrongCodeFor(secret, h.server.clock.now()));
    await submitCode(page);
  }
  await page.getByText('Too many wrong codes').waitFor();
  await checkPage(page, '15-locked');
  await field.fill(nextCode(h.server, secret));
  await submitCode(page);
  await page.getByText('Too many wrong codes').waitFor();
  expect(await h.server.services.throttle.isLocked(max.id)).toBe(true);

  const adminView = await h.open();
  await signInWithCode(adminView.page, h.server, admin, adminSecret);
  await adminView.page.goto(`${h.server.baseUrl}/portal#/admin/users`);
  const users = adminView.page.getByTestId('page-users');
  await users.getByLabel('Two-Step Authentication status').selectOption('locked');
  await users.getByRole('button', { name: 'Search' }).click();
  const row = users.locator('tr[data-username="max@contoso.example"]');
  await row.getByText('Locked').waitFor();
  await row.getByRole('button', { name: 'Unlock max@contoso.example' }).click();
  await users.getByText('max@contoso.example is unlocked.').waitFor();
  expect(await h.server.services.throttle.isLocked(max.id)).toBe(false);
  await adminView.context.close();

  await field.fill(nextCode(h.server, secret));
  await form.getByRole('button', { name: 'Verify' }).click();
  await heading(page, 'Account Settings').waitFor();
  await context.close();
});

test('an expired session sends the user to sign-in with a message, and what they typed is still there afterwards', async () => {
  const ana = await createUser(h.server, org, { username: 'ana@contoso.example' });
  const { secret } = await enrollTotp(h.server, ana);
  const { context, page } = await h.open();
  await signInWithCode(page, h.server, ana, secret);
  const draft = 'a new password I was typing';
  await page.getByLabel(/^New password/).fill(draft);

  h.server.clock.advance(2 * 3600_000); // past the 60-minute idle limit
  await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await page.getByText('Your session ended.').waitFor();
  await checkPage(page, '16-session-expired');
  expect(await page.getByTestId('sign-in-password').getByLabel('Username').inputValue()).toBe('ana@contoso.example');
  await signInWithCode(page, h.server, ana, secret);
  expect(await page.getByLabel(/^New password/).inputValue()).toBe(draft);
  await context.close();
});
