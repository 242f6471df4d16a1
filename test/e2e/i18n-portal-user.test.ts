/**
 * The portal's user pages in other languages, in real Chromium against the
 * real server and bundle:
 *  - the pseudo-locale (`?lang=qps-ploc`: every message accented, 40 % longer,
 *    wrapped in ⟦ ⟧) on every user screen at 320 px: no text outside the
 *    markers but the seeded user data the test names, and no sideways scroll;
 *  - the language follows the browser (German) and `?lang=` (Arabic), Arabic
 *    lays the page out right to left with codes left to right;
 *  - axe stays clean in Arabic and German;
 *  - a wrong backup code gets backup-code advice, not the authenticator app's.
 * Buttons are found by their pseudo-localized names, compiled here from the
 * same English catalog the bundle compiles.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setupI18n } from '@lingui/core';
import type { BrowserContext, Page } from 'playwright-core';
import { seedIfEmpty } from '../../src/server/seed';
import { ApprovalClient } from '../../src/shared/approval-client';
import { compileCatalog } from '../../src/shared/i18n/compile';
import type { MessageId, MessageValues } from '../../src/shared/i18n/message-ids';
import { catalogSource } from '../helpers/i18n';
import { createOrg, createUser, steppedUpSession, type TestOrg, type TestUser } from '../helpers/server';
import { codeFor } from '../helpers/totp';
import { addVirtualAuthenticator } from '../helpers/virtual-authenticator';
import { checkPage, readBackupCodes, readSetupKey, screenshotDir, startPortalHarness, type PortalHarness } from './portal-helpers';

jest.setTimeout(180_000);

const pseudoI18n = setupI18n({ locale: 'qps-ploc', messages: { 'qps-ploc': compileCatalog(catalogSource('en'), true) } });
/** A message as the pseudo-locale shows it. */
const P = (id: MessageId, values?: MessageValues) => pseudoI18n._(id, values);

let h: PortalHarness;
let org: TestOrg;
let admin: { username: string; password: string };

beforeAll(async () => {
  h = await startPortalHarness();
  const seeded = await seedIfEmpty(h.server.services, h.server.dataDir, { production: true, bootstrap: { org: 'Contoso', admin: 'it@contoso.example' } });
  if (!seeded?.created) throw new Error('not seeded');
  admin = { username: 'it@contoso.example', password: fs.readFileSync(seeded.passwordFile, 'utf8').trim() };
  org = await createOrg(h.server, {}, 'Fabrikam');
}, 600_000);
afterAll(() => h?.close());


/** Strips ⟦…⟧ (nested too) and the allowed user data; returns whatever letters are left, word by word. */
function unmarkedWords(text: string, allowed: readonly string[]): string[] {
  let rest = text;
  for (const a of [...allowed].sort((x, y) => y.length - x.length)) if (a) rest = rest.split(a).join(' ');
  let depth = 0;
  let outside = '';
  for (const ch of rest) {
    if (ch === '⟦') depth += 1;
    else if (ch === '⟧') depth = Math.max(0, depth - 1);
    else if (depth === 0) outside += ch;
  }
  return outside.match(/\p{L}[\p{L}\p{M}'’-]*/gu) ?? [];
}

/** Every visible text node in document order, the labels a screen reader reads, and the title. */
function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const shown = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) if (e.getAttribute('aria-hidden') === 'true') return false;
      return !!el && el.checkVisibility({ visibilityProperty: true });
    };
    let text = '';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName) || !shown(parent)) continue;
      text += `${n.textContent ?? ''}\n`;
    }
    const labels: string[] = [];
    document.body.querySelectorAll('[aria-label], [placeholder], [title], img[alt]').forEach((el) => {
      if (!shown(el)) return;
      for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
        const value = el.getAttribute(name);
        if (value) labels.push(value);
      }
    });
    return [text, ...labels, document.title];
  });
}

/** The screen as it is: no untranslated text, and nothing wider than the 320 px window. */
async function expectLocalized(page: Page, screen: string, userData: readonly string[] = []): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `i18n-portal-${screen.replace(/\W+/g, '-')}.png`), fullPage: true });
  const allowed = [...userData];
  const leftovers = (await visibleTexts(page)).flatMap((t) => unmarkedWords(t, allowed));
  expect({ screen, leftovers }).toEqual({ screen, leftovers: [] });
  const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect({ screen, fits: overflow.scroll <= overflow.client }).toEqual({ screen, fits: true });
}

async function openPseudo(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.browser.newContext({ viewport: { width: 320, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  await addVirtualAuthenticator(page);
  await page.goto(`${h.server.passkeyUrl}/portal?lang=qps-ploc`);
  await page.getByTestId('sign-in-password').waitFor();
  return { context, page };
}

async function enterPassword(page: Page, user: { username: string; password: string }): Promise<void> {
  const form = page.getByTestId('sign-in-password');
  await form.locator('input[name="username"]').fill(user.username);
  await form.locator('input[name="password"]').fill(user.password);
  await form.locator('button[type="submit"]').click();
}

/** The step-up dialog when it asks (a recent one may still count): password, and a code when the user has methods. */
async function stepUpIfAsked(page: Page, user: TestUser, done: ReturnType<Page['locator']>, code?: () => string): Promise<void> {
  const dialog = page.getByTestId('step-up');
  await Promise.race([dialog.waitFor(), done.waitFor()]);
  if (!(await dialog.isVisible())) return;
  await dialog.locator('input[type="password"]').fill(user.password);
  if (code) await dialog.locator('#step-up-code').fill(code());
  await dialog.getByRole('button', { name: P('portal.stepUp.confirm'), exact: true }).click();
  await done.waitFor();
}

test('pseudo-locale walk of the first-password page: every text is translated and fits 320 px', async () => {
  const { context, page } = await openPseudo();
  await expectLocalized(page, 'sign-in password step', []);
  await enterPassword(page, admin);
  await page.getByRole('heading', { name: P('portal.firstPassword.heading'), level: 2 }).waitFor();
  await expectLocalized(page, 'first password', [admin.username, 'Administrator']);
  await context.close();
});

test('pseudo-locale walk of sign-in, Account Settings → Security, step-up and the approval page', async () => {
  const user = await createUser(h.server, org);
  const data = [user.username];
  const { context, page } = await openPseudo();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('qps-ploc');
  // The password step offers "Sign in with a passkey" (the browser can use passkeys).
  await page.getByRole('button', { name: P('portal.signIn.withPasskey') }).waitFor();
  await expectLocalized(page, 'sign-in with passkey choice');

  await enterPassword(page, user);
  const security = page.getByTestId('page-security');
  await security.waitFor();
  await page.getByRole('heading', { name: P('portal.twoStep.heading'), level: 2 }).waitFor();
  await page.getByRole('heading', { name: P('portal.devices.sessions') }).waitFor();
  await expectLocalized(page, 'security, two-step off', data);

  // Enable Two-Step Authentication: the step-up dialog, the app, the first code, the backup codes.
  await page.getByRole('button', { name: P('portal.twoStep.enable') }).click();
  const choose = page.getByTestId('enroll-choose');
  await choose.waitFor();
  await expectLocalized(page, 'enrol: choose the method', data);
  await choose.locator('button[type="submit"]').click();
  const dialog = page.getByTestId('step-up');
  await dialog.waitFor();
  await expectLocalized(page, 'step-up dialog', data);
  await dialog.locator('input[type="password"]').fill(user.password);
  await dialog.getByRole('button', { name: P('portal.stepUp.confirm'), exact: true }).click();
  await page.getByTestId('totp-secret').waitFor();
  const secret = await readSetupKey(page);
  await expectLocalized(page, 'enrol an authenticator', [...data, secret, ...(secret.match(/.{1,4}/g) ?? [])]);
  await page.locator('#enroll-code').fill(codeFor(secret, h.server.clock.now()));
  h.server.clock.advance(30_000);
  await page.getByTestId('enroll-verify').locator('button[type="submit"]').click();
  await page.getByTestId('save-backup-codes').waitFor();
  const codes = await readBackupCodes(page);
  expect(codes.length).toBeGreaterThan(0);
  await expectLocalized(page, 'backup codes', [...data, ...codes]);
  await page.getByTestId('save-backup-codes').locator('input[type="checkbox"]').check();
  await page.getByRole('button', { name: P('portal.twoStep.done') }).click();
  await page.getByTestId('methods').waitFor();
  await expectLocalized(page, 'security, two-step on (methods, backup codes, password with a code, devices)', data);

  // Add a passkey (the step-up may still count).
  const passkeys = page.getByTestId('passkeys');
  await passkeys.getByRole('button', { name: P('portal.passkeys.add') }).click();
  await passkeys.getByTestId('add-passkey').locator('input').fill('Laptop');
  await expectLocalized(page, 'add a passkey', [...data, 'Laptop']);
  const code = () => {
    const c = codeFor(secret, h.server.clock.now());
    h.server.clock.advance(30_000);
    return c;
  };
  await passkeys.getByTestId('add-passkey').locator('button[type="submit"]').click();
  await stepUpIfAsked(page, user, passkeys.getByText(P('portal.passkeys.added.title')), code);
  await passkeys.getByRole('cell', { name: 'Laptop', exact: true }).waitFor();
  await expectLocalized(page, 'passkeys list', [...data, 'Laptop']);

  // Sign out; sign in again: the passkey first, then the codes.
  await page.locator('header button[aria-haspopup]').click();
  await page.getByRole('menuitem', { name: P('portal.app.signOut') }).click();
  await page.getByTestId('sign-in-password').waitFor();
  await expectLocalized(page, 'signed out', []);
  await enterPassword(page, user);
  await page.getByTestId('sign-in-passkey-second-step').waitFor();
  await expectLocalized(page, 'code step with passkey', data);
  await page.getByRole('button', { name: P('portal.code.useBackup') }).click();
  await page.locator('input[name="backup-code"]').fill('ZZZZ-ZZZZ');
  await page.getByTestId('sign-in-code').locator('button[type="submit"]').click();
  // A wrong backup code: advice about backup codes (not about the authenticator app).
  await page.getByRole('alert').filter({ hasText: P('portal.code.backupWrong') }).waitFor();
  await expectLocalized(page, 'wrong backup code', data);
  await page.getByRole('button', { name: P('portal.code.useApp') }).click();
  await page.locator('#sign-in-code').fill(code());
  await page.getByTestId('sign-in-code').locator('button[type="submit"]').click();
  await security.waitFor();

  // The approval page (Outlook's "Approve with a passkey in your browser"), opened with ?lang=qps-ploc.
  const pane = h.server.client();
  const started = await pane.signInWithPassword({ username: user.username, password: user.password, client: { type: 'outlook-addin', label: 'Outlook on Windows' } });
  const request = await new ApprovalClient(pane).create(started.pendingToken!, { host: 'Outlook' });
  const [base, fragment] = request.approvalUrl.split('#');
  await page.goto('about:blank');
  await page.goto(`${base}?lang=qps-ploc#${fragment}`);
  await page.getByRole('heading', { name: P('portal.approve.heading'), level: 1 }).waitFor();
  await expectLocalized(page, 'approval page', []);
  await page.getByRole('button', { name: P('portal.approve.signIn') }).click();
  await page.getByRole('radiogroup').waitFor();
  await expectLocalized(page, 'approval: what asks for access', [...data, 'Outlook on Windows', 'Outlook', 'localhost', '127.0.0.1']);
  await context.close();
});

test('the portal follows the browser’s language (German) and ?lang=ar lays it out right to left, codes left to right; axe is clean in both', async () => {
  const user = await createUser(h.server, org);
  // German from navigator.languages.
  const de = await h.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const dePage = await de.newPage();
  await dePage.goto(`${h.server.baseUrl}/portal`);
  await dePage.getByRole('heading', { name: 'Bei AXIS CloudSync anmelden', level: 1 }).waitFor();
  expect(await dePage.evaluate(() => [document.documentElement.lang, document.documentElement.dir, document.title])).toEqual(['de', 'ltr', 'Anmelden · AXIS CloudSync']);
  await checkPage(dePage, 'de-sign-in');
  await enterPassword(dePage, user);
  await dePage.getByRole('heading', { name: 'Kontoeinstellungen', level: 1 }).waitFor();
  await dePage.getByRole('heading', { name: 'Zwei-Schritt-Authentifizierung', level: 2 }).waitFor();
  await dePage.getByRole('button', { name: 'Zwei-Schritt-Authentifizierung aktivieren' }).waitFor();
  await checkPage(dePage, 'de-security');
  await de.close();

  // Arabic from ?lang=ar, whatever the browser says.
  const ar = await h.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  const page = await ar.newPage();
  await page.goto(`${h.server.baseUrl}/portal?lang=ar`);
  await page.getByRole('heading', { name: 'تسجيل الدخول إلى AXIS CloudSync', level: 1 }).waitFor();
  expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
  expect(await page.locator('.fui-FluentProvider').first().getAttribute('dir')).toBe('rtl');
  await checkPage(page, 'ar-sign-in');
  await enterPassword(page, user);
  await page.getByRole('heading', { name: 'إعدادات الحساب', level: 1 }).waitFor();
  await checkPage(page, 'ar-security');
  // Enrol an app: the page mirrors, the setup key and the code field stay left to right.
  await page.getByRole('button', { name: 'تفعيل المصادقة الثنائية' }).click();
  await page.getByTestId('enroll-choose').locator('button[type="submit"]').click();
  const dialog = page.getByTestId('step-up');
  await dialog.locator('input[type="password"]').fill(user.password);
  await dialog.getByRole('button', { name: 'تأكيد', exact: true }).click();
  const key = page.getByTestId('totp-secret');
  await key.waitFor();
  const direction = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).direction);
  expect(await direction('[data-testid="totp-secret"]')).toBe('ltr');
  expect(await direction('#enroll-code')).toBe('ltr');
  expect(await direction('[data-testid="enroll-verify"]')).toBe('rtl');
  const secret = await readSetupKey(page);
  await page.locator('#enroll-code').fill(codeFor(secret, h.server.clock.now()));
  h.server.clock.advance(30_000);
  await page.getByTestId('enroll-verify').locator('button[type="submit"]').click();
  await page.getByTestId('backup-codes').waitFor();
  expect(await direction('[data-testid="backup-codes"]')).toBe('ltr');
  await ar.close();
});

test('a wrong backup code gets advice about backup codes, not about the authenticator app', async () => {
  const user = await createUser(h.server, org);
  const client = await steppedUpSession(h.server, user);
  const started = await client.startTotpEnrollment({});
  await client.confirmEnrollment({ factorId: started.factorId, code: codeFor(started.secret, h.server.clock.now()) });
  h.server.clock.advance(30_000);
  const { context, page } = await h.open();
  await enterPassword(page, user);
  const form = page.getByTestId('sign-in-code');
  await form.getByRole('button', { name: 'Use a backup code instead' }).click();
  await form.getByLabel('Backup code').fill('ZZZZ-ZZZZ');
  await form.getByRole('button', { name: 'Verify' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'That code didn' });
  await alert.waitFor();
  expect(await alert.textContent()).toContain('Each backup code works once');
  expect(await alert.textContent()).not.toContain('authenticator app');
  // The app's code still gets the app's advice.
  await form.getByRole('button', { name: 'Use a code from my authenticator app' }).click();
  await form.getByLabel('Code from your authenticator app').fill('000000');
  await form.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('alert').filter({ hasText: 'newest code from your authenticator app' }).waitFor();
  await context.close();
});

test('the language remembered in this browser opens the sign-in page; once signed in, the user’s saved choice (none: the browser’s) applies', async () => {
  const user = await createUser(h.server, org);
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE', timezoneId: 'UTC' });
  await context.addInitScript(() => window.localStorage.setItem('axis-cloudsync.portal.locale', 'fr'));
  const page = await context.newPage();
  await page.goto(`${h.server.baseUrl}/portal`);
  await page.getByRole('heading', { name: 'Se connecter à AXIS CloudSync', level: 1 }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
  await enterPassword(page, user);
  // This user saved no language: the portal switches to the browser's (German) without a reload.
  await page.getByRole('heading', { name: 'Kontoeinstellungen', level: 1 }).waitFor();
  expect(await page.evaluate(() => [document.documentElement.lang, document.title])).toEqual(['de', 'Kontoeinstellungen · Sicherheit · AXIS CloudSync']);
  await context.close();
});
