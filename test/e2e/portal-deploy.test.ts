/** Admin → Deploy the Outlook add-in, in a real browser: the server's own manifest link and the steps. */
import { createOrg, createUser, type TestUser } from '../helpers/server';
import { enrollTotp } from '../helpers/totp';
import { checkPage, enterPassword, signInWithCode, startPortalHarness, type PortalHarness } from './portal-helpers';

jest.setTimeout(60_000);

let h: PortalHarness;
let admin: TestUser;
let adminSecret: string;
let user: TestUser;

beforeAll(async () => {
  h = await startPortalHarness({ config: { publicUrl: 'https://cloudsync.example.com' } });
  const org = await createOrg(h.server);
  admin = await createUser(h.server, org, { role: 'admin' });
  adminSecret = (await enrollTotp(h.server, admin)).secret;
  user = await createUser(h.server, org);
}, 600_000);
afterAll(() => h?.close());

test('an admin finds the manifest link (made from PUBLIC_URL) and the admin center and sideloading steps', async () => {
  const { context, page } = await h.open();
  await signInWithCode(page, h.server, admin, adminSecret);
  await page.getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('tab', { name: 'Deploy the Outlook add-in' }).click();
  await page.getByRole('heading', { name: 'Deploy the Outlook add-in', level: 2 }).waitFor();
  await page.getByRole('heading', { name: 'For your organization (Microsoft 365 admin center)' }).waitFor();
  await page.getByText('Settings → Integrated apps → Upload custom apps').waitFor();
  await page.getByRole('heading', { name: 'For one mailbox (sideloading, for a trial)' }).waitFor();
  const link = page.getByRole('link', { name: `${h.server.baseUrl}/manifest.xml` });
  expect(await link.getAttribute('href')).toBe('/manifest.xml');
  const manifest = await page.request.get(`${h.server.baseUrl}/manifest.xml`);
  expect(manifest.status()).toBe(200);
  const xml = await manifest.text();
  expect(xml).toContain('<SourceLocation DefaultValue="https://cloudsync.example.com/taskpane.html"/>');
  expect(xml).not.toContain('localhost');
  const jsonLink = page.getByRole('link', { name: `${h.server.baseUrl}/manifest.json` });
  expect(await jsonLink.getAttribute('href')).toBe('/manifest.json');
  expect(await page.getByRole('link', { name: `${h.server.baseUrl}/manifest.zip` }).getAttribute('href')).toBe('/manifest.zip');
  const unified = await (await page.request.get(`${h.server.baseUrl}/manifest.json`)).json();
  expect(unified.extensions[0].runtimes.map((r: { code: { page: string } }) => r.code.page)).toContain('https://cloudsync.example.com/taskpane.html');
  await checkPage(page, '30-admin-deploy');
  await context.close();
});

test('a user who is not an admin does not get the panel, even by its address', async () => {
  const { context, page } = await h.open();
  await enterPassword(page, user);
  await page.getByRole('heading', { name: 'Account Settings', level: 1 }).waitFor();
  await page.goto(`${h.server.baseUrl}/portal#/admin/deploy`);
  await page.getByRole('tab', { name: 'Security' }).waitFor();
  expect(await page.getByRole('heading', { name: 'Deploy the Outlook add-in' }).count()).toBe(0);
  expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
  await context.close();
});
