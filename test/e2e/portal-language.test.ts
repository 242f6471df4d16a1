/**
 * Account Settings → Language in a real browser: choosing Deutsch saves the
 * choice (with the browser's time zone) and switches the page to German at
 * once; the choice is still there after a reload; "Use my browser's language"
 * goes back to the browser's (en-US). Admin → Policies: the org's default
 * language for emails and texts.
 */
import { createOrg, createUser } from '../helpers/server';
import { enrollTotp } from '../helpers/totp';
import { checkPage, enterPassword, signInWithCode, startPortalHarness, type PortalHarness } from './portal-helpers';

jest.setTimeout(60_000);

let h: PortalHarness;
beforeAll(async () => {
  h = await startPortalHarness();
}, 600_000);
afterAll(() => h?.close());

const saved = async (userId: string) =>
  h.server.store.db.selectFrom('users').select(['locale', 'time_zone']).where('id', '=', userId).executeTakeFirstOrThrow();

test('choosing Deutsch switches the page to German at once and is kept after a reload; the browser’s language goes back to English', async () => {
  const user = await createUser(h.server, await createOrg(h.server));
  const { context, page } = await h.open();
  await enterPassword(page, user);
  const section = page.getByTestId('language-section');
  const picker = section.getByRole('combobox');
  await picker.waitFor();
  expect(await picker.inputValue()).toBe('browser');

  await page.getByRole('heading', { name: 'Account Settings', level: 1 }).waitFor();
  await picker.selectOption('de');
  await section.getByRole('heading', { name: 'Sprache', level: 2 }).waitFor();
  // The whole page, not just this section.
  await page.getByRole('heading', { name: 'Kontoeinstellungen', level: 1 }).waitFor();
  await section.getByRole('status').getByText('Sprache gespeichert.').waitFor();
  expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['de', 'ltr']);
  expect(await section.getByRole('combobox', { name: 'Anzeigesprache' }).inputValue()).toBe('de');
  expect(await section.getByRole('option', { name: 'Sprache meines Browsers verwenden' }).count()).toBe(1);
  // Saved, with the browser's time zone (the test browser runs in UTC).
  expect(await saved(user.id)).toEqual({ locale: 'de', time_zone: 'UTC' });
  await checkPage(page, '50-language-de');

  // After a reload: still German, and the saved choice is the one selected.
  await page.reload();
  await page.getByRole('heading', { name: 'Kontoeinstellungen', level: 1 }).waitFor();
  await page.getByTestId('language-section').getByRole('heading', { name: 'Sprache', level: 2 }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
  expect(await page.getByTestId('language-section').getByRole('combobox').inputValue()).toBe('de');

  // Arabic: right to left at once.
  await page.getByTestId('language-section').getByRole('combobox').selectOption('ar');
  await page.getByTestId('language-section').getByRole('heading', { name: 'اللغة', level: 2 }).waitFor();
  expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);

  // Back to the browser's language (en-US → English).
  await page.getByTestId('language-section').getByRole('combobox').selectOption('browser');
  await page.getByTestId('language-section').getByRole('heading', { name: 'Language', level: 2 }).waitFor();
  await page.getByTestId('language-section').getByRole('status').getByText('Language saved.').waitFor();
  await page.getByRole('heading', { name: 'Account Settings', level: 1 }).waitFor();
  expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['en', 'ltr']);
  expect(await saved(user.id)).toEqual({ locale: null, time_zone: 'UTC' });
  expect(await page.getByTestId('language-section').getByRole('option', { name: 'Use my browser’s language' }).count()).toBe(1);
  // And after a reload, the browser's language again.
  await page.reload();
  await page.getByRole('heading', { name: 'Account Settings', level: 1 }).waitFor();
  expect(await page.getByTestId('language-section').getByRole('combobox').inputValue()).toBe('browser');
  await context.close();
});

test('Admin → Policies: the default language for emails and text messages is saved on change', async () => {
  const org = await createOrg(h.server);
  const boss = await createUser(h.server, org, { role: 'admin' });
  const { secret } = await enrollTotp(h.server, boss);
  const { context, page } = await h.open();
  await signInWithCode(page, h.server, boss, secret);
  await page.getByRole('link', { name: 'Admin' }).click();
  const field = page.getByTestId('page-policies').getByTestId('default-language');
  const picker = field.getByRole('combobox');
  await picker.waitFor();
  expect(await picker.inputValue()).toBe('en');
  await picker.selectOption('fr');
  await field.getByRole('status').filter({ hasText: /\S/ }).waitFor();
  expect((await h.server.services.policies.forOrg(org.id)).defaultLocale).toBe('fr');
  await page.reload();
  await page.getByTestId('page-policies').getByTestId('default-language').getByRole('combobox').waitFor();
  expect(await page.getByTestId('page-policies').getByTestId('default-language').getByRole('combobox').inputValue()).toBe('fr');
  await context.close();
});
