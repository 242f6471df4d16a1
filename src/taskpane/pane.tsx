/**
 * The task pane: connects to Office, wires the gate to its ports (API,
 * device and session storage, roaming settings, clock), and renders.
 * Started by the entry (index.ts).
 */
import { createRoot } from 'react-dom/client';
import { preloadMessageBar } from '../ui/ErrorMessageBar';
import { preloadSpinner } from '../ui/LazySpinner';
import { openInBrowser } from '../office/browser';
import { connectOffice } from '../office/connect';
import { ApiClient } from '../shared/api-client';
import { App, Shell } from './App';
import { takePrefetchedDeviceSignIn } from './boot-handoff';
import { createCloudSyncClient } from './cloudsync-client';
import { defaultConfig } from './config';
import { Gate } from './gate/gate';
import type { ApprovalApi, DeviceKeyPort } from './gate/types';
import { createDeviceStore, createSessionStore, partitionedStorage, SESSION_KEY, StorageStore } from './gate/storage';
import { officePartitionKey } from '../office/partition';
import { Page, ViewHeading } from './views/layout';
import { OfficeUnavailableError } from '../office/connect';
import { loadPaneCatalog, prefetchPaneCatalog } from '../shared/i18n/pane-catalog';
import { loadDarkTheme } from './themes';
import { chooseLocale } from '../shared/i18n/locales';
import type { MessageId } from '../shared/i18n/message-ids';
import { currentLocale, t } from '../shared/i18n/runtime';

const officeProblem: Record<string, MessageId> = {
  'not-loaded': 'pane.office.notLoaded',
  timeout: 'pane.office.timeout',
  'no-mailbox': 'pane.office.noMailbox',
};

/** The browser's own languages: for the screen shown when Office never answers. */
function browserLocale() {
  return chooseLocale([...(navigator.languages ?? []), navigator.language], true);
}

function hostLabel(hostName: string | null, platform: string): string {
  if (hostName === 'OutlookWebApp' || platform === 'OfficeOnline') return 'Outlook on the web';
  if (hostName === 'newOutlookWindows') return 'New Outlook for Windows';
  if (platform === 'PC') return 'Outlook for Windows';
  if (platform === 'Mac') return 'Outlook for Mac';
  return 'Outlook';
}

/**
 * The device's keys, loaded at their first use: a registered device's usual start signs in through the
 * boot module (which has its own copy), so the pane's initial script does without them.
 */
function lazyDeviceKeys(partitionKey: string | null): DeviceKeyPort {
  let loaded: Promise<DeviceKeyPort> | null = null;
  const keys = () =>
    (loaded ??= import(/* webpackChunkName: "device-keys" */ './device-keys.js').then((m) => m.createWebDeviceKeys(undefined, undefined, partitionKey)));
  return {
    create: async () => (await keys()).create(),
    sign: async (registrationId, message) => (await keys()).sign(registrationId, message),
    forget: async (registrationId) => (await keys()).forget(registrationId),
    preload: (registrationId) => void keys().then((k) => k.preload?.(registrationId), () => undefined),
  };
}

/** "Approve with a passkey in your browser": its client loads at first use (most sign-ins use a code). */
function lazyApprovals(api: ApiClient): ApprovalApi {
  let loaded: Promise<ApprovalApi> | null = null;
  const client = () =>
    (loaded ??= import(/* webpackChunkName: "approval-client" */ '../shared/approval-client.js').then((m) => new m.ApprovalClient(api)));
  return {
    create: async (pendingToken, body) => (await client()).create(pendingToken, body),
    wait: async (pendingToken, requestId) => (await client()).wait(pendingToken, requestId),
  };
}

function whenIdle(task: () => void): void {
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(task, { timeout: 1000 });
  else window.setTimeout(task, 200);
}

/** Registration ids this device dropped, revoked after its next registration (device storage, never roaming). */
const RETIRED_KEY = 'cloudsync.device.retired';
const isIdList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

export async function main(): Promise<void> {
  performance.mark('pane:script');
  const container = document.getElementById('root');
  if (!container) return;
  const root = createRoot(container);
  // While Office starts: the catalog of the browser's language, usually Outlook's display language too.
  prefetchPaneCatalog(browserLocale());
  let env;
  try {
    env = await connectOffice();
  } catch (e) {
    await loadPaneCatalog(browserLocale()).catch(() => undefined);
    const reason = e instanceof OfficeUnavailableError ? e.reason : 'not-loaded';
    root.render(
      <Shell dark={false}>
        <Page view="no-office">
          <ViewHeading>{t('pane.openFromOutlook.title')}</ViewHeading>
          <p role="alert">{t(officeProblem[reason] ?? 'pane.office.notLoaded')}</p>
        </Page>
      </Shell>,
    );
    return;
  }
  // Outlook's display language (es-MX → es, unknown → English, qps-ploc → the pseudo-locale): only its chunk
  // is fetched, while the gate starts, so the first screen waits for neither longer than before.
  // The language's catalog and, when Outlook is dark, the dark theme: fetched side by side before the first render.
  const catalog = Promise.all([loadPaneCatalog(chooseLocale([env.displayLanguage], true)), env.theme()?.isDark ? loadDarkTheme() : null]);

  performance.mark('pane:office-ready');
  const config = defaultConfig;
  const clock = { now: () => Date.now() };
  // Every key the add-in stores carries Office's partition key where the host has one (web, new Outlook).
  const partitionKey = officePartitionKey();
  const local = partitionedStorage(window.localStorage, partitionKey);
  const sessions = createSessionStore(env.host, { session: partitionedStorage(window.sessionStorage, partitionKey), local }, clock);
  const gateApi = new ApiClient({ baseUrl: config.apiOrigin, language: currentLocale });
  const gate = new Gate({
    api: gateApi,
    approvals: lazyApprovals(gateApi),
    openBrowser: openInBrowser,
    device: createDeviceStore(local),
    keys: lazyDeviceKeys(partitionKey),
    session: sessions.store,
    roaming: env.roaming,
    clock,
    mailbox: () => env.mailbox()?.emailAddress ?? null,
    client: {
      label: hostLabel(env.host.hostName, env.host.platform),
      host: env.host.hostName ?? env.host.host,
      platform: env.host.platform,
    },
    retired: new StorageStore(local, RETIRED_KEY, isIdList),
    takePrefetchedDeviceSignIn,
  });
  const cloudsync = createCloudSyncClient(gate, config.apiOrigin);
  gate.subscribe((view) => {
    cloudsync.setToken(view.kind === 'signed-in' ? gateApi.getToken() : null);
    performance.mark(`gate:${view.kind}`); // read by npm run bench:taskpane
  });

  // Render once the gate knows what to show (usually one server answer away), so the
  // first React render is the real screen; a slow server gets the spinner after 300 ms.
  let rendered = false;
  let catalogReady = false;
  // An unloadable chunk still renders (the message ids show rather than nothing).
  const catalogDone = catalog.then(
    () => void (catalogReady = true),
    () => void (catalogReady = true),
  );
  const render = () => {
    if (rendered) return;
    if (!catalogReady) {
      void catalogDone.then(render);
      return;
    }
    rendered = true;
    root.render(<App gate={gate} cloudsync={cloudsync} config={config} themes={env} mailbox={env.mailbox()?.emailAddress ?? null} />);
    // Once the first screen is up: the message bar's and the spinner's chunks, for the first error or wait.
    whenIdle(() => {
      preloadMessageBar();
      preloadSpinner();
    });
  };
  const stopWaiting = gate.subscribe((view) => {
    if (view.kind !== 'starting') render();
  });
  const spinnerTimer = window.setTimeout(render, 300);
  await gate.start();
  if (gate.view.kind !== 'starting') render();
  stopWaiting();
  if (rendered) window.clearTimeout(spinnerTimer);

  // Session limits and sign-outs elsewhere (ribbon command) while the pane stays open.
  const check = () => {
    sessions.store.renew?.();
    gate.tick();
  };
  window.setInterval(check, 30_000);
  // When the user comes back to the pane, ask the server too (GET /me, at most every 15 s): a password changed
  // or Two-Step Authentication reset elsewhere answers credentials_changed, and the client hands that to the
  // gate ("Sign in again"). Not on the 30 s timer: each request counts as use and would defeat the idle limit.
  let lastAsked = 0;
  const askServer = () => {
    if (gate.view.kind !== 'signed-in' || Date.now() - lastAsked < 15_000) return;
    lastAsked = Date.now();
    cloudsync.me().then(
      (me) => gate.sessionRefreshed({ expiresAt: me.session.expiresAt, idleExpiresAt: me.session.idleExpiresAt }),
      () => undefined, // auth failures already reached the gate; a network error changes nothing here
    );
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      check();
      askServer();
    }
  });
  window.addEventListener('focus', () => {
    check();
    askServer();
  });
  window.addEventListener('storage', (e) => {
    if (e.key === `${partitionKey ?? ''}${SESSION_KEY}` || e.key === SESSION_KEY || e.key === null) gate.tick();
  });
}
