/**
 * Boot module: a small script that runs before the pane's React/Fluent bundle
 * (both deferred, this one first). On a registered device whose Outlook
 * session holds no session to resume, it starts the device sign-in at once,
 * through the typed API client, so the server's answer travels while the big
 * bundle downloads and runs. The gate takes the promise once and uses it only
 * when it decides on that same device sign-in (same registration, same
 * mailbox); otherwise the answer is dropped (its pending token just expires).
 * It reads only this device's storage: no Office.js, no React.
 */
import { ApiClient } from '../shared/api-client';
import { offerPrefetchedDeviceSignIn } from './boot-handoff';
import { defaultConfig } from './config';
import { createDeviceStore, SESSION_KEY } from './gate/storage';

function hasSession(): boolean {
  try {
    return window.sessionStorage.getItem(SESSION_KEY) !== null || window.localStorage.getItem(SESSION_KEY) !== null;
  } catch {
    return true; // storage blocked: leave every decision to the gate
  }
}

function boot(): void {
  let device;
  try {
    device = createDeviceStore(window.localStorage).load();
  } catch {
    return;
  }
  if (!device || !device.mailbox || hasSession()) return;
  performance.mark('boot:device-sign-in');
  const api = new ApiClient({ baseUrl: defaultConfig.apiOrigin });
  offerPrefetchedDeviceSignIn({
    registrationId: device.registrationId,
    mailbox: device.mailbox,
    answer: api.signInWithDevice({ registrationId: device.registrationId, deviceSecret: device.deviceSecret, mailbox: device.mailbox }),
  });
}

boot();
