/**
 * The task pane in the user's language (issue 12), in headless Chromium against the real server and the
 * real production bundle, Outlook replaced by the test double (its Office.context.displayLanguage set):
 *  - the pseudo-locale (qps-ploc) walk: every screen reachable here shows only marked (translated) text,
 *    apart from the user data the test names, and nothing overflows a 320 px wide pane;
 *  - the pane follows displayLanguage: German, Japanese, es-MX → Spanish (words read from the catalogs);
 *  - Arabic lays the pane out right-to-left while the code field stays left-to-right; axe is clean on the
 *    code prompt in Arabic and German; the code field has focus, described by the heading;
 *  - a password changed elsewhere: the open pane notices when the user comes back to it ("Sign in again").
 */
import AxeBuilder from '@axe-core/playwright';
import { createOrg, createUser, startTestServer, steppedUpSession, type TestServer, type TestUser } from '../helpers/server';
import { codeFor, enrollTotp, wrongCodeFor } from '../helpers/totp';
import { catalogSource } from '../helpers/i18n';
import { storedKey, type Pane, type ViewKind } from './addin-harness';
import { paneSuite } from './pane-suite';

jest.setTimeout(120_000);

const suite = paneSuite(startTestServer);
const { newDevice, advance } = suite;
let server: TestServer;
beforeAll(() => {
  server = suite.server;
});

/** A catalog message without placeholders, as the pane shows it. */
function says(locale: string, id: string): string {
  const text = catalogSource(locale)[id];
  if (!text) throw new Error(`no ${id} in ${locale}`);
  return text;
}

/** Password sign-in without English labels: the form's own fields and submit button. */
async function signIn(pane: Pane, user: TestUser): Promise<void> {
  await pane.waitForView('sign-in');
  await pane.page.locator('input[name="username"]').fill(user.username);
  await pane.page.locator('input[name="password"]').fill(user.password);
  await pane.page.locator('form button[type="submit"]').click();
}

async function enterCode(pane: Pane, code: string): Promise<void> {
  await pane.waitForView('code');
  await pane.page.locator('input[autocomplete="one-time-code"]').fill(code);
  await pane.page.locator('form button[type="submit"]').click();
}

/** The user's registrations (labels, hosts, mailbox hints: data the pane shows as is), with the pane's own session. */
async function registrationsOf(pane: Pane) {
  const stored = await pane.page.evaluate((key) => sessionStorage.getItem(key), storedKey(pane.cfg, 'cloudsync.session'));
  const client = server.client();
  client.setToken((JSON.parse(stored ?? '{}') as { token?: string }).token ?? null);
  return (await client.registrations()).registrations;
}

async function heading(pane: Pane): Promise<string> {
  return (await pane.page.getByTestId('view-heading').innerText()).trim();
}

/** WCAG A/AA problems axe finds (serious or critical). */
async function accessibilityProblems(pane: Pane): Promise<string[]> {
  const results = await new AxeBuilder({ page: pane.page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

/**
 * Visible text and labels (aria-label, alt, title, placeholder) with every ⟦…⟧ segment and the allowed user
 * data removed: what remains with a letter in it was not translated.
 */
async function unmarkedText(pane: Pane, allowed: string[]): Promise<string[]> {
  return pane.page.evaluate((allowedData) => {
    const texts: string[] = [document.body.innerText];
    for (const el of Array.from(document.body.querySelectorAll('[aria-label], [alt], [title], [placeholder]'))) {
      for (const name of ['aria-label', 'alt', 'title', 'placeholder']) {
        const value = el.getAttribute(name);
        if (value) texts.push(value);
      }
    }
    const found: string[] = [];
    for (let text of texts) {
      for (const data of allowedData) text = text.split(data).join(' ');
      let before;
      do {
        before = text;
        text = text.replace(/⟦[^⟦⟧]*⟧/g, ' ');
      } while (text !== before);
      for (const line of text.split('\n')) if (/\p{L}/u.test(line)) found.push(line.trim());
    }
    return found;
  }, allowed);
}

/** Horizontal overflow: the elements sticking out past the pane's width (none when it fits). */
async function overflows(pane: Pane): Promise<string[] | false> {
  return pane.page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return false;
    return Array.from(document.body.querySelectorAll('*'))
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? '').slice(0, 60)}`);
  });
}

describe('task pane in the pseudo-locale (qps-ploc)', () => {
  it('every screen reachable here shows only marked text (apart from user data) and fits 320 px', async () => {
    const org = await createOrg(server, { require2fa: true });
    const user = await createUser(server, org);
    const device = await newDevice();
    const pane = await device.open({ email: user.username, displayLanguage: 'qps-ploc' });
    await pane.page.setViewportSize({ width: 320, height: 720 });
    // User data the pane shows as is: the account, the org, the support number.
    const data = [user.username, org.name, '1-866-232-2211'];
    const screens: string[] = [];
    const walk = async (name: string, view: ViewKind, extra: string[] = []) => {
      await pane.waitForView(view);
      // Lazy parts loaded (their Suspense spinner gone), so the screen is complete.
      await pane.page.locator('main [role="progressbar"]').first().waitFor({ state: 'detached' });
      expect({ name, unmarked: await unmarkedText(pane, [...data, ...extra]) }).toEqual({ name, unmarked: [] });
      expect({ name, overflow: await overflows(pane) }).toEqual({ name, overflow: false });
      screens.push(name);
    };

    await walk('sign-in', 'sign-in');
    expect(await pane.page.evaluate(() => document.documentElement.lang)).toBe('qps-ploc');
    await pane.page.locator('button[aria-expanded]').click(); // "Lost your device?"
    await pane.page.getByTestId('lost-device-help').waitFor();
    await walk('sign-in, lost-device help', 'sign-in');

    // Enrollment required by the org: QR, manual key (the key is data), first code, then backup codes.
    await signIn(pane, user);
    await pane.waitForView('enroll');
    await pane.page.getByTestId('totp-secret').waitFor();
    const secret = (await pane.page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
    await walk('enroll', 'enroll', [(await pane.page.getByTestId('totp-secret').innerText()).trim()]);
    await pane.page.locator('input[autocomplete="one-time-code"]').fill(codeFor(secret, server.clock.now()));
    await pane.page.locator('form button[type="submit"]').click();
    await pane.waitForView('backup-codes');
    const codes = (await pane.page.getByTestId('backup-codes').innerText()).split('\n').map((c) => c.trim()).filter(Boolean);
    await walk('backup codes', 'backup-codes', codes);
    await pane.page.locator('input[type="checkbox"]').check();
    await pane.page.getByTestId('backup-codes-continue').click();
    await pane.waitForView('signed-in');
    await pane.page.getByTestId('devices').waitFor();
    await pane.page.getByTestId('backup-codes-left').waitFor();
    const registrations = await registrationsOf(pane);
    const deviceData = registrations.flatMap((r) => [r.label, r.host, r.platform, r.mailboxHint]).filter((v): v is string => !!v);
    await walk('signed in (notice, session limits, devices)', 'signed-in', deviceData);

    // Sign out, then in again on this registered device: the code prompt, a wrong code, another method.
    await pane.page.getByTestId('sign-out').click();
    await pane.waitForView('signed-out');
    await walk('signed out', 'signed-out');
    await pane.page.locator('main button').first().click(); // Sign in
    await walk('code prompt', 'code');
    await advance(20_000);
    await enterCode(pane, wrongCodeFor(secret, server.clock.now()));
    await pane.page.getByRole('alert').waitFor();
    await pane.page.waitForFunction(() => !document.querySelector('input[autocomplete="one-time-code"]')?.hasAttribute('disabled'));
    await walk('code prompt, wrong code', 'code');
    await pane.page.locator('main button.fui-Link').first().click(); // the first other method: a backup code
    await pane.page.locator('input[name="backup-code"]').waitFor();
    await walk('code prompt, backup code', 'code');
    expect(screens).toHaveLength(9);
  });
});

describe('the pane follows Outlook’s display language', () => {
  async function codePrompt(displayLanguage: string) {
    const org = await createOrg(server);
    const user = await createUser(server, org);
    const { secret } = await enrollTotp(server, user);
    const device = await newDevice();
    const pane = await device.open({ email: user.username, displayLanguage });
    const languages: string[] = [];
    pane.page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) languages.push(r.headers()['accept-language'] ?? '');
    });
    await signIn(pane, user);
    await pane.waitForView('code');
    return { pane, user, secret, languages };
  }

  it.each([
    ['de-DE', 'de'],
    ['ja-JP', 'ja'],
    ['es-MX', 'es'],
    ['sv-SE', 'en'],
  ])('%s: the screens speak %s', async (displayLanguage, locale) => {
    const org = await createOrg(server);
    const user = await createUser(server, org);
    await enrollTotp(server, user);
    const device = await newDevice();
    const pane = await device.open({ email: user.username, displayLanguage });
    await pane.waitForView('sign-in');
    expect(await pane.page.evaluate(() => document.documentElement.lang)).toBe(locale);
    expect(await heading(pane)).toBe(says(locale, 'pane.signIn.title'));
    expect(await pane.page.locator('form button[type="submit"]').innerText()).toBe(says(locale, 'pane.signIn.button'));
    await signIn(pane, user);
    await pane.waitForView('code');
    expect(await heading(pane)).toBe(says(locale, 'pane.code.title'));
    expect(await pane.page.getByText(says(locale, 'pane.code.intro.signIn')).count()).toBe(1);
  });

  it('Arabic: right-to-left page, left-to-right code field; axe clean on the code prompt', async () => {
    const { pane } = await codePrompt('ar-SA');
    expect(await pane.page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    expect(await heading(pane)).toBe(says('ar', 'pane.code.title'));
    const input = pane.page.locator('input[autocomplete="one-time-code"]');
    expect(await input.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    expect(await pane.page.locator('main').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await pane.screenshot('i18n-ar-code');
    expect(await accessibilityProblems(pane)).toEqual([]);
  });

  it('German code prompt: the code field has focus, described by the heading; axe clean', async () => {
    const { pane, languages } = await codePrompt('de-DE');
    // The API hears the pane's language too (the server words its problem details in it).
    expect(languages.length).toBeGreaterThan(0);
    expect(new Set(languages)).toEqual(new Set(['de']));
    const focused = await pane.page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      const described = (el?.getAttribute('aria-describedby') ?? '').split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '');
      return { autocomplete: el?.getAttribute('autocomplete'), described };
    });
    expect(focused.autocomplete).toBe('one-time-code');
    expect(focused.described).toContain(says('de', 'pane.code.title'));
    expect(await accessibilityProblems(pane)).toEqual([]);
  });
});

describe('a password changed elsewhere', () => {
  it('the open pane notices when the user comes back to it and asks to sign in again', async () => {
    const org = await createOrg(server);
    const user = await createUser(server, org); // no Two-Step Authentication: the password signs in
    const device = await newDevice();
    const pane = await device.open({ email: user.username });
    await signIn(pane, user);
    await pane.waitForView('signed-in');
    const api = await steppedUpSession(server, user);
    await api.changePassword({ currentPassword: user.password, newPassword: `new horse battery ${Date.now()}` });
    await advance(20_000); // past the pane's 15 s between server checks
    await pane.page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await pane.waitForView('sign-in');
    await pane.page.getByText(says('en', 'pane.signIn.credentialsChanged.title')).waitFor();
  });
});

describe('wrong codes', () => {
  it('the short pause between tries gets its own gentle message, not the lock’s', async () => {
    const org = await createOrg(server);
    const user = await createUser(server, org);
    const { secret } = await enrollTotp(server, user);
    const device = await newDevice();
    const pane = await device.open({ email: user.username });
    await signIn(pane, user);
    await pane.waitForView('code');
    const input = pane.page.locator('input[autocomplete="one-time-code"]');
    const alert = pane.page.getByRole('alert');
    // Five wrong codes without waiting (no pause yet), then a sixth at once: the server asks for a short pause.
    for (let i = 0; i < 6; i++) {
      await input.fill(wrongCodeFor(secret, server.clock.now()));
      await pane.page.locator('form button[type="submit"]').click();
      await alert.waitFor();
      await pane.page.waitForFunction(() => !document.querySelector('input[autocomplete="one-time-code"]')?.hasAttribute('disabled'));
    }
    await alert.getByText(says('en', 'common.error.codePaused.title')).waitFor();
    expect(await alert.innerText()).toContain('Wait 1 second before the next try.');
    expect(await alert.innerText()).not.toContain(says('en', 'common.error.codeLocked.title'));
  });
});
