/**
 * Boot module: a small script that runs before the pane's React/Fluent bundle
 * (both deferred, this one first). On a registered device whose Outlook
 * session holds no session to resume, it starts the device sign-in as soon as
 * Office.js says which mailbox is open (and only when it is the registered
 * one), signing the server's challenge with the device key, through the typed API client, so the server's answer travels while
 * the big bundle downloads and runs. The gate takes the promise once and uses it only
 * when it decides on that same device sign-in (same registration, same
 * mailbox); otherwise the answer is dropped (its pending token just expires).
 * No React here; Office only through src/office.
 */
import { earlyMailboxAddress } from '../office/early';
import { ApiClient } from '../shared/api-client';
import { offerPrefetchedDeviceSignIn } from './boot-handoff';
import { defaultConfig } from './config';
import { normalizeMailbox } from './gate/decide';
import { signInWithDeviceKey } from './gate/device-sign-in';
import { createDeviceStore, SESSION_KEY } from './gate/storage';
import { createWebDeviceKeys } from './device-keys';

function hasSession(): boolean {
  try {
    return window.sessionStorage.getItem(SESSION_KEY) !== null || window.localStorage.getItem(SESSION_KEY) !== null;
  } catch {
    return true; // storage blocked: leave every decision to the gate
  }
}

async function boot(): Promise<void> {
  let device;
  try {
    device = createDeviceStore(window.localStorage).load();
  } catch {
    return;
  }
  if (!device || !device.mailbox || hasSession()) return;
  const mailbox = normalizeMailbox(await earlyMailboxAddress());
  // Another mailbox than the registered one: the gate asks for password + code without asking the server.
  if (!mailbox || mailbox !== normalizeMailbox(device.mailbox)) return;
  const api = new ApiClient({ baseUrl: defaultConfig.apiOrigin });
  const started = offerPrefetchedDeviceSignIn(device.registrationId, device.mailbox, () =>
    signInWithDeviceKey(api, createWebDeviceKeys(), device),
  );
  if (started) performance.mark('boot:device-sign-in');
}

void boot();
