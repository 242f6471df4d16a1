/**
 * Add-in flows beyond the gate's triggers: org-required enrollment (TOTP
 * computed by the test from the manual key), backup-code sign-in, lockout,
 * the "Sign out of CloudSync" command, themes and accessibility.
 */
import AxeBuilder from '@axe-core/playwright';
import { createOrg, createUser, startTestServer, type TestServer } from '../helpers/server';
import { codeFor, enrollTotp, wrongCodeFor } from '../helpers/totp';
import { OutlookCloud, storedKey, type Pane } from './addin-harness';
import { paneSuite } from './pane-suite';

jest.setTimeout(60_000);

const suite = paneSuite(startTestServer);
const { newDevice, advance } = suite;
let server: TestServer;
beforeAll(() => {
  server = suite.server;
});
async function freshCode(secret: string): Promise<string> {
  await advance(30_000);
  return codeFor(secret, server.clock.now());
}

/** WCAG A/AA problems axe finds on the current page (serious or critical). */
async function accessibilityProblems(pane: Pane): Promise<string[]> {
  const results = await new AxeBuilder({ page: pane.page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

describe('add-in flows in the browser', () => {
  it('org-required enrollment: QR + manual key, first code, backup codes acknowledged, then signed in', async () => {
    const org = await createOrg(server, { require2fa: true });
    const user = await createUser(server, org);
    const device = await newDevice();
    const pane = await device.open({ email: user.username });
    await pane.signIn(user.username, user.password);
    await pane.waitForView('enroll');
    await pane.page.getByTestId('totp-qr').waitFor();
    await pane.screenshot('10-enroll');
    expect(await pane.page.getByTestId('totp-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    const secret = (await pane.page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    await pane.page.locator('input[autocomplete="one-time-code"]').fill(wrongCodeFor(secret, server.clock.now()));
    await pane.page.getByRole('button', { name: 'Verify and turn on' }).click();
    await pane.page.getByRole('alert').waitFor();
    expect(await pane.page.getByRole('alert').innerText()).toContain("That code didn't work");

    await pane.page.locator('input[autocomplete="one-time-code"]').fill(await freshCode(secret));
    await pane.page.getByRole('button', { name: 'Verify and turn on' }).click();
    await pane.waitForView('backup-codes');
    await pane.screenshot('11-backup-codes');
    const codes = (await pane.page.getByTestId('backup-codes').locator('li').allInnerTexts()).map((c) => c.trim());
    expect(codes.length).toBeGreaterThanOrEqual(10);
    const cont = pane.page.getByRole('button', { name: 'Continue' });
    expect(await cont.isDisabled()).toBe(true);
    await pane.page.getByLabel('I saved my backup codes').check();
    await cont.click();
    await pane.waitForView('signed-in');
    await pane.page.getByTestId('backup-codes-left').waitFor();
    expect(await pane.page.getByTestId('backup-codes-left').innerText()).toContain(`Backup codes left: ${codes.length}`);

    // Registered at the end of that sign-in: a new Outlook session asks for a code only.
    await pane.close();
    const next = await device.open({ email: user.username });
    await next.waitForView('code');
  });

  it('backup-code sign-in: switch method, the code works once, codes left drop by one', async () => {
    const org = await createOrg(server);
    const user = await createUser(server, org);
    const { backupCodes } = await enrollTotp(server, user);
    const device = await newDevice();
    const pane = await device.open({ email: user.username });
    await pane.signIn(user.username, user.password);
    await pane.waitForView('code');
    await pane.page.getByRole('button', { name: 'Use a backup code instead' }).click();
    await pane.page.getByRole('heading', { name: 'Enter a backup code' }).waitFor();
    await pane.screenshot('12-backup-code-prompt');
    expect(await pane.page.getByLabel('Backup code').getAttribute('inputmode')).toBe('text');
    await pane.page.getByLabel('Backup code').fill(backupCodes[0]!);
    await pane.page.getByRole('button', { name: 'Verify' }).click();
    await pane.waitForView('signed-in');
    await pane.page.getByTestId('backup-codes-left').waitFor();
    expect(await pane.page.getByTestId('backup-codes-left').innerText()).toContain(`Backup codes left: ${backupCodes.length - 1}`);
  });

  it('lockout: after 10 wrong codes even the right code is refused, with a message that says what to do', async () => {
    const org = await createOrg(server);
    const user = await createUser(server, org);
    const { secret } = await enrollTotp(server, user);
    const device = await newDevice();
    const pane = await device.open({ email: user.username });
    await pane.signIn(user.username, user.password);
    await pane.waitForView('code');
    const input = pane.page.locator('input[autocomplete="one-time-code"]');
    const alert = pane.page.getByRole('alert');
    for (let i = 0; i < 10; i++) {
      await advance(20_000); // past the growing delay between attempts
      await input.fill(wrongCodeFor(secret, server.clock.now()));
      await pane.page.getByRole('button', { name: 'Verify' }).click();
      await alert.waitFor();
      // The answer is in when the field is editable again (it is disabled while verifying).
      await pane.page.waitForFunction(() => !document.querySelector('input[autocomplete="one-time-code"]')?.hasAttribute('disabled'));
    }
    await input.fill(await freshCode(secret));
    await pane.page.getByRole('button', { name: 'Verify' }).click();
    await pane.page.getByText('Too many wrong codes').waitFor();
    await pane.screenshot('13-locked');
    const text = await alert.innerText();
    expect(text).toMatch(/Try again in \d+ (minutes?|seconds)/);
    expect(await pane.view()).toBe('code');
  });

  it('"Sign out of CloudSync" command ends the session, clears the record, notifies; the open pane follows', async () => {
    const org = await createOrg(server);
    const user = await createUser(server, org);
    const { secret } = await enrollTotp(server, user);
    const cloud = new OutlookCloud();
    const device = await newDevice(cloud);
    const pane = await device.open({ email: user.username });
    await pane.signIn(user.username, user.password);
    await pane.enterCode(await freshCode(secret));
    await pane.waitForView('signed-in');
    const token = await pane.page.evaluate((key) => (JSON.parse(sessionStorage.getItem(key) ?? '{}') as { token: string }).token, storedKey(pane.cfg, 'cloudsync.session'));
    expect(cloud.roamingOf(user.username)['cloudsync.verification']).toBeDefined();

    // The function file runs in its own frame of the same Outlook window (same origin, same tab storage).
    await pane.page.evaluate(async (src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.appendChild(frame);
      await new Promise((r) => frame.addEventListener('load', r));
      const w = frame.contentWindow as unknown as { signOutOfCloudSync?: (e: { completed(): void }) => Promise<void> };
      for (let i = 0; i < 100 && !w.signOutOfCloudSync; i++) await new Promise((r) => setTimeout(r, 20));
      await new Promise<void>((resolve) => void w.signOutOfCloudSync!({ completed: () => resolve() }));
    }, `${server.baseUrl}/commands.html`);

    expect(cloud.notifications.map((n) => n.details.message)).toContain('Signed out of AXIS CloudSync.');
    expect(cloud.roamingOf(user.username)['cloudsync.verification']).toBeUndefined();
    const client = server.client();
    client.setToken(token);
    await expect(client.me()).rejects.toMatchObject({ status: 401 });
    await pane.waitForView('signed-out');
    await pane.screenshot('14-signed-out');
    await pane.page.getByRole('button', { name: 'Sign in' }).click();
    await pane.waitForView('code'); // still a registered device: a code only
  });

  it('follows the Office theme (dark at load, OfficeThemeChanged to light)', async () => {
    const device = await newDevice();
    const pane = await device.open({ email: 'theme@example.com', dark: true });
    await pane.waitForView('sign-in');
    const theme = () => pane.page.locator('.fui-FluentProvider').first().getAttribute('data-theme');
    expect(await theme()).toBe('dark');
    await pane.screenshot('15-sign-in-dark');
    await pane.page.evaluate(() => (window as unknown as { __outlookDoubleSetTheme(d: boolean): void }).__outlookDoubleSetTheme(false));
    await pane.page.locator('[data-theme="light"]').waitFor();
  });

  it('sign-in and code prompt: labelled fields, one-time-code input, no serious axe violations', async () => {
    const org = await createOrg(server);
    const user = await createUser(server, org);
    await enrollTotp(server, user);
    const device = await newDevice();
    const pane = await device.open({ email: user.username });
    await pane.waitForView('sign-in');
    expect(await accessibilityProblems(pane)).toEqual([]);
    await pane.page.getByRole('button', { name: 'Sign in' }).isDisabled();
    await pane.signIn(user.username, user.password);
    await pane.waitForView('code');
    const input = pane.page.getByLabel('6-digit code');
    expect(await input.getAttribute('inputmode')).toBe('numeric');
    expect(await input.getAttribute('autocomplete')).toBe('one-time-code');
    // Paste-friendly: "123 456" or "Code: 123-456" becomes 123456.
    await input.focus();
    await pane.page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement;
      const data = new DataTransfer();
      data.setData('text/plain', 'Your code: 123 456');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    expect(await input.inputValue()).toBe('123456');
    await pane.page.getByRole('button', { name: 'Lost your device?' }).click();
    const help = pane.page.getByTestId('lost-device-help');
    expect(await help.innerText()).toContain('1-866-232-2211');
    await pane.screenshot('16-lost-device-help');
    expect(await accessibilityProblems(pane)).toEqual([]);
  });
});
