/**
 * OfficeEnv on top of Office.js. This file and ./connect.ts are the only
 * places in the add-in that touch `Office.*`.
 */
import type {
  HostInfo,
  MailboxIdentity,
  NotificationKind,
  OfficeEnv,
  OfficePlatform,
  OfficeThemeInfo,
  RoamingStore,
} from './types';
import { ROAMING_LIMIT_BYTES, RoamingSaveError, RoamingSettingsTooLargeError } from './types';

type OfficeLike = typeof Office;

export interface OfficeEnvOptions {
  /** Attempts for a roaming save, including the first (default 3). */
  saveAttempts?: number;
  /** Waits between attempts (injected so tests do not sleep). */
  sleep?: (ms: number) => Promise<void>;
  /** The info object from Office.onReady, when known. */
  readyInfo?: { host: unknown; platform: unknown } | null;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wraps an Office callback-style *Async call into a promise. */
function callAsync<T>(invoke: (callback: (result: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    invoke((result) => {
      if ((result.status as unknown as string) === 'succeeded') {
        resolve(result.value);
      } else {
        const err = result.error as { message?: string; name?: string; code?: number } | undefined;
        const e = new Error(err?.message || err?.name || 'Office call failed') as Error & { officeCode?: number };
        e.officeCode = err?.code;
        reject(e);
      }
    });
  });
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export class OfficeRoamingStore implements RoamingStore {
  /** Every key this store has seen: Office cannot list keys, and this add-in owns all of its keys. */
  private readonly known = new Map<string, unknown>();
  private readonly attempts: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly settings: Office.RoamingSettings, options: OfficeEnvOptions = {}) {
    this.attempts = Math.max(1, options.saveAttempts ?? 3);
    this.sleep = options.sleep ?? defaultSleep;
  }

  get<T = unknown>(key: string): T | undefined {
    const value = this.settings.get(key) as T | null | undefined;
    if (value === null || value === undefined) return undefined;
    this.known.set(key, value);
    return value;
  }

  set(key: string, value: unknown): void {
    const next = new Map(this.known);
    next.set(key, value);
    const bytes = byteLength(JSON.stringify(Object.fromEntries(next)));
    if (bytes > ROAMING_LIMIT_BYTES) throw new RoamingSettingsTooLargeError(bytes);
    this.settings.set(key, value);
    this.known.set(key, value);
  }

  remove(key: string): void {
    this.settings.remove(key);
    this.known.delete(key);
  }

  async save(): Promise<void> {
    let last: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        await callAsync<void>((cb) => this.settings.saveAsync(cb));
        return;
      } catch (e) {
        last = e;
        if (attempt < this.attempts) await this.sleep(250 * 2 ** (attempt - 1));
      }
    }
    throw new RoamingSaveError(`Saving roaming settings failed: ${(last as Error)?.message ?? 'unknown error'}`, this.attempts);
  }
}

const PLATFORMS: OfficePlatform[] = ['PC', 'Mac', 'OfficeOnline', 'iOS', 'Android', 'Universal'];

function asPlatform(value: unknown): OfficePlatform {
  return PLATFORMS.includes(value as OfficePlatform) ? (value as OfficePlatform) : 'Unknown';
}

/** Perceived lightness of a #rrggbb colour, 0..1. */
function lightness(color: string | null | undefined): number | null {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(color ?? '');
  if (!m) return null;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h ?? '0', 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function themeFrom(theme: Partial<Office.OfficeTheme> & { isDarkTheme?: boolean } | null | undefined): OfficeThemeInfo | null {
  if (!theme) return null;
  const bg = theme.bodyBackgroundColor ?? null;
  const l = lightness(bg);
  const isDark = typeof theme.isDarkTheme === 'boolean' ? theme.isDarkTheme : l !== null ? l < 0.5 : false;
  return { isDark, bodyBackgroundColor: bg, bodyForegroundColor: theme.bodyForegroundColor ?? null };
}

export function createOfficeEnv(office: OfficeLike, options: OfficeEnvOptions = {}): OfficeEnv {
  const context = office.context;
  const mailboxApi = context?.mailbox as Office.Mailbox | undefined;
  const diagnostics = (mailboxApi?.diagnostics ?? (context as { diagnostics?: Office.ContextInformation })?.diagnostics) as
    | { hostName?: string; hostVersion?: string; version?: string; platform?: unknown }
    | undefined;
  const info = options.readyInfo;
  const host: HostInfo = {
    host: info?.host ? String(info.host) : mailboxApi ? 'Outlook' : null,
    platform: asPlatform(info?.platform ?? (context as { platform?: unknown })?.platform ?? diagnostics?.platform),
    hostName: diagnostics?.hostName ?? null,
    hostVersion: diagnostics?.hostVersion ?? diagnostics?.version ?? null,
  };
  const roaming = new OfficeRoamingStore(context.roamingSettings, options);

  const displayLanguage = (context as { displayLanguage?: unknown }).displayLanguage;
  return {
    host,
    displayLanguage: typeof displayLanguage === 'string' && displayLanguage ? displayLanguage : null,
    roaming,
    mailbox(): MailboxIdentity | null {
      const profile = mailboxApi?.userProfile;
      if (!profile?.emailAddress) return null;
      return {
        emailAddress: profile.emailAddress,
        displayName: profile.displayName ?? '',
        accountType: (profile as { accountType?: string }).accountType ?? null,
      };
    },
    theme() {
      return themeFrom(context.officeTheme as Office.OfficeTheme & { isDarkTheme?: boolean });
    },
    onThemeChanged(listener) {
      if (!mailboxApi?.addHandlerAsync) return () => {};
      const type = office.EventType?.OfficeThemeChanged ?? ('officeThemeChanged' as unknown as Office.EventType);
      const handler = (args: { officeTheme?: Office.OfficeTheme }) => {
        const theme = themeFrom((args?.officeTheme ?? context.officeTheme) as Office.OfficeTheme);
        if (theme) listener(theme);
      };
      mailboxApi.addHandlerAsync(type, handler as (args: unknown) => void, () => {});
      return () => {
        mailboxApi.removeHandlerAsync?.(type, () => {});
      };
    },
    async notify(message: string, kind: NotificationKind = 'info') {
      const item = mailboxApi?.item as { notificationMessages?: Office.NotificationMessages } | null | undefined;
      const messages = item?.notificationMessages;
      if (!messages) return false;
      const details: Office.NotificationMessageDetails =
        kind === 'error'
          ? { type: office.MailboxEnums?.ItemNotificationMessageType?.ErrorMessage ?? ('errorMessage' as Office.MailboxEnums.ItemNotificationMessageType), message: message.slice(0, 150) }
          : {
              type: office.MailboxEnums?.ItemNotificationMessageType?.InformationalMessage ?? ('informationalMessage' as Office.MailboxEnums.ItemNotificationMessageType),
              message: message.slice(0, 150),
              icon: 'Icon.16',
              persistent: false,
            };
      try {
        await callAsync<void>((cb) => messages.replaceAsync('cloudsync', details, cb));
        return true;
      } catch {
        return false;
      }
    },
  };
}
