/**
 * Hands the boot module's early device sign-in to the pane's gate. The boot
 * module and the pane are separate scripts (webpack entries), so the promise
 * travels on one well-known global, taken at most once.
 */
import type { PrefetchedDeviceSignIn } from './gate/types';

const KEY = '__cloudsyncPrefetchedDeviceSignIn';
type Holder = { [KEY]?: PrefetchedDeviceSignIn | null };

export function offerPrefetchedDeviceSignIn(prefetch: PrefetchedDeviceSignIn): void {
  // An answer nobody takes (the gate decided otherwise) must not surface as an unhandled rejection.
  prefetch.answer.catch(() => undefined);
  (globalThis as Holder)[KEY] = prefetch;
}

export function takePrefetchedDeviceSignIn(): PrefetchedDeviceSignIn | null {
  const holder = globalThis as Holder;
  const prefetch = holder[KEY] ?? null;
  holder[KEY] = null;
  return prefetch;
}
