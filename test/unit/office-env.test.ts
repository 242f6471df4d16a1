// office-addin-mock needs only the OfficeApp enum from office-addin-manifest, whose
// full import chain ships ESM that jest's CommonJS runtime cannot load.
jest.mock('office-addin-manifest', () => ({
  OfficeApp: { Excel: 'excel', OneNote: 'onenote', Outlook: 'outlook', PowerPoint: 'powerpoint', Project: 'project', Word: 'word' },
}));
import { OfficeMockObject } from 'office-addin-mock';
import { createOfficeEnv, themeFrom } from '../../src/office/office-env';
import { ROAMING_LIMIT_BYTES, RoamingSaveError, RoamingSettingsTooLargeError } from '../../src/office/types';

type Callback = (r: { status: string; value?: unknown; error?: { message: string; code: number } }) => void;

/** Outlook mock data: roaming settings whose saveAsync fails `failSaves` times first. */
function outlookMock(opts: { failSaves?: number; item?: boolean; theme?: Record<string, unknown>; displayLanguage?: string } = {}) {
  const store: Record<string, unknown> = {};
  const persisted: Record<string, unknown>[] = [];
  const notifications: { key: string; details: Record<string, unknown> }[] = [];
  const handlers: { type: string; handler: (args: unknown) => void }[] = [];
  let failSaves = opts.failSaves ?? 0;
  const data = {
    context: {
      platform: 'PC',
      ...(opts.displayLanguage ? { displayLanguage: opts.displayLanguage } : {}),
      officeTheme: opts.theme ?? { bodyBackgroundColor: '#ffffff', bodyForegroundColor: '#000000' },
      roamingSettings: {
        get: (k: string) => (k in store ? store[k] : null),
        set: (k: string, v: unknown) => {
          store[k] = v;
        },
        remove: (k: string) => {
          delete store[k];
        },
        saveAsync: (cb: Callback) => {
          if (failSaves > 0) {
            failSaves--;
            cb({ status: 'failed', error: { message: 'Transient save error', code: 9017 } });
          } else {
            persisted.push({ ...store });
            cb({ status: 'succeeded' });
          }
        },
      },
      mailbox: {
        userProfile: { emailAddress: 'ada@contoso.com', displayName: 'Ada Lovelace', accountType: 'office365' },
        diagnostics: { hostName: 'Outlook', hostVersion: '16.0.17000' },
        ...(opts.item === false
          ? {}
          : { item: {
              notificationMessages: {
                replaceAsync: (key: string, details: Record<string, unknown>, cb: Callback) => {
                  notifications.push({ key, details });
                  cb({ status: 'succeeded' });
                },
              },
            } }),
        addHandlerAsync: (type: string, handler: (args: unknown) => void, cb?: Callback) => {
          handlers.push({ type, handler });
          cb?.({ status: 'succeeded' });
        },
        removeHandlerAsync: (type: string, cb?: Callback) => {
          const i = handlers.findIndex((h) => h.type === type);
          if (i >= 0) handlers.splice(i, 1);
          cb?.({ status: 'succeeded' });
        },
      },
    },
    EventType: { OfficeThemeChanged: 'officeThemeChanged' },
    MailboxEnums: { ItemNotificationMessageType: { InformationalMessage: 'informationalMessage', ErrorMessage: 'errorMessage' } },
  };
  const office = new OfficeMockObject(data, 'outlook' as never) as unknown as typeof Office;
  return { office, store, persisted, notifications, handlers };
}

const noSleep = async () => {};

describe('office adapter (office-addin-mock, host outlook)', () => {
  it('reads mailbox identity and host info', () => {
    const { office } = outlookMock();
    const env = createOfficeEnv(office, { readyInfo: { host: 'Outlook', platform: 'PC' } });
    expect(env.mailbox()).toEqual({ emailAddress: 'ada@contoso.com', displayName: 'Ada Lovelace', accountType: 'office365' });
    expect(env.host).toEqual({ host: 'Outlook', platform: 'PC', hostName: 'Outlook', hostVersion: '16.0.17000' });
  });

  it("displayLanguage: Outlook's UI language, null when the host does not say", () => {
    expect(createOfficeEnv(outlookMock({ displayLanguage: 'es-MX' }).office).displayLanguage).toBe('es-MX');
    expect(createOfficeEnv(outlookMock().office).displayLanguage).toBeNull();
  });

  it('roaming settings: get/set/remove and save persists', async () => {
    const { office, persisted } = outlookMock();
    const env = createOfficeEnv(office, { sleep: noSleep });
    expect(env.roaming.get('k')).toBeUndefined();
    env.roaming.set('k', { a: 1 });
    expect(env.roaming.get('k')).toEqual({ a: 1 });
    await env.roaming.save();
    expect(persisted).toEqual([{ k: { a: 1 } }]);
    env.roaming.remove('k');
    await env.roaming.save();
    expect(persisted[1]).toEqual({});
  });

  it('roaming settings: refuses to go over 32 KB and leaves the old value', () => {
    const { office } = outlookMock();
    const env = createOfficeEnv(office);
    env.roaming.set('small', 'x');
    expect(() => env.roaming.set('big', 'y'.repeat(ROAMING_LIMIT_BYTES))).toThrow(RoamingSettingsTooLargeError);
    expect(env.roaming.get('big')).toBeUndefined();
    expect(env.roaming.get('small')).toBe('x');
    // counts UTF-8 bytes, not characters
    expect(() => env.roaming.set('wide', 'é'.repeat(ROAMING_LIMIT_BYTES / 2))).toThrow(RoamingSettingsTooLargeError);
  });

  it('roaming settings: retries transient save failures', async () => {
    const { office, persisted } = outlookMock({ failSaves: 2 });
    const waits: number[] = [];
    const env = createOfficeEnv(office, { sleep: async (ms) => void waits.push(ms) });
    env.roaming.set('k', 1);
    await env.roaming.save();
    expect(persisted).toHaveLength(1);
    expect(waits).toEqual([250, 500]);
  });

  it('roaming settings: gives up after the attempts with RoamingSaveError', async () => {
    const { office, persisted } = outlookMock({ failSaves: 5 });
    const env = createOfficeEnv(office, { sleep: noSleep, saveAttempts: 3 });
    env.roaming.set('k', 1);
    await expect(env.roaming.save()).rejects.toBeInstanceOf(RoamingSaveError);
    expect(persisted).toHaveLength(0);
  });

  it('notifications: replaces the add-in message on the current item', async () => {
    const { office, notifications } = outlookMock();
    const env = createOfficeEnv(office);
    await expect(env.notify('Signed out of AXIS CloudSync.')).resolves.toBe(true);
    expect(notifications).toEqual([
      { key: 'cloudsync', details: { type: 'informationalMessage', message: 'Signed out of AXIS CloudSync.', icon: 'Icon.16', persistent: false } },
    ]);
    await env.notify('x'.repeat(400), 'error');
    expect(notifications[1]?.details).toEqual({ type: 'errorMessage', message: 'x'.repeat(150) });
  });

  it('notifications: false when no item is selected', async () => {
    const { office } = outlookMock({ item: false });
    await expect(createOfficeEnv(office).notify('hi')).resolves.toBe(false);
  });

  it('theme: light/dark from Office, and OfficeThemeChanged', () => {
    const { office, handlers } = outlookMock({ theme: { bodyBackgroundColor: '#1f1f1f', bodyForegroundColor: '#ffffff' } });
    const env = createOfficeEnv(office);
    expect(env.theme()?.isDark).toBe(true);
    const seen: boolean[] = [];
    const off = env.onThemeChanged((t) => seen.push(t.isDark));
    expect(handlers.map((h) => h.type)).toEqual(['officeThemeChanged']);
    handlers[0]!.handler({ officeTheme: { bodyBackgroundColor: '#fafafa' } });
    expect(seen).toEqual([false]);
    off();
    expect(handlers).toHaveLength(0);
  });

  it('themeFrom prefers isDarkTheme when the host gives it', () => {
    expect(themeFrom({ bodyBackgroundColor: '#ffffff', isDarkTheme: true })?.isDark).toBe(true);
    expect(themeFrom({ bodyBackgroundColor: '#000000' })?.isDark).toBe(true);
    expect(themeFrom(null)).toBeNull();
  });
});
