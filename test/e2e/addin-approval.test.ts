/**
 * "Approve with a passkey in your browser", end to end with real parts: the task pane (real bundle, the
 * Outlook test double with openBrowserWindow) in one browser context, the portal's approval page in
 * another ("the system browser") with the DevTools protocol's virtual authenticator holding real passkeys,
 * the real server between them. Approve → the pane is signed in (and registers this device); a wrong
 * number, Deny, expiry, another user's passkey and a second use of the same request leave the pane signed
 * out with a clear message. axe checks the approval page.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApprovalPaths } from '../../src/shared/approval-routes';
import { ensureWebBuild } from '../helpers/build';
import { createOrg, createUser, startTestServer, type TestOrg, type TestServer, type TestUser } from '../helpers/server';
import { enrollTotp } from '../helpers/totp';
import { addVirtualAuthenticator } from '../helpers/virtual-authenticator';
import { Device, launchChromium, OutlookCloud, type Pane } from './addin-harness';

jest.setTimeout(90_000);

let server: TestServer;
let browser: Browser;
let org: TestOrg;
const contexts: BrowserContext[] = [];
const devices: Device[] = [];

beforeAll(async () => {
  await ensureWebBuild();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  org = await createOrg(server, {}, 'Contoso');
}, 600_000);
afterAll(async () => {
  await Promise.all([...devices.map((d) => d.close().catch(() => undefined)), ...contexts.map((c) => c.close().catch(() => undefined))]);
  await browser?.close();
  await server?.close();
});

/** "The system browser": its own context with a virtual authenticator, at the passkeys' origin (PUBLIC_URL). */
async function systemBrowser(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
  contexts.push(context);
  const page = await context.newPage();
  await addVirtualAuthenticator(page);
  await page.goto(`${server.passkeyUrl}/portal`);
  return page;
}

/** Makes a real passkey on this browser's authenticator and stores it for the user (as Account Settings would). */
async function enrolPasskey(page: Page, user: TestUser): Promise<void> {
  const record = (await server.services.users.byId(user.id))!;
  const options = await server.services.passkeys.registrationOptions(record);
  const response = await page.evaluate(async (json) => {
    const PKC = PublicKeyCredential as unknown as { parseCreationOptionsFromJSON(j: unknown): PublicKeyCredentialCreationOptions };
    const credential = (await navigator.credentials.create({ publicKey: PKC.parseCreationOptionsFromJSON(json) })) as PublicKeyCredential & { toJSON(): unknown };
    return credential.toJSON();
  }, options);
  await server.services.passkeys.register(record, 'Test passkey', response as Parameters<TestServer['services']['passkeys']['register']>[2], { ip: null, userAgent: null });
}

/** A user with an authenticator app and a passkey on a browser of their own. */
async function userWithPasskey(): Promise<{ user: TestUser; browserPage: Page }> {
  const user = await createUser(server, org);
  await enrollTotp(server, user);
  const browserPage = await systemBrowser();
  await enrolPasskey(browserPage, user);
  return { user, browserPage };
}

async function newDevice(cloud = new OutlookCloud()): Promise<Device> {
  const d = await Device.create(browser, server, cloud);
  devices.push(d);
  return d;
}

/** Password in the pane, then "Approve with a passkey in your browser": the number shown and the URL Outlook opened. */
async function askApproval(user: TestUser, outlook: { openBrowserWindow?: boolean } = {}): Promise<{ pane: Pane; cloud: OutlookCloud; number: string; url: string }> {
  const cloud = new OutlookCloud();
  const device = await newDevice(cloud);
  const pane = await device.open({ email: user.username, ...outlook });
  await pane.signIn(user.username, user.password);
  await pane.waitForView('code');
  await pane.page.getByRole('button', { name: 'Approve with a passkey in your browser' }).click();
  await pane.waitForView('approve');
  const number = (await pane.page.getByTestId('approval-number').innerText()).trim();
  const url = outlook.openBrowserWindow === false ? await pane.page.getByTestId('approval-link').inputValue() : cloud.browserWindows.at(-1)!;
  return { pane, cloud, number, url };
}

/** Opens the approval link as a new page load (a link from Outlook opens a new tab, never a fragment change). */
async function openApprovalPage(page: Page, url: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(url);
}

/** On the approval page: sign in with the passkey (the virtual authenticator answers). */
async function passkeyOnPage(page: Page, url: string): Promise<void> {
  await openApprovalPage(page, url);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
}

/** The pane went back to its code prompt with "Not approved" and the server's reason. */
async function notApproved(pane: Pane): Promise<string> {
  await pane.waitForView('code');
  const alert = pane.page.getByRole('alert').filter({ hasText: 'Not approved' });
  await alert.waitFor();
  return alert.innerText();
}

async function seriousProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

async function auditOutcomes(userId: string, event: string): Promise<string[]> {
  const rows = await server.store.db.selectFrom('audit_events').select('outcome').where('user_id', '=', userId).where('event', '=', event).orderBy('id').execute();
  return rows.map((r) => r.outcome);
}

describe('Outlook add-in: approve with a passkey in the browser', () => {
  it('approve: the page shows what asks for access, the right number approves, the pane is signed in and registered; the request cannot be used again', async () => {
    const { user, browserPage } = await userWithPasskey();
    const { pane, cloud, number, url } = await askApproval(user);
    expect(number).toMatch(/^\d{2}$/);
    expect(cloud.browserWindows).toHaveLength(1);
    expect(url).toMatch(new RegExp(`^${server.passkeyUrl}/portal#/approve/[A-Za-z0-9_-]{22}$`));
    await pane.screenshot('approval-pane');
    expect(await seriousProblems(pane.page)).toEqual([]);

    await openApprovalPage(browserPage, url);
    await browserPage.getByRole('heading', { name: 'Approve sign-in to Outlook' }).waitFor();
    expect(await seriousProblems(browserPage)).toEqual([]);
    await browserPage.getByRole('button', { name: 'Sign in with a passkey' }).click();
    const details = browserPage.getByLabel('What asks for access');
    await details.waitFor();
    const shown = await details.innerText();
    expect(shown).toContain('AXIS CloudSync for Outlook');
    expect(shown).toContain('OutlookWebApp');
    expect(shown).toContain(user.username.toLowerCase());
    expect(shown).toContain('127.0.0.1');
    const choices = await browserPage.getByRole('radio').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(choices).toHaveLength(3);
    expect(choices).toContain(number);
    expect(await seriousProblems(browserPage)).toEqual([]);
    // Nothing is approved before the number is chosen: the pane is still waiting.
    expect(await pane.view()).toBe('approve');
    await browserPage.getByRole('radio', { name: number }).check();
    await browserPage.getByRole('button', { name: 'Approve' }).click();
    await browserPage.getByText('Go back to Outlook').waitFor();

    await pane.waitForView('signed-in');
    const registrations = await server.store.db.selectFrom('registrations').select(['id', 'public_key']).where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
    expect(registrations.filter((r) => r.public_key)).toHaveLength(1);
    expect(await auditOutcomes(user.id, 'approval.approved')).toEqual(['success']);

    // A second use of the same request: the page refuses it, and the pane's pending sign-in is spent.
    await passkeyOnPage(browserPage, url);
    await browserPage.getByText('This request cannot be approved').waitFor();
    const requestId = url.split('/').at(-1)!;
    const replay = await fetch(`${server.baseUrl}${ApprovalPaths.decide(requestId)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pageToken: 'x'.repeat(43), decision: 'approve', number }),
    });
    expect(replay.status).toBe(409);
    expect(await pane.view()).toBe('signed-in');
  });

  it('a passkey-only user (no code method): the pane offers the approval alone, no code field; approving signs it in', async () => {
    const user = await createUser(server, org);
    const browserPage = await systemBrowser();
    await enrolPasskey(browserPage, user);
    const cloud = new OutlookCloud();
    const pane = await (await newDevice(cloud)).open({ email: user.username });
    await pane.signIn(user.username, user.password);
    await pane.waitForView('code');
    await pane.page.getByRole('heading', { name: 'Approve with your passkey' }).waitFor();
    expect(await pane.page.locator('input[autocomplete="one-time-code"]').count()).toBe(0);
    expect(await seriousProblems(pane.page)).toEqual([]);
    await pane.page.getByRole('button', { name: 'Approve with a passkey in your browser' }).click();
    await pane.waitForView('approve');
    const number = (await pane.page.getByTestId('approval-number').innerText()).trim();
    await passkeyOnPage(browserPage, cloud.browserWindows.at(-1)!);
    await browserPage.getByRole('radio', { name: number }).check();
    await browserPage.getByRole('button', { name: 'Approve' }).click();
    await pane.waitForView('signed-in');
    expect(await auditOutcomes(user.id, 'approval.approved')).toEqual(['success']);
  });

  it('a wrong number ends the request: the pane stays signed out and says why', async () => {
    const { user, browserPage } = await userWithPasskey();
    const { pane, number, url } = await askApproval(user);
    await passkeyOnPage(browserPage, url);
    const radios = browserPage.getByRole('radio');
    await radios.first().waitFor();
    const choices = await radios.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    const wrong = choices.find((c) => c !== number)!;
    await browserPage.getByRole('radio', { name: wrong }).check();
    await browserPage.getByRole('button', { name: 'Approve' }).click();
    await browserPage.getByText('Request ended').waitFor();
    expect(await notApproved(pane)).toContain('wrong number');
    expect(await auditOutcomes(user.id, 'approval.ended')).toEqual(['failure']);
    await pane.screenshot('approval-wrong-number');
  });

  it('Deny ends the request and is audited: the pane stays signed out', async () => {
    const { user, browserPage } = await userWithPasskey();
    const { pane, url } = await askApproval(user);
    await passkeyOnPage(browserPage, url);
    await browserPage.getByRole('button', { name: 'Deny' }).click();
    await browserPage.getByText('Outlook was not signed in').waitFor();
    expect(await notApproved(pane)).toContain('denied');
    expect(await auditOutcomes(user.id, 'approval.denied')).toEqual(['failure']);
  });

  it('after two minutes the request has expired: the pane says so and the page cannot approve it', async () => {
    const { user, browserPage } = await userWithPasskey();
    const { pane, url } = await askApproval(user);
    server.clock.advance(2 * 60_000 + 1_000);
    expect(await notApproved(pane)).toContain('expired');
    await passkeyOnPage(browserPage, url);
    await browserPage.getByText('This request cannot be approved').waitFor();
  });

  it("another user's passkey cannot approve: the request ends and the pane stays signed out", async () => {
    const { user } = await userWithPasskey();
    const other = await userWithPasskey();
    const { pane, url } = await askApproval(user);
    // The other user's browser holds only the other user's passkey.
    await passkeyOnPage(other.browserPage, url);
    await other.browserPage.getByText('This request cannot be approved').waitFor();
    expect(await other.browserPage.getByRole('radio').count()).toBe(0);
    expect(await notApproved(pane)).toContain('another account');
    expect(await auditOutcomes(user.id, 'approval.ended')).toEqual(['failure']);
  });

  it('where Outlook cannot open a browser window, the pane shows the link to copy', async () => {
    const { user, browserPage } = await userWithPasskey();
    const { pane, cloud, number, url } = await askApproval(user, { openBrowserWindow: false });
    expect(cloud.browserWindows).toHaveLength(0);
    await pane.page.getByRole('button', { name: 'Copy link' }).waitFor();
    expect(await seriousProblems(pane.page)).toEqual([]);
    await passkeyOnPage(browserPage, url);
    await browserPage.getByRole('radio', { name: number }).check();
    await browserPage.getByRole('button', { name: 'Approve' }).click();
    await pane.waitForView('signed-in');
  });

  it('the approval page cannot be framed', async () => {
    const res = await fetch(`${server.baseUrl}/portal`);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
