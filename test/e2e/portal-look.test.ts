/**
 * The portal as people see it: it follows the system's dark preference (live,
 * as the add-in pane follows Office's theme), and the audit table stays
 * readable at 1024 px (columns never run into each other; a wide table
 * scrolls in its own box, the page does not).
 */
import type { Page } from 'playwright-core';
import { createOrg, createUser, operator, type TestUser } from '../helpers/server';
import { enrollTotp } from '../helpers/totp';
import { checkPage, signInWithCode, startPortalHarness, type PortalHarness } from './portal-helpers';

jest.setTimeout(60_000);
let h: PortalHarness;
let admin: TestUser;
let adminSecret: string;

beforeAll(async () => {
  h = await startPortalHarness();
  const org = await createOrg(h.server, {}, 'Fabrikam');
  admin = await createUser(h.server, org, { role: 'admin', username: 'admin@fabrikam.example' });
  adminSecret = (await enrollTotp(h.server, admin)).secret;
  // Long event names and values, as a real log has them.
  const someone = await createUser(h.server, org, { username: 'maximilian.alexander.longname-holder@fabrikam-international.example' });
  await h.server.services.administration.resetTwoFactor(someone.id, { ...operator, actorId: admin.id, ip: '2001:db8:85a3:0000:0000:8a2e:0370:7334' });
  await h.server.services.administration.unlock(someone.id, { ...operator, actorId: admin.id, ip: '203.0.113.250' });
}, 600_000);
afterAll(() => h?.close());

/** Relative luminance (0 black … 1 white) of a computed CSS colour. */
async function luminance(page: Page, selector: string, property: 'backgroundColor' | 'color'): Promise<number> {
  const value = await page.locator(selector).first().evaluate((el, p) => getComputedStyle(el)[p], property);
  const [r, g, b] = (value.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).slice(0, 3).map(Number) as [number, number, number];
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

test('the portal follows the system dark preference, and switches back live', async () => {
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark', locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  await page.goto(`${h.server.baseUrl}/portal`);
  await page.getByTestId('sign-in-password').waitFor();
  const provider = '.fui-FluentProvider';
  expect(await page.locator(provider).first().getAttribute('data-theme')).toBe('dark');
  expect(await luminance(page, provider, 'backgroundColor')).toBeLessThan(0.25);
  expect(await luminance(page, provider, 'color')).toBeGreaterThan(0.75);
  await checkPage(page, 'dark-sign-in');

  await signInWithCode(page, h.server, admin, adminSecret);
  await page.getByRole('heading', { name: 'Account Settings', level: 1 }).waitFor();
  expect(await luminance(page, provider, 'backgroundColor')).toBeLessThan(0.25);
  await checkPage(page, 'dark-security');

  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => document.querySelector('.fui-FluentProvider')?.getAttribute('data-theme') === 'light');
  expect(await luminance(page, provider, 'backgroundColor')).toBeGreaterThan(0.75);
  await context.close();
});

test('the audit table at 1024 px: no column runs into the next; the table scrolls in its own box, not the page', async () => {
  const context = await h.browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  await page.goto(`${h.server.baseUrl}/portal`);
  await signInWithCode(page, h.server, admin, adminSecret);
  await page.getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('tab', { name: 'Audit' }).click();
  const audit = page.getByTestId('page-audit');
  await audit.locator('tr[data-event="admin.two_factor_reset"]').first().waitFor();

  const layout = await audit.evaluate((root) => {
    const overflowing: string[] = [];
    const overlapping: string[] = [];
    for (const row of root.querySelectorAll('tr')) {
      const cells = [...row.querySelectorAll('td, th')] as HTMLElement[];
      cells.forEach((cell, i) => {
        // Content wider than its cell spills over the neighbour.
        if (cell.scrollWidth > cell.clientWidth + 1) overflowing.push(`${row.getAttribute('data-event') ?? 'header'} col ${i}: ${cell.textContent}`);
        const next = cells[i + 1];
        if (!next) return;
        const range = document.createRange();
        range.selectNodeContents(cell);
        const text = range.getBoundingClientRect();
        if (text.width > 0 && text.right > next.getBoundingClientRect().left + 1) overlapping.push(`${row.getAttribute('data-event') ?? 'header'} col ${i}: ${cell.textContent}`);
      });
    }
    const scroller = root.querySelector('[data-testid="audit-scroller"]') as HTMLElement;
    return {
      overflowing,
      overlapping,
      pageScrollsSideways: document.documentElement.scrollWidth > window.innerWidth,
      scrollerStyle: getComputedStyle(scroller).overflowX,
      tableFits: (scroller.firstElementChild as HTMLElement).getBoundingClientRect().width <= scroller.clientWidth + 1,
    };
  });
  expect(layout.overflowing).toEqual([]);
  expect(layout.overlapping).toEqual([]);
  expect(layout.pageScrollsSideways).toBe(false);
  // Either the table fits its box, or the box scrolls it.
  expect(layout.tableFits || layout.scrollerStyle === 'auto').toBe(true);
  await checkPage(page, 'audit-1024');
  await context.close();
});
