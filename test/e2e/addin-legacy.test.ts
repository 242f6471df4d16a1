/**
 * Old Outlook web views (Office 2016/2019: IE11 or legacy Edge) cannot run the
 * ES2020 bundle: the pane's ES5 check shows which Outlook to use instead of
 * "Loading…" for ever. Real Chromium, the real built page; the old engine is
 * played by taking away what it lacks (Object.fromEntries) or by its user agent.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { ensureWebBuild } from '../helpers/build';
import { startTestServer, type TestServer } from '../helpers/server';

jest.setTimeout(60_000);

const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureWebBuild(['taskpane.html']);
  server = await startTestServer();
  browser = await launchChromium();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPane(options: { userAgent?: string; withoutES2019?: boolean; locale?: string }) {
  const context = await browser.newContext({ ...(options.userAgent ? { userAgent: options.userAgent } : {}), ...(options.locale ? { locale: options.locale } : {}) });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) return route.fulfill({ status: 200, contentType: 'application/javascript', body: '' });
    return url.startsWith(server.baseUrl) ? route.fallback() : route.abort('blockedbyclient');
  });
  if (options.withoutES2019) await context.addInitScript(() => delete (Object as { fromEntries?: unknown }).fromEntries);
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/taskpane.html`);
  return { context, page };
}

test('an engine without ES2019+ features gets the message, and the pane does not start', async () => {
  const { context, page } = await openPane({ withoutES2019: true });
  const alert = page.getByRole('alert');
  await alert.getByText('AXIS CloudSync does not run in this version of Outlook.').waitFor();
  expect(await alert.textContent()).toMatch(/Use Outlook on the web, the new Outlook for Windows, or Outlook from Microsoft 365/);
  expect(await page.locator('#root').count()).toBe(0);
  await context.close();
});

test('Internet Explorer 11’s web view (Trident) gets the message', async () => {
  const { context, page } = await openPane({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko' });
  await page.getByRole('alert').getByText('AXIS CloudSync does not run in this version of Outlook.').waitFor();
  await context.close();
});

test('the message is in the browser’s language (its own small table: the catalogs cannot load there)', async () => {
  const { context, page } = await openPane({ withoutES2019: true, locale: 'de-AT' });
  const alert = page.getByRole('alert');
  await alert.getByText('AXIS CloudSync läuft nicht in dieser Outlook-Version.').waitFor();
  expect(await alert.getAttribute('lang')).toBe('de');
  await context.close();
  const arabic = await openPane({ withoutES2019: true, locale: 'ar-EG' });
  await arabic.page.getByRole('alert').getByText('لا يعمل AXIS CloudSync في هذا الإصدار من Outlook.').waitFor();
  expect(await arabic.page.getByRole('alert').getAttribute('dir')).toBe('rtl');
  await arabic.context.close();
});

test('a current engine gets the pane, not the message', async () => {
  const { context, page } = await openPane({});
  await page.waitForLoadState('load');
  expect(await page.locator('#root').count()).toBe(1);
  expect(await page.locator('#unsupported').count()).toBe(0);
  expect(await page.getByText('does not run in this version of Outlook').count()).toBe(0);
  await context.close();
});
