/**
 * The portal's admin pages in other languages, in real Chromium against the
 * real server: the pseudo-locale (qps-ploc, opened with `?lang=qps-ploc`)
 * finds any text that did not come from the catalog, and any layout that
 * cannot take 40 % longer words at 320 px; Arabic lays the pages out
 * right-to-left with addresses left-to-right; axe stays clean in Arabic and
 * German.
 *
 * The admin signs in in English (the default), then the portal is opened
 * again in the language under test: the session lives in this tab.
 */
import type { Page } from 'playwright-core';
import { createOrg, createUser, operator, type TestOrg, type TestUser } from '../helpers/server';
import { enrollTotp } from '../helpers/totp';
import { checkPage, nextCode, signInWithCode, startPortalHarness, type PortalHarness } from './portal-helpers';

jest.setTimeout(120_000);
let h: PortalHarness;
let org: TestOrg;
let admin: TestUser;
let adminSecret: string;
let kim: TestUser;
let max: TestUser;

/** User data the pages show as it is (names, emails, a device label, the org): the only letters allowed outside ⟦…⟧. */
const seeded = ['admin@fabrikam.example', 'kim@fabrikam.example', 'k•••@fabrikam.example', 'max@fabrikam.example', 'noah@fabrikam.example', 'Outlook on Windows', 'Fabrikam'];

beforeAll(async () => {
  h = await startPortalHarness();
  org = await createOrg(h.server, {}, 'Fabrikam');
  admin = await createUser(h.server, org, { role: 'admin', username: 'admin@fabrikam.example' });
  adminSecret = (await enrollTotp(h.server, admin)).secret;
  kim = await createUser(h.server, org, { username: 'kim@fabrikam.example' });
  const kimApp = await enrollTotp(h.server, kim);
  await kimApp.client.register({ clientType: 'outlook-addin', label: 'Outlook on Windows', host: 'Outlook', platform: 'PC', mailbox: 'kim@fabrikam.example' });
  max = await createUser(h.server, org, { username: 'max@fabrikam.example' });
  await enrollTotp(h.server, max);
  const noah = await createUser(h.server, org, { username: 'noah@fabrikam.example' });
  await h.server.services.administration.unlock(noah.id, { ...operator, actorId: admin.id, ip: '203.0.113.9' });
  // An event kind this portal does not know yet (a newer server): it still gets a translated name.
  await h.server.services.audit.record({ event: 'future.kind', outcome: 'info', orgId: org.id, userId: kim.id, ip: '198.51.100.7', clientType: 'web', detail: { note: 'kept as sent' } });
}, 600_000);
afterAll(() => h?.close());

/** Locks max out now (as too many wrong codes would), for the Unlock action. */
async function lockMax(): Promise<void> {
  await h.server.store.db
    .updateTable('users')
    .set({ lock_until: h.server.clock.now() + 60 * 60_000 })
    .where('id', '=', max.id)
    .execute();
}

/**
 * Text a user can see or hear that did not come from a pseudo-localized
 * message: every text node, option, placeholder, aria-label, title and alt,
 * with the ⟦…⟧ segments and the seeded user data removed, that still has a
 * Latin letter (the pseudo-locale turns every one of those into an accented
 * letter). A message with an element inside is split over several text nodes,
 * so a node's open ⟦… at the end and …⟧ at the start count as marked too.
 * Machine data marked translate="no" (event keys, details, addresses) and
 * avatar initials are left out on purpose.
 */
async function unmarkedText(page: Page): Promise<string[]> {
  return page.evaluate((allowed) => {
    const found: string[] = [];
    const check = (text: string | null | undefined, where: string) => {
      let rest = (text ?? '').replace(/⟦[^⟧]*⟧/g, '').replace(/⟦[^⟧]*$/, '').replace(/^[^⟦]*⟧/, '');
      for (const value of allowed) rest = rest.split(value).join('');
      if (/[A-Za-z]/.test(rest)) found.push(`${where}: ${text!.trim()}`);
    };
    // An avatar's initials come from the user's name (user data), like the name itself.
    const skipped = (el: Element) => el.closest('script, style, noscript, [translate="no"], .fui-Avatar') !== null;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || skipped(el)) continue;
      if (el.tagName !== 'OPTION' && !el.checkVisibility()) continue;
      check(node.textContent, el.tagName.toLowerCase());
    }
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], [alt]')) {
      if (skipped(el) || !el.checkVisibility()) continue;
      for (const attribute of ['placeholder', 'aria-label', 'title', 'alt']) if (el.hasAttribute(attribute)) check(el.getAttribute(attribute), `${el.tagName.toLowerCase()}[${attribute}]`);
    }
    check(document.title, 'title');
    return found;
  }, seeded);
}

/**
 * Whether the page itself scrolls sideways (a wide table may scroll inside its own box): false, or the
 * elements that stick out past the viewport's right edge, to say which.
 */
const overflows = (page: Page) =>
  page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return false;
    const scrollsItself = (el: Element) => el.closest('[data-scrolls]') !== null || getComputedStyle(el).overflowX === 'auto';
    return [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1 && !scrollsItself(el.parentElement ?? el))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(el.getBoundingClientRect().right)}px: ${(el.textContent ?? '').slice(0, 40)}`);
  });

/** Every screen of the walk: no unmarked text, no sideways scrolling at 320 px. */
async function expectTranslatedAndFitting(page: Page, screen: string): Promise<void> {
  expect({ screen, unmarked: await unmarkedText(page) }).toEqual({ screen, unmarked: [] });
  expect({ screen, overflows: await overflows(page) }).toEqual({ screen, overflows: false });
}

/** Signs the admin in (English, the default), then opens the portal again in `lang` at `route`. */
async function openAs(lang: string, route: string, width = 320): Promise<Page> {
  const context = await h.browser.newContext({ viewport: { width, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  await page.goto(`${h.server.baseUrl}/portal`);
  await signInWithCode(page, h.server, admin, adminSecret);
  await page.goto(`${h.server.baseUrl}/portal?lang=${lang}#/${route}`);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  return page;
}

/** "Confirm it's you", answered with the admin's password and a fresh code (no English labels needed). */
async function answerStepUp(page: Page): Promise<void> {
  const form = page.locator('form[data-testid="step-up"]');
  await form.locator('input[type="password"]').fill(admin.password);
  await form.locator('input[id$="-code"]').fill(nextCode(h.server, adminSecret));
  await form.locator('button[type="submit"]').click();
  await form.waitFor({ state: 'detached' });
}

test('pseudo-locale walk of Admin → Policies: every field, the step-up prompt and the save confirmation are translated and fit 320 px', async () => {
  const page = await openAs('qps-ploc', 'admin/policies');
  const policies = page.getByTestId('page-policies');
  const require2fa = policies.getByTestId('require-2fa');
  await require2fa.waitFor();
  await expectTranslatedAndFitting(page, 'policies');

  // Tightening saves at once; the confirmation is translated.
  await require2fa.check();
  await policies.locator('button[data-action="save"]').click();
  await policies.getByTestId('message-bar').waitFor();
  expect(await policies.getByTestId('not-enrolled').textContent()).toContain('⟦');
  await expectTranslatedAndFitting(page, 'policies saved');

  // Lowering protection asks "Confirm it's you" first (this session has not confirmed yet).
  await require2fa.uncheck();
  await policies.locator('button[data-action="save"]').click();
  await page.locator('form[data-testid="step-up"]').waitFor();
  await expectTranslatedAndFitting(page, 'policies step-up');
  await answerStepUp(page);
  await policies.getByTestId('message-bar').waitFor();
  expect(await require2fa.isChecked()).toBe(false);
  await page.context().close();
});

test('pseudo-locale walk of Admin → Users: list, devices, reset confirmation and step-up, unlock, create', async () => {
  await lockMax();
  const page = await openAs('qps-ploc', 'admin/users');
  const users = page.getByTestId('page-users');
  const kimRow = users.locator('tr[data-username="kim@fabrikam.example"]');
  await kimRow.waitFor();
  await expectTranslatedAndFitting(page, 'users');

  await kimRow.locator('button[data-action="devices"]').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Outlook on Windows').waitFor();
  await expectTranslatedAndFitting(page, 'users devices');
  await dialog.locator('button[data-action="close"]').click();
  await dialog.waitFor({ state: 'detached' });

  await kimRow.locator('button[data-action="reset"]').click();
  await page.locator('button[data-action="confirm-reset"]').waitFor();
  await expectTranslatedAndFitting(page, 'users reset confirmation');
  await page.locator('button[data-action="confirm-reset"]').click();
  await page.locator('form[data-testid="step-up"]').waitFor();
  await expectTranslatedAndFitting(page, 'users reset step-up');
  await answerStepUp(page);
  await users.getByTestId('message-bar').waitFor();
  await expectTranslatedAndFitting(page, 'users reset done');

  const maxRow = users.locator('tr[data-username="max@fabrikam.example"]');
  await maxRow.locator('button[data-action="unlock"]').click();
  await maxRow.locator('button[data-action="unlock"]').waitFor({ state: 'detached' });
  await expectTranslatedAndFitting(page, 'users unlocked');

  // The create dialog, with its role choices.
  await users.locator('form[role="search"] button[type="button"]').click();
  await page.getByRole('dialog').locator('input[type="password"]').waitFor();
  await expectTranslatedAndFitting(page, 'users create');
  await page.context().close();
});

test('pseudo-locale walk of Admin → Audit (events of several kinds, an unknown kind, filters) and Deploy', async () => {
  const page = await openAs('qps-ploc', 'admin/audit');
  const audit = page.getByTestId('page-audit');
  await audit.locator('tr[data-event="session.created"]').first().waitFor();
  const kinds = await audit.locator('tbody tr').evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-event')))]);
  // Sign-ins, enrollments, device registration, admin actions, and a kind the page does not know.
  expect(kinds).toEqual(expect.arrayContaining(['session.created', 'enrollment.confirmed', 'registration.created', 'admin.unlocked', 'future.kind']));
  await expectTranslatedAndFitting(page, 'audit');

  // Filtered by a user: still translated (the pager's count included).
  await audit.locator('form[role="search"] input').first().fill('kim@');
  await audit.locator('form[role="search"] button[type="submit"]').click();
  await audit.locator('tbody tr[data-event="registration.created"]').waitFor();
  await expect(audit.locator('tbody tr').evaluateAll((rows) => rows.every((r) => (r.textContent ?? '').includes('kim@fabrikam.example')))).resolves.toBe(true);
  await expectTranslatedAndFitting(page, 'audit filtered');

  await page.goto(`${h.server.baseUrl}/portal?lang=qps-ploc#/admin/deploy`);
  await page.locator(`a[href="/manifest.xml"]`).waitFor();
  await expectTranslatedAndFitting(page, 'deploy');
  await page.context().close();
});

test('Arabic: the admin pages lay out right-to-left, addresses stay left-to-right, and axe is clean on Users and Policies', async () => {
  const page = await openAs('ar', 'admin/users', 1280);
  expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
  const users = page.getByTestId('page-users');
  const kimRow = users.locator('tr[data-username="kim@fabrikam.example"]');
  await kimRow.waitFor();
  expect(await users.getByRole('heading', { level: 2 }).textContent()).toBe('المستخدمون');
  // The table runs right to left: its first column (the user) is at the right.
  const [first, last] = await users.locator('thead th').evaluateAll((cells) => [cells[0]!.getBoundingClientRect().left, cells[cells.length - 1]!.getBoundingClientRect().left]);
  expect(first!).toBeGreaterThan(last!);
  // The email inside stays left-to-right.
  expect(await kimRow.locator('bdi[dir="ltr"]').first().evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
  await checkPage(page, 'admin-users-ar');

  await page.goto(`${h.server.baseUrl}/portal?lang=ar#/admin/policies`);
  await page.getByTestId('require-2fa').waitFor();
  await checkPage(page, 'admin-policies-ar');

  // Lists indent from the start edge (the right, in Arabic), and the manifest address reads left-to-right.
  await page.goto(`${h.server.baseUrl}/portal?lang=ar#/admin/deploy`);
  const list = page.locator('ol').first();
  await list.waitFor();
  const padding = await list.evaluate((el) => ({ right: parseFloat(getComputedStyle(el).paddingRight), left: parseFloat(getComputedStyle(el).paddingLeft) }));
  expect(padding.right).toBeGreaterThan(0);
  expect(padding.left).toBe(0);
  expect(await page.locator('a[href="/manifest.xml"]').evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
  await page.context().close();
});

test('German: axe is clean on Users and Policies, and the words are German', async () => {
  const page = await openAs('de', 'admin/users', 1280);
  const users = page.getByTestId('page-users');
  await users.locator('tr[data-username="kim@fabrikam.example"]').waitFor();
  expect(await users.getByRole('heading', { level: 2 }).textContent()).toBe('Benutzer');
  await users.getByRole('columnheader', { name: 'Zwei-Schritt-Authentifizierung' }).waitFor();
  await checkPage(page, 'admin-users-de');

  await page.goto(`${h.server.baseUrl}/portal?lang=de#/admin/policies`);
  await page.getByLabel('Zwei-Schritt-Authentifizierung verlangen').waitFor();
  await checkPage(page, 'admin-policies-de');
  await page.context().close();
});
