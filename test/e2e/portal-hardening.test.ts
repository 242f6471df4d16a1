/**
 * Issue 11 in the portal (real browser, real server, real bundle): a user whose every method the org turned
 * off confirms it's them with a backup code before setting up an allowed method (item 1); an admin without
 * two-step authentication is told to protect their own account before the Admin area works (item 2).
 */
import { createOrg, createUser, operator, steppedUpSession } from '../helpers/server';
import { raw } from '../helpers/http';
import { Paths } from '../../src/shared/routes';
import { enterPassword, nextCode, readSetupKey, startPortalHarness, type PortalHarness } from './portal-helpers';

jest.setTimeout(90_000);

let h: PortalHarness;
beforeAll(async () => {
  h = await startPortalHarness();
}, 600_000);
afterAll(() => h?.close());

test('a user whose email codes the org turned off confirms with a backup code, then sets up an authenticator app and is in', async () => {
  const org = await createOrg(h.server, { allowedMethods: ['totp', 'email'] });
  const user = await createUser(h.server, org);
  const client = await steppedUpSession(h.server, user);
  const started = await client.startEmailEnrollment({});
  const outbox = await raw(h.server.baseUrl, 'GET', `${Paths.devOutbox}?limit=200`);
  const emailCode = /(\d{6})/.exec(outbox.json.messages.find((m: { to: string }) => m.to === user.username).text)![1]!;
  const { backupCodes } = await client.confirmEnrollment({ factorId: started.factorId, code: emailCode });
  await h.server.services.administration.setPolicy(org.id, { allowedMethods: ['totp'] }, operator);

  const { context, page } = await h.open();
  try {
    await enterPassword(page, user);
    await page.getByRole('heading', { name: 'Confirm it’s you first', level: 1 }).waitFor();
    expect(await page.getByTestId('sign-in-prove-help').textContent()).toContain('ask your administrator to reset');
    const form = page.getByTestId('sign-in-code');
    await form.getByRole('button', { name: 'Use a backup code instead' }).click();
    await form.getByLabel('Backup code').fill(backupCodes![0]!);
    await form.getByRole('button', { name: 'Verify' }).click();

    await page.getByRole('heading', { name: 'Set up two-step authentication', level: 1 }).waitFor();
    await page.getByText('Now set up a method your organization allows').waitFor();
    const next = page.getByRole('button', { name: 'Next' });
    if (await next.isVisible()) await next.click();
    await page.getByTestId('totp-qr').waitFor();
    const secret = await readSetupKey(page);
    await page.getByLabel('Code from your authenticator app').fill(nextCode(h.server, secret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('heading', { name: 'Account Settings', level: 1 }).waitFor();
    expect((await h.server.services.factors.activeFactors(user.id)).map((f) => f.kind).sort()).toEqual(['email', 'totp']);
  } finally {
    await context.close();
  }
});

test('an admin without two-step authentication is told to protect their own account first in the Admin area', async () => {
  const org = await createOrg(h.server);
  const admin = await createUser(h.server, org, { role: 'admin' });
  const { context, page } = await h.open();
  try {
    await enterPassword(page, admin);
    await page.getByRole('heading', { name: 'Account Settings', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByText('Protect your own account first').first().waitFor();
    await page.getByText(/Set up two-step authentication for your own account first/i).first().waitFor();
  } finally {
    await context.close();
  }
});
