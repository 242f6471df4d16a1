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
import { earlyDisplayLanguage, earlyMailboxAddress } from '../office/early';
import { ApiClient } from '../shared/api-client';
import { offerPrefetchedDeviceSignIn } from './boot-handoff';
import { defaultConfig } from './config';
import { normalizeMailbox } from './gate/decide';
import { signInWithDeviceKey } from './gate/device-sign-in';
import { createDeviceStore, DEVICE_KEY, partitionedStorage, SESSION_KEY, type StorageArea } from './gate/storage';
import { officePartitionKey } from '../office/partition';
import { createWebDeviceKeys } from './device-keys';

function hasSession(session: StorageArea, local: StorageArea): boolean {
  try {
    return session.getItem(SESSION_KEY) !== null || local.getItem(SESSION_KEY) !== null;
  } catch {
    return true; // storage blocked: leave every decision to the gate
  }
}

/** Some device registration is stored here (under any partition): only then is there anything to start early. */
function anyDeviceStored(): boolean {
  try {
    for (let i = 0; i < window.localStorage.length; i++) if (window.localStorage.key(i)?.endsWith(DEVICE_KEY)) return true;
  } catch {
    // blocked
  }
  return false;
}

async function boot(): Promise<void> {
  if (!anyDeviceStored()) return;
  // Office's partition key (web, new Outlook) is known once Office.js is ready: the keys carry it.
  const mailbox = normalizeMailbox(await earlyMailboxAddress());
  const partitionKey = officePartitionKey();
  let device;
  let local: StorageArea;
  try {
    local = partitionedStorage(window.localStorage, partitionKey);
    device = createDeviceStore(local).load();
  } catch {
    return;
  }
  if (!device || !device.mailbox || hasSession(partitionedStorage(window.sessionStorage, partitionKey), local)) return;
  // Another mailbox than the registered one: the gate asks for password + code without asking the server.
  if (!mailbox || mailbox !== normalizeMailbox(device.mailbox)) return;
  // Outlook's language, so any text in the answer (a method not offered, and why) is in it.
  const api = new ApiClient({ baseUrl: defaultConfig.apiOrigin, language: () => earlyDisplayLanguage() ?? '' });
  const started = offerPrefetchedDeviceSignIn(device.registrationId, device.mailbox, () =>
    signInWithDeviceKey(api, createWebDeviceKeys(undefined, undefined, partitionKey), device),
  );
  if (started) performance.mark('boot:device-sign-in');
}

void boot();
