/**
 * Hands the boot module's early device sign-in to the pane's gate. The boot
 * module and the pane are separate scripts (webpack entries), so the promise
 * travels on one well-known global, taken at most once.
 */
import type { SignInResponse } from '../shared/schemas';
import type { PrefetchedDeviceSignIn } from './gate/types';

const KEY = '__cloudsyncPrefetchedDeviceSignIn';
type Holder = { [KEY]?: PrefetchedDeviceSignIn | null };

/**
 * Starts the request (`start`) and offers its answer, unless the pane already
 * looked for one (then it asks the server itself, and a second request would
 * only be waste). Returns whether the request was started.
 */
export function offerPrefetchedDeviceSignIn(
  registrationId: string,
  mailbox: string,
  start: () => Promise<SignInResponse>,
): boolean {
  const holder = globalThis as Holder;
  if (holder[KEY] === null) return false;
  const answer = start();
  // An answer nobody takes (the gate decided otherwise) must not surface as an unhandled rejection.
  answer.catch(() => undefined);
  holder[KEY] = { registrationId, mailbox, answer };
  return true;
}

/** The pane's gate, once: the early answer if there is one. Later offers are refused. */
export function takePrefetchedDeviceSignIn(): PrefetchedDeviceSignIn | null {
  const holder = globalThis as Holder;
  const prefetch = holder[KEY] ?? null;
  holder[KEY] = null;
  return prefetch;
}
