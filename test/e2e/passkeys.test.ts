/**
 * Passkeys in the portal with real WebAuthn: headless Chromium's virtual
 * authenticator (DevTools protocol: ctap2, internal transport, resident keys,
 * user verification) against the real server and the real bundle, at
 * http://localhost:port (PUBLIC_URL of the test server; WebAuthn takes no IP
 * address as RP id). Enrol, sign in without a username, remove; a passkey
 * answer relayed from another origin, a replayed answer and a cloned
 * authenticator's answer are refused (and audited); a passkey without user
 * verification is only a second step; admins can be required to use one.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { PasskeyPaths } from '../../src/shared/passkey-routes';
import { createOrg, createUser, type TestOrg, type TestUser } from '../helpers/server';
import { addVirtualAuthenticator, getInPage, type VirtualAuthenticator, type VirtualAuthenticatorOptions } from '../helpers/virtual-authenticator';
import { checkPage, enterPassword, signOut, startPortalHarness, type PortalHarness } from './portal-helpers';

jest.setTimeout(90_000);

let h: PortalHarness;
let org: TestOrg;

beforeAll(async () => {
  h = await startPortalHarness();
  org = await createOrg(h.server, {}, 'Contoso');
}, 600_000);
afterAll(() => h?.close());

interface Open {
  context: BrowserContext;
  page: Page;
  authenticator: VirtualAuthenticator;
}

/** A fresh browser context with a virtual authenticator, on the portal at the passkeys' origin. */
async function openPortal(options: VirtualAuthenticatorOptions = {}): Promise<Open> {
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  const authenticator = await addVirtualAuthenticator(page, options);
  await page.goto(`${h.server.passkeyUrl}/portal`);
  await page.getByTestId('sign-in-password').waitFor();
  return { context, page, authenticator };
}

const accountSettings = (page: Page) => page.getByRole('heading', { name: 'Account Settings', level: 1 });

/** Security → Passkeys → Add a passkey → name → the step-up (password: the user has no 2FA yet) → the authenticator. */
async function addPasskey(page: Page, user: TestUser, name: string): Promise<void> {
  const section = page.getByTestId('passkeys');
  await section.getByRole('button', { name: 'Add a passkey' }).click();
  await section.getByLabel('Passkey name').fill(name);
  await section.getByRole('button', { name: 'Continue' }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: "Confirm it's you" });
  await dialog.waitFor();
  await dialog.getByLabel('Password').fill(user.password);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await section.getByText('Passkey added.').waitFor();
}

async function auditEvents(userId: string, event: string) {
  return h.server.store.db.selectFrom('audit_events').selectAll().where('user_id', '=', userId).where('event', '=', event).orderBy('id').execute();
}

async function outboxSubjects(to: string): Promise<string[]> {
  await h.server.services.notifications.flush();
  const rows = await h.server.store.db.selectFrom('dev_outbox').select('subject').where('recipient', '=', to).execute();
  return rows.map((r) => r.subject ?? '');
}

async function displayName(user: TestUser): Promise<string> {
  return (await h.server.services.users.byId(user.id))!.display_name;
}

/** A user signed in with the password who added one passkey; the page stays signed in. */
async function userWithPasskey(name = 'MacBook Touch ID', options: VirtualAuthenticatorOptions = {}): Promise<Open & { user: TestUser }> {
  const user = await createUser(h.server, org);
  const open = await openPortal(options);
  await enterPassword(open.page, user);
  await accountSettings(open.page).waitFor();
  await addPasskey(open.page, user, name);
  return { ...open, user };
}

/** The body the page posts to the passkey sign-in route, caught on its way. */
function catchSignInBody(page: Page): Promise<string> {
  return new Promise((resolve) => {
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === PasskeyPaths.signIn) resolve(request.postData() ?? '');
    });
  });
}

async function postJson(path: string, body: string): Promise<{ status: number; json: { code?: string; next?: string } }> {
  const res = await fetch(`${h.server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, json: (await res.json()) as { code?: string; next?: string } };
}

test('a user adds a passkey, signs in with it without a username or password, and removes it (step-up with the passkey)', async () => {
  const { context, page, user } = await userWithPasskey('MacBook Touch ID');
  const section = page.getByTestId('passkeys');
  await section.getByRole('cell', { name: 'MacBook Touch ID', exact: true }).waitFor();
  expect(await section.getByRole('cell', { name: 'Never' }).count()).toBe(1);
  await checkPage(page, 'passkeys-list');
  const stored = await h.server.store.db.selectFrom('passkeys').selectAll().where('user_id', '=', user.id).execute();
  expect(stored).toHaveLength(1);
  expect(Object.keys(stored[0]!).sort()).toEqual(['counter', 'created_at', 'id', 'last_used_at', 'name', 'public_key', 'transports', 'user_id']);
  // The WebAuthn user handle is random, never the email.
  const handle = (await h.server.services.users.byId(user.id))!.webauthn_handle!;
  expect(Buffer.from(handle, 'base64url')).toHaveLength(32);
  expect(Buffer.from(handle, 'base64url').toString('utf8')).not.toContain(user.username);
  expect(await auditEvents(user.id, 'passkey.added')).toHaveLength(1);
  expect(await outboxSubjects(user.username)).toContain('A passkey was added to your account');

  await signOut(page, await displayName(user));
  await checkPage(page, 'passkeys-sign-in');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await accountSettings(page).waitFor();
  const signIns = await auditEvents(user.id, 'sign_in.passkey');
  expect(signIns.map((e) => e.outcome)).toEqual(['success']);
  expect(await page.getByTestId('passkeys').getByRole('cell', { name: 'Never' }).count()).toBe(0);

  // The passkey is this user's only second factor: Two-Step Authentication is on, with the passkey.
  await page.getByText('Two-step authentication is on, with your passkey', { exact: false }).waitFor();

  // Remove: the step-up dialog offers the passkey, and only the passkey (the password alone is no second factor).
  await page.getByRole('button', { name: 'Remove MacBook Touch ID' }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: "Confirm it's you" });
  await dialog.getByRole('button', { name: 'Use your passkey' }).waitFor();
  expect(await dialog.getByLabel('Password').count()).toBe(0);
  await dialog.getByRole('button', { name: 'Use your passkey' }).click();
  await page.getByTestId('passkeys').getByText('Passkey removed.').waitFor();
  // It was the last factor: two-step is off again.
  await page.getByText('Two-step authentication is off', { exact: false }).waitFor();
  expect(await h.server.services.passkeys.count(user.id)).toBe(0);
  expect((await auditEvents(user.id, 'step_up.success')).some((e) => e.detail?.includes('"via":"passkey"'))).toBe(true);
  expect(await auditEvents(user.id, 'passkey.removed')).toHaveLength(1);
  expect(await outboxSubjects(user.username)).toContain('A passkey was removed from your account');
  await context.close();
});

test('a passkey answer made on another origin (a phishing page relaying the challenge) is refused and audited', async () => {
  const { context, page, user } = await userWithPasskey('Phone');
  // The look-alike site: another origin on the same host name (so the authenticator will sign for "localhost").
  const phishing = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Sign in</title><p>Sign in'));
  await new Promise<void>((resolve) => phishing.listen(0, '127.0.0.1', resolve));
  try {
    const port = (phishing.address() as AddressInfo).port;
    await page.goto(`http://localhost:${port}/`);
    const optionsRes = await postJson(PasskeyPaths.signInOptions, '{}');
    expect(optionsRes.status).toBe(200);
    const { options } = optionsRes.json as unknown as { options: unknown };
    const relayed = await getInPage(page, options);
    const answer = await postJson(PasskeyPaths.signIn, JSON.stringify({ response: relayed }));
    expect(answer.status).toBe(401);
    expect(answer.json.code).toBe('passkey_refused');
    const refused = await auditEvents(user.id, 'passkey.sign_in');
    expect(refused.map((e) => JSON.parse(e.detail ?? '{}').reason)).toContain('origin');
  } finally {
    phishing.close();
    await context.close();
  }
});

test('a replayed passkey answer is refused: each challenge is spent by its first use', async () => {
  const { context, page, user } = await userWithPasskey('Laptop');
  await signOut(page, await displayName(user));
  const caught = catchSignInBody(page);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await accountSettings(page).waitFor();
  const body = await caught;
  const replay = await postJson(PasskeyPaths.signIn, body);
  expect(replay.status).toBe(401);
  expect(replay.json.code).toBe('passkey_refused');
  const events = await auditEvents(user.id, 'passkey.sign_in');
  expect(events.map((e) => JSON.parse(e.detail ?? '{}').reason)).toContain('challenge');
  await context.close();
});

test('a cloned authenticator (its signature counter behind the stored one) is refused and audited', async () => {
  const { context, page, user, authenticator } = await userWithPasskey('Security key');
  const [original] = await authenticator.credentials();
  expect(original).toBeDefined();
  await signOut(page, await displayName(user));
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await accountSettings(page).waitFor();
  await context.close();

  // The copy made before that sign-in: the same key, an older counter.
  const clone = await openPortal();
  await clone.authenticator.addCredential({ ...original!, isResidentCredential: true, rpId: 'localhost' });
  await clone.page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await clone.page.getByText("That passkey didn't work").waitFor();
  expect(await accountSettings(clone.page).count()).toBe(0);
  expect(await auditEvents(user.id, 'passkey.counter_regression')).toHaveLength(1);
  await clone.context.close();
});

test('a passkey without user verification is only a second step: after the password it signs in, on its own it does not', async () => {
  const { context, page, user } = await userWithPasskey('Old security key', { hasUserVerification: false, isUserVerified: false });
  await signOut(page, await displayName(user));
  // On its own it opens nothing: Chromium does not even use a discoverable credential without user verification
  // (the server would refuse its answer too: passkey_refused, "Sign in with your password, then …").
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await page.getByText('No passkey was used').or(page.getByText("That passkey didn't work")).waitFor();
  expect(await accountSettings(page).count()).toBe(0);
  // After the password, the passkey is offered first and is enough.
  await enterPassword(page, user);
  const second = page.getByTestId('sign-in-code');
  await second.getByRole('button', { name: 'Use your passkey' }).click();
  await accountSettings(page).waitFor();
  const steps = await auditEvents(user.id, 'sign_in.passkey_second_step');
  expect(steps.map((e) => JSON.parse(e.detail ?? '{}').user_verified)).toEqual([false]);
  await context.close();
});

test('an admin requires passkeys for administrators: admin pages then ask for a passkey step-up; every page passes axe', async () => {
  const admin = await createUser(h.server, org, { role: 'admin' });
  const { context, page } = await openPortal();
  await enterPassword(page, admin);
  await accountSettings(page).waitFor();
  await addPasskey(page, admin, 'Admin laptop');
  await page.getByRole('link', { name: 'Admin' }).click();
  const policies = page.getByTestId('page-policies');
  await policies.getByLabel('Require a passkey for administrators').check();
  await checkPage(page, 'passkeys-admin-policies');
  await policies.getByRole('button', { name: 'Save' }).click();
  await policies.getByText('Saved.').waitFor();
  expect((await h.server.services.policies.forOrg(org.id)).requireAdminPasskey).toBe(true);

  // A new admin session (password only, no passkey step-up yet) is asked for the passkey before the page opens.
  await signOut(page, await displayName(admin));
  await enterPassword(page, admin);
  // Back on the admin page it was on: before it opens, "Confirm it's you" with the passkey.
  await page.getByTestId('sign-in-code').getByRole('button', { name: 'Use your passkey' }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: "Confirm it's you" });
  await dialog.getByRole('button', { name: 'Use your passkey' }).click();
  await policies.getByText('Require a passkey for administrators').waitFor();
  expect(await policies.getByLabel('Require a passkey for administrators').isChecked()).toBe(true);
  const denied = await auditEvents(admin.id, 'admin.denied');
  expect(denied.map((e) => JSON.parse(e.detail ?? '{}').reason)).toContain('passkey_step_up_required');
  await h.server.services.policies.update(org.id, { requireAdminPasskey: false });
  await context.close();
});
