/**
 * Issue 11, items 4 and 9: the add-in pages carry a Content-Security-Policy (scripts from this origin and
 * office.js only, framed only by Office hosts) under which the pane still works in a real browser with no
 * violation reported; the portal and the API are never framed; production builds publish no source maps.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createOrg, createUser, startTestServer, type TestServer } from '../helpers/server';
import { codeFor, enrollTotp } from '../helpers/totp';
import { ensureWebBuild } from '../helpers/build';
import { Device, launchChromium, OutlookCloud } from './addin-harness';

jest.setTimeout(90_000);

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureWebBuild();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const directive = (csp: string, name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';

test('taskpane.html and commands.html: scripts from this origin and office.js only, framed only by Office hosts', async () => {
  for (const page of ['taskpane.html', 'commands.html']) {
    const res = await fetch(`${server.baseUrl}/${page}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(directive(csp, 'script-src')).toBe("script-src 'self' https://appsforoffice.microsoft.com");
    expect(csp).not.toContain('unsafe-eval');
    const ancestors = directive(csp, 'frame-ancestors');
    expect(ancestors).toContain('https://outlook.office.com');
    expect(ancestors).toContain('https://outlook.office365.com');
    expect(ancestors).not.toMatch(/\s\*(\s|$)/);
    expect(csp).toContain("object-src 'none'");
    // No inline script in the page itself.
    expect(await res.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  }
});

test("the portal keeps frame-ancestors 'none'; API answers (and errors) may be framed by nobody", async () => {
  const portal = await fetch(`${server.baseUrl}/portal`);
  expect(directive(portal.headers.get('content-security-policy') ?? '', 'frame-ancestors')).toBe("frame-ancestors 'none'");
  for (const url of ['/api/v1/me', '/api/v1/no-such-route', '/api/openapi.json', '/healthz']) {
    const res = await fetch(server.baseUrl + url);
    expect({ url, csp: res.headers.get('content-security-policy'), xfo: res.headers.get('x-frame-options') }).toEqual({
      url,
      csp: "default-src 'none'; frame-ancestors 'none'",
      xfo: 'DENY',
    });
  }
});

test('production builds publish no source maps: none in dist/, no sourceMappingURL, a .map URL is 404', async () => {
  const dist = path.resolve('dist');
  const files = fs.readdirSync(dist);
  expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  const scripts = files.filter((f) => f.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(3);
  for (const f of scripts) expect(fs.readFileSync(path.join(dist, f), 'utf8')).not.toContain('sourceMappingURL=');
  const portalJs = scripts.find((f) => /^portal\.[0-9a-f]+\.js$/.test(f))!;
  expect((await fetch(`${server.baseUrl}/${portalJs}`)).status).toBe(200);
  expect((await fetch(`${server.baseUrl}/${portalJs}.map`)).status).toBe(404);
});

/** Waits (without a clock) until `check` holds: the page reports through an async binding. */
async function until(check: () => boolean, page: Page): Promise<boolean> {
  for (let i = 0; i < 50 && !check(); i++) await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  return check();
}

test('in Chromium, the pane signs in with password and code under the policy with no CSP violation; the policy does block inline script', async () => {
  const org = await createOrg(server);
  const user = await createUser(server, org);
  const { secret } = await enrollTotp(server, user);
  const device = await Device.create(browser, server, new OutlookCloud());
  try {
    // Every CSP violation any page of this device reports (and the console's refusals).
    const seen: string[] = [];
    await device.context.exposeBinding('__cspViolation', (_source, text: string) => seen.push(text));
    await device.context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __cspViolation(t: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const pane = await device.open({ email: user.username });
    pane.page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
    });
    await pane.signIn(user.username, user.password);
    await pane.waitForView('code');
    server.clock.advance(30_000);
    await device.syncClock();
    await pane.enterCode(codeFor(secret, server.clock.now()));
    await pane.waitForView('signed-in');
    await pane.page.getByTestId('devices').waitFor();
    const commands = await device.open({ email: user.username }, 'commands.html');
    await commands.page.waitForFunction(() => Boolean((window as unknown as { __officeActions?: object }).__officeActions));
    expect(seen).toEqual([]);

    // The policy is really there: an injected inline script is refused, and reported.
    const ran = await pane.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.appendChild(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan ?? false;
    });
    expect(ran).toBe(false);
    expect(await until(() => seen.some((v) => v.startsWith('script-src')), pane.page)).toBe(true);
  } finally {
    await device.close();
  }
});
