/** The first administrator's generated password, in a real browser: a new one is chosen before anything else. */
import fs from 'node:fs';
import { seedIfEmpty } from '../../src/server/seed';
import { checkPage, enterPassword, startPortalHarness, type PortalHarness } from './portal-helpers';

jest.setTimeout(60_000);

let h: PortalHarness;
let generated: string;

beforeAll(async () => {
  h = await startPortalHarness();
  const seeded = await seedIfEmpty(h.server.services, h.server.dataDir, { production: true, bootstrap: { org: 'Contoso', admin: 'it@contoso.example' } });
  if (!seeded?.created) throw new Error('not seeded');
  generated = fs.readFileSync(seeded.passwordFile, 'utf8').trim();
}, 600_000);
afterAll(() => h?.close());

test('the bootstrap admin chooses a new password first; then Account Settings and Admin open', async () => {
  const { context, page } = await h.open();
  await enterPassword(page, { username: 'it@contoso.example', password: generated });
  await page.getByRole('heading', { name: 'Choose a new password', level: 2 }).waitFor();
  expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
  expect(await page.getByRole('tab', { name: 'Security' }).count()).toBe(0);
  // An admin page by its address: still the password first.
  await page.goto(`${h.server.baseUrl}/portal#/admin/users`);
  await page.getByRole('heading', { name: 'Choose a new password', level: 2 }).waitFor();
  await checkPage(page, '40-choose-new-password');

  await page.getByLabel(/^Current \(generated\) password/).fill(generated);
  await page.getByLabel(/^New password/).fill('juniper Ladder 47 orbit quay');
  await page.getByLabel(/^Repeat the new password/).fill('juniper Ladder 47 orbit quay');
  await page.getByRole('button', { name: 'Save the new password' }).click();

  await page.getByRole('link', { name: 'Admin' }).waitFor();
  expect(await page.getByRole('heading', { name: 'Choose a new password' }).count()).toBe(0);
  await page.getByRole('link', { name: 'Account Settings' }).click();
  await page.getByRole('tab', { name: 'Security' }).waitFor();
  await page.getByRole('heading', { name: 'Password', level: 2 }).waitFor();
  await context.close();

  // The generated password no longer signs in; the chosen one does, straight to the portal.
  await expect(h.server.client().signInWithPassword({ username: 'it@contoso.example', password: generated })).rejects.toMatchObject({ status: 401 });
  const again = await h.server.client().signInWithPassword({ username: 'it@contoso.example', password: 'juniper Ladder 47 orbit quay' });
  expect(again.next).toBe('done');
});
