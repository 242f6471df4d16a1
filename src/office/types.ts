/**
 * The narrow face of Office.js that the rest of the add-in sees. Only
 * src/office implements it on top of `Office.*`; the gate, the pane and the
 * commands take an `OfficeEnv` and so run under a test double.
 */

/** Promise-based roaming settings (per mailbox, per add-in; NOT secure storage). */
export interface RoamingStore {
  get<T = unknown>(key: string): T | undefined;
  /** Throws RoamingSettingsTooLargeError if all settings would exceed 32 KB. Not persisted until save(). */
  set(key: string, value: unknown): void;
  remove(key: string): void;
  /** Persists to the mailbox; transient failures are retried. */
  save(): Promise<void>;
}

export interface MailboxIdentity {
  emailAddress: string;
  displayName: string;
  /** 'enterprise' | 'office365' | 'outlookCom' | 'gmail', when the host says (Mailbox 1.6). */
  accountType: string | null;
}

export type OfficePlatform = 'PC' | 'Mac' | 'OfficeOnline' | 'iOS' | 'Android' | 'Universal' | 'Unknown';

export interface HostInfo {
  /** Office host: 'Outlook' when running in any Outlook, null outside Office. */
  host: string | null;
  platform: OfficePlatform;
  /** diagnostics.hostName: 'Outlook' (classic Windows/Mac), 'OutlookWebApp' (web, new Outlook), ... */
  hostName: string | null;
  hostVersion: string | null;
}

export interface OfficeThemeInfo {
  isDark: boolean;
  bodyBackgroundColor: string | null;
  bodyForegroundColor: string | null;
}

export type NotificationKind = 'info' | 'error';

export interface OfficeEnv {
  readonly host: HostInfo;
  /** Office.context.displayLanguage: the language of Outlook's UI (BCP 47, e.g. 'de-DE'), null when the host does not say. */
  readonly displayLanguage: string | null;
  readonly roaming: RoamingStore;
  /** The mailbox Outlook shows now, or null outside Outlook. */
  mailbox(): MailboxIdentity | null;
  theme(): OfficeThemeInfo | null;
  /** Subscribes to OfficeThemeChanged; returns an unsubscribe function. */
  onThemeChanged(listener: (theme: OfficeThemeInfo) => void): () => void;
  /** Shows a notification on the current item's info bar; false when there is no item. */
  notify(message: string, kind?: NotificationKind): Promise<boolean>;
}

/** Office limits all roaming settings of an add-in to 32 KB. */
export const ROAMING_LIMIT_BYTES = 32 * 1024;

export class RoamingSettingsTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`Roaming settings would be ${bytes} bytes; Office allows ${ROAMING_LIMIT_BYTES}.`);
    this.name = 'RoamingSettingsTooLargeError';
  }
}

export class RoamingSaveError extends Error {
  constructor(message: string, readonly attempts: number) {
    super(message);
    this.name = 'RoamingSaveError';
  }
}
