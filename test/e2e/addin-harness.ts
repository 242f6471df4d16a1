/**
 * Browser-test harness for the add-in: headless Debian Chromium driven by
 * playwright-core, the real built bundle served by the real server, and an
 * Outlook test double answering the page's request for Microsoft's office.js.
 *
 * The double implements what the add-in uses: Office.onReady, the mailbox's
 * userProfile and diagnostics, roaming settings (persisted per mailbox here,
 * in the test process, so they survive page loads and can be copied to
 * another device), notifications on the item, OfficeThemeChanged, and
 * Office.actions.associate for function commands, and
 * Office.context.ui.openBrowserWindow (OpenBrowserWindowApi 1.1: the URLs the
 * pane opened in "the system browser" are recorded in OutlookCloud; a host
 * without it is `openBrowserWindow: false`).
 *
 * Model: a `Device` is one browser context (one machine's add-in storage);
 * `device.open()` opens the pane in a new tab, which is a new Outlook session
 * on web hosts (fresh sessionStorage); `pane.reopen()` reloads it in the same
 * tab (the same Outlook session).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestServer } from '../helpers/server';

export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
export const screenshotDir = path.join(__dirname, 'screenshots');

export { launchChromium } from '../helpers/browser';

export interface OutlookConfig {
  email: string;
  displayName?: string;
  platform?: 'OfficeOnline' | 'PC' | 'Mac';
  hostName?: string;
  dark?: boolean;
  /** The host supports OpenBrowserWindowApi 1.1 (default true). */
  openBrowserWindow?: boolean;
  /**
   * Office.context.partitionKey: defined by Outlook on the web and new Outlook (default here: one per
   * mailbox), undefined in classic Windows and Mac (null). The add-in prefixes its stored keys with it.
   */
  partitionKey?: string | null;
  /** Office.context.displayLanguage: the language of Outlook's UI (default 'en-US'; 'qps-ploc' is the pseudo-locale). */
  displayLanguage?: string;
}

/** The key under which the add-in stores `key` in a pane opened with this configuration. */
export function storedKey(cfg: Pick<Required<OutlookConfig>, 'partitionKey'>, key: string): string {
  return `${cfg.partitionKey ?? ''}${key}`;
}

/** The Outlook test double: browser-side script (config + persisted roaming settings inlined). */
export function officeDoubleScript(cfg: Required<OutlookConfig>, roaming: Record<string, unknown>): string {
  const theme = cfg.dark
    ? { bodyBackgroundColor: '#1f1f1f', bodyForegroundColor: '#ffffff', controlBackgroundColor: '#2b2b2b', controlForegroundColor: '#ffffff' }
    : { bodyBackgroundColor: '#ffffff', bodyForegroundColor: '#242424', controlBackgroundColor: '#ffffff', controlForegroundColor: '#242424' };
  return `(() => {
  const cfg = ${JSON.stringify(cfg)};
  const settings = ${JSON.stringify(roaming)};
  const handlers = {};
  const done = (cb, value) => setTimeout(() => cb && cb({ status: 'succeeded', value }), 0);
  const diagnostics = { hostName: cfg.hostName, hostVersion: '16.0.99999', OWAView: 'ThreeColumns' };
  const mailbox = {
    userProfile: { emailAddress: cfg.email, displayName: cfg.displayName, accountType: 'office365', timeZone: 'UTC' },
    diagnostics,
    item: {
      itemType: 'message',
      notificationMessages: {
        replaceAsync(key, details, cb) {
          window.__outlookDoubleNotify && window.__outlookDoubleNotify(JSON.stringify({ key, details }));
          done(cb);
        },
      },
    },
    addHandlerAsync(type, handler, cb) { (handlers[type] = handlers[type] || []).push(handler); done(cb); },
    removeHandlerAsync(type, cb) { handlers[type] = []; done(cb); },
  };
  const roamingSettings = {
    get(k) { return Object.prototype.hasOwnProperty.call(settings, k) ? JSON.parse(JSON.stringify(settings[k])) : null; },
    set(k, v) { settings[k] = JSON.parse(JSON.stringify(v)); },
    remove(k) { delete settings[k]; },
    saveAsync(cb) {
      window.__outlookDoubleSaveRoaming(cfg.email, JSON.stringify(settings)).then(
        () => done(cb),
        () => setTimeout(() => cb && cb({ status: 'failed', error: { name: 'SaveError', message: 'save failed', code: 9017 } }), 0),
      );
    },
  };
  const info = { host: 'Outlook', platform: cfg.platform };
  window.Office = {
    context: {
      mailbox, roamingSettings, platform: cfg.platform, diagnostics, displayLanguage: cfg.displayLanguage, partitionKey: cfg.partitionKey || undefined, officeTheme: ${JSON.stringify(theme)},
      requirements: { isSetSupported: (name) => name !== 'OpenBrowserWindowApi' || cfg.openBrowserWindow },
      ui: cfg.openBrowserWindow ? { openBrowserWindow(url) { window.__outlookDoubleOpenBrowser(url); } } : {},
    },
    onReady(cb) { return new Promise((resolve) => setTimeout(() => { if (cb) cb(info); resolve(info); }, 0)); },
    actions: { associate(name, fn) { (window.__officeActions = window.__officeActions || {})[name] = fn; } },
    EventType: { OfficeThemeChanged: 'officeThemeChanged', ItemChanged: 'olkItemSelectedChanged' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    MailboxEnums: { ItemNotificationMessageType: { InformationalMessage: 'informationalMessage', ErrorMessage: 'errorMessage', ProgressIndicator: 'progressIndicator' } },
    HostType: { Outlook: 'Outlook' },
    PlatformType: { PC: 'PC', OfficeOnline: 'OfficeOnline', Mac: 'Mac' },
  };
  window.__outlookDoubleSetTheme = (dark) => {
    const t = dark ? { bodyBackgroundColor: '#1f1f1f', bodyForegroundColor: '#ffffff' } : { bodyBackgroundColor: '#ffffff', bodyForegroundColor: '#242424' };
    window.Office.context.officeTheme = t;
    (handlers.officeThemeChanged || []).forEach((h) => h({ type: 'officeThemeChanged', officeTheme: t }));
  };
})();`;
}

/** Roaming settings per mailbox (what Exchange would keep), and notifications shown. */
export class OutlookCloud {
  readonly roaming = new Map<string, Record<string, unknown>>();
  readonly notifications: { key: string; details: { message: string; type: string } }[] = [];
  /** URLs the pane opened with Office.context.ui.openBrowserWindow, in order. */
  readonly browserWindows: string[] = [];
  roamingOf(email: string): Record<string, unknown> {
    return this.roaming.get(email.toLowerCase()) ?? {};
  }
}

export type ViewKind =
  | 'starting'
  | 'no-mailbox'
  | 'sign-in'
  | 'code'
  | 'no-method'
  | 'approve'
  | 'enroll'
  | 'backup-codes'
  | 'signed-in'
  | 'signed-out'
  | 'unreachable';

export class Pane {
  /** Auth API calls this tab made (paths), to assert what was (not) asked. */
  readonly apiCalls: string[] = [];
  constructor(readonly page: Page, readonly device: Device, readonly cfg: Required<OutlookConfig>) {
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/')) this.apiCalls.push(`${r.method()} ${u.pathname}`);
    });
  }
  get url(): string {
    return `${this.device.server.baseUrl}/taskpane.html`;
  }
  async waitForView(kind: ViewKind, timeout = 15_000): Promise<void> {
    await this.page.locator(`main[data-view="${kind}"]`).waitFor({ state: 'visible', timeout });
  }
  async view(): Promise<string | null> {
    return this.page.locator('main[data-view]').getAttribute('data-view');
  }
  /** Same tab, same Outlook session: close and reopen the pane. */
  async reopen(): Promise<void> {
    this.apiCalls.length = 0;
    await this.page.goto(this.url);
  }
  /** Closes the pane but keeps the tab (the Outlook session): nothing of the add-in runs meanwhile. */
  async hide(): Promise<void> {
    await this.page.goto('about:blank');
  }
  async signIn(username: string, password: string): Promise<void> {
    await this.waitForView('sign-in');
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }
  async enterCode(code: string): Promise<void> {
    await this.waitForView('code');
    const input = this.page.locator('input[autocomplete="one-time-code"]');
    await input.fill(code);
    await this.page.getByRole('button', { name: 'Verify' }).click();
  }
  async screenshot(name: string): Promise<void> {
    fs.mkdirSync(screenshotDir, { recursive: true });
    await this.page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
  }
  async close(): Promise<void> {
    await this.page.close();
  }
}

/** One machine: a browser context whose localStorage holds this device's registration. */
export class Device {
  private constructor(readonly context: BrowserContext, readonly server: TestServer, readonly cloud: OutlookCloud) {}

  static async create(browser: Browser, server: TestServer, cloud: OutlookCloud): Promise<Device> {
    const context = await browser.newContext({ viewport: { width: 360, height: 720 }, serviceWorkers: 'block' });
    const device = new Device(context, server, cloud);
    await context.exposeBinding('__outlookDoubleSaveRoaming', (_source, email: string, json: string) => {
      cloud.roaming.set(email.toLowerCase(), JSON.parse(json) as Record<string, unknown>);
    });
    await context.exposeBinding('__outlookDoubleOpenBrowser', (_source, url: string) => {
      cloud.browserWindows.push(url);
    });
    await context.exposeBinding('__outlookDoubleNotify', (_source, json: string) => {
      cloud.notifications.push(JSON.parse(json) as OutlookCloud['notifications'][number]);
    });
    // Anything but the test server and the office.js double is off limits.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.baseUrl) || url.startsWith('data:')) return route.fallback();
      return route.abort('blockedbyclient');
    });
    await device.syncClock();
    return device;
  }

  /** The page's clock follows the server's movable clock (session expiry is compared locally too). */
  async syncClock(): Promise<void> {
    await this.context.clock.setFixedTime(this.server.clock.now());
  }

  /** Opens the task pane in a new tab: a new Outlook session on web hosts. */
  async open(outlook: OutlookConfig, page = 'taskpane.html'): Promise<Pane> {
    const merged = { displayName: 'Test User', platform: 'OfficeOnline' as const, hostName: 'OutlookWebApp', dark: false, openBrowserWindow: true, displayLanguage: 'en-US', ...outlook };
    const web = merged.platform === 'OfficeOnline' || merged.hostName === 'newOutlookWindows';
    const cfg: Required<OutlookConfig> = {
      ...merged,
      partitionKey: outlook.partitionKey !== undefined ? outlook.partitionKey : web ? `olk-${merged.email.toLowerCase()}|` : null,
    };
    const tab = await this.context.newPage();
    await tab.route(OFFICE_JS, (route) =>
      route.fulfill({ status: 200, contentType: 'application/javascript', body: officeDoubleScript(cfg, this.cloud.roamingOf(cfg.email)) }),
    );
    const pane = new Pane(tab, this, cfg);
    await tab.goto(`${this.server.baseUrl}/${page}`);
    return pane;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
