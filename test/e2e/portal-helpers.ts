/**
 * Browser-test plumbing for the portal: Debian's Chromium through
 * playwright-core (headless, fresh profile), the real server with the real
 * bundle, sign-in steps as a person does them, axe-core checks and screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWebBuild } from '../helpers/build';
import { launchChromium } from '../helpers/browser';
import { startTestServer, type TestServer, type TestServerOptions, type TestUser } from '../helpers/server';
import { codeFor } from '../helpers/totp';

export const screenshotDir = path.resolve(__dirname, 'screenshots');

export interface PortalHarness {
  server: TestServer;
  browser: Browser;
  /** A fresh browser context (own sessionStorage) with a page on /portal. */
  open(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startPortalHarness(options: TestServerOptions = {}): Promise<PortalHarness> {
  await ensureWebBuild(['portal.html']);
  const server = await startTestServer(options);
  // chromium.launch gives every run a fresh, temporary profile (user-data-dir) of its own.
  const browser = await launchChromium().catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  fs.mkdirSync(screenshotDir, { recursive: true });
  return {
    server,
    browser,
    async open() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/portal`);
      return { context, page };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** No serious or critical axe-core violation on the page as it is now; saves a screenshot beside it. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `portal-${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    // Fluent UI's focus manager (Tabster) adds <i tabindex=0 aria-hidden data-tabster-dummy> sentinels that
    // hand focus on at once: a known false positive of aria-hidden-focus (microsoft/tabster#288,
    // microsoft/fluentui#25133), dropped node by node — nothing else is waived.
    .map((v) => (v.id === 'aria-hidden-focus' ? { ...v, nodes: v.nodes.filter((n) => !n.html.includes('data-tabster-dummy')) } : v))
    .filter((v) => v.nodes.length > 0)
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ page: name, rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  expect(bad).toEqual([]);
}

/** Fills the password step. */
export async function enterPassword(page: Page, user: Pick<TestUser, 'username' | 'password'>): Promise<void> {
  const form = page.getByTestId('sign-in-password');
  await form.getByLabel('Username').fill(user.username);
  await form.getByLabel('Password').fill(user.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

/** The current TOTP code at the server's time; the clock moves a step on so the next one is fresh. */
export function nextCode(server: TestServer, secret: string): string {
  const code = codeFor(secret, server.clock.now());
  server.clock.advance(30_000);
  return code;
}

/** Password, then a code from the authenticator app, as a person does it. */
export async function signInWithCode(page: Page, server: TestServer, user: TestUser, secret: string): Promise<void> {
  await enterPassword(page, user);
  const form = page.getByTestId('sign-in-code');
  await form.getByLabel('Code from your authenticator app').fill(nextCode(server, secret));
  await form.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: 'Account Settings', level: 1 }).waitFor();
}

/** The setup key as the page shows it ("ABCD EFGH …"), without the spaces. */
export async function readSetupKey(page: Page): Promise<string> {
  const text = (await page.getByTestId('totp-secret').textContent()) ?? '';
  return text.replace(/\s+/g, '');
}

/** The backup codes the page shows. */
export async function readBackupCodes(page: Page): Promise<string[]> {
  return (await page.getByTestId('backup-codes').locator('li').allTextContents()).map((c) => c.trim());
}

export async function signOut(page: Page, displayName: string): Promise<void> {
  await page.getByRole('button', { name: `${displayName}: account menu` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByTestId('sign-in-password').waitFor();
}
