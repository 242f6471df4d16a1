/**
 * "Sign out of CloudSync": ends the server session, clears this Outlook
 * session's stored session and the cached roaming record, and tells the user
 * through an Outlook notification. The device registration stays (the next
 * open asks for a code only); removing the device is in the pane's device list.
 */
import type { NotificationKind, RoamingStore } from '../office/types';
import { ROAMING_KEY } from '../taskpane/gate/gate';
import type { KeyValueStore, StoredSession } from '../taskpane/gate/types';
import { t } from '../shared/i18n/runtime';

export interface SignOutDeps {
  session: KeyValueStore<StoredSession>;
  roaming: Pick<RoamingStore, 'remove' | 'save'>;
  /** Ends the server session for this bearer token. */
  signOut(token: string): Promise<void>;
  notify(message: string, kind?: NotificationKind): Promise<boolean>;
  /** Resolves once the messages' language is loaded (the function file fetches it while signing out). */
  ready?: Promise<unknown>;
}

export type SignOutOutcome = 'signed-out' | 'not-signed-in' | 'signed-out-locally';

export async function signOutOfCloudSync(deps: SignOutDeps): Promise<SignOutOutcome> {
  const session = deps.session.load();
  let outcome: SignOutOutcome = session ? 'signed-out' : 'not-signed-in';
  if (session) {
    try {
      await deps.signOut(session.token);
    } catch (e) {
      const code = (e as { code?: string }).code;
      // Already ended on the server: that is the goal. Unreachable: end it here anyway.
      if (code !== 'session_expired' && code !== 'credentials_changed' && code !== 'unauthenticated') outcome = 'signed-out-locally';
    }
  }
  deps.session.clear();
  try {
    deps.roaming.remove(ROAMING_KEY);
    await deps.roaming.save();
  } catch {
    // A cache; the session is gone either way.
  }
  // In the active language: the function file loads Outlook's display language meanwhile (commands.ts).
  await deps.ready;
  const message =
    outcome === 'signed-out'
      ? t('pane.command.signedOut')
      : outcome === 'not-signed-in'
        ? t('pane.command.notSignedIn')
        : t('pane.command.signedOutLocally');
  await deps.notify(message, outcome === 'signed-out-locally' ? 'error' : 'info');
  return outcome;
}
