import { decideStart, readRoamingRecord, sessionExpired } from '../../src/taskpane/gate/decide';
import {
  chooseSessionStrategy,
  createDeviceStore,
  createSessionStore,
  DEVICE_KEY,
  SESSION_KEY,
} from '../../src/taskpane/gate/storage';
import type { DeviceRegistration, StoredSession } from '../../src/taskpane/gate/types';
import { FakeClock } from './gate-fakes';

class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    this.m.set(k, String(v));
  }
}

const clock = new FakeClock();
const iso = (ms: number) => new Date(clock.now() + ms).toISOString();
const user = { id: 'u', username: 'ada', displayName: 'Ada', email: null, role: 'user' as const, orgId: 'o', orgName: 'O' };
const device: DeviceRegistration = { registrationId: 'r1', mailbox: 'ada@contoso.com', accountHint: 'ada', createdAt: iso(0) };
const session: StoredSession = { token: 't', sessionId: 's1', expiresAt: iso(3600e3), idleExpiresAt: iso(600e3), mailbox: 'ada@contoso.com', registrationId: 'r1', user };

describe('decideStart', () => {
  const now = clock.now();
  it.each([
    ['no mailbox', { mailbox: null, device, session }, 'no-mailbox'],
    ['fresh device', { mailbox: 'ada@contoso.com', device: null, session: null }, 'password'],
    ['live session', { mailbox: 'ada@contoso.com', device, session }, 'resume'],
    ['registered, no session', { mailbox: 'ada@contoso.com', device, session: null }, 'device'],
    ['idle passed', { mailbox: 'ada@contoso.com', device, session: { ...session, idleExpiresAt: iso(-1) } }, 'device'],
    ['other mailbox', { mailbox: 'bob@contoso.com', device, session }, 'password'],
    ['session of another registration', { mailbox: 'ada@contoso.com', device, session: { ...session, registrationId: 'r0' } }, 'device'],
    ['unregistered session (registration failed)', { mailbox: 'ada@contoso.com', device: null, session: { ...session, registrationId: null } }, 'resume'],
  ] as const)('%s → %s', (_name, input, action) => {
    expect(decideStart({ now, ...input }).action).toBe(action);
  });

  it('reasons: mailbox-changed clears device and session; expired session says session-expired', () => {
    expect(decideStart({ now, mailbox: 'bob@contoso.com', device, session })).toEqual({ action: 'password', reason: 'mailbox-changed', clearDevice: true, clearSession: true });
    const d = decideStart({ now, mailbox: 'ada@contoso.com', device, session: { ...session, expiresAt: iso(-1) } });
    expect(d).toMatchObject({ action: 'device', reason: 'session-expired', clearSession: true });
    expect(decideStart({ now, mailbox: 'ada@contoso.com', device, session: null })).toMatchObject({ reason: 'new-session', clearSession: false });
  });

  it('sessionExpired treats unparseable dates as expired', () => {
    expect(sessionExpired({ expiresAt: 'x', idleExpiresAt: iso(1000) }, now)).toBe(true);
    expect(sessionExpired({ expiresAt: iso(1000), idleExpiresAt: iso(1000) }, now)).toBe(false);
  });

  it('readRoamingRecord accepts only a well-formed record of this mailbox', () => {
    const rec = { v: 1, registrationId: 'r1', accountHint: 'ada', mailbox: 'ada@contoso.com', sessionId: 's', verifiedAt: iso(0), expiresAt: iso(1) };
    expect(readRoamingRecord(rec, 'ADA@contoso.com')).toEqual(rec);
    expect(readRoamingRecord(rec, 'bob@contoso.com')).toBeNull();
    expect(readRoamingRecord({ ...rec, v: 2 }, 'ada@contoso.com')).toBeNull();
    expect(readRoamingRecord('junk', 'ada@contoso.com')).toBeNull();
  });
});

describe('per-host session detection', () => {
  it.each([
    [{ platform: 'OfficeOnline', hostName: 'OutlookWebApp' }, 'session-storage'],
    [{ platform: 'OfficeOnline', hostName: 'newOutlookWindows' }, 'session-storage'],
    [{ platform: 'PC', hostName: 'newOutlookWindows' }, 'session-storage'],
    [{ platform: 'PC', hostName: 'Outlook' }, 'leased-local-storage'],
    [{ platform: 'Mac', hostName: 'Outlook' }, 'leased-local-storage'],
    [{ platform: 'iOS', hostName: 'OutlookIOS' }, 'session-storage'],
    [{ platform: 'Unknown', hostName: null }, 'session-storage'],
  ] as const)('%j → %s', (host, strategy) => {
    expect(chooseSessionStrategy(host)).toBe(strategy);
  });

  it('web hosts keep the session in sessionStorage only', () => {
    const storages = { session: new MemoryStorage(), local: new MemoryStorage() };
    const { store } = createSessionStore({ platform: 'OfficeOnline', hostName: 'OutlookWebApp' }, storages, clock);
    store.save(session);
    expect(storages.session.getItem(SESSION_KEY)).not.toBeNull();
    expect(storages.local.length).toBe(0);
    expect(store.load()).toEqual(session);
  });

  it('desktop hosts lease the session in localStorage: gone after the lease without a heartbeat', () => {
    const c = new FakeClock();
    const storages = { session: new MemoryStorage(), local: new MemoryStorage() };
    const { store } = createSessionStore({ platform: 'PC', hostName: 'Outlook' }, storages, c, 10 * 60e3);
    store.save(session);
    c.advance(9 * 60e3);
    store.renew?.();
    c.advance(9 * 60e3);
    expect(store.load()).toEqual(session); // renewed: a pane stayed open
    c.advance(11 * 60e3);
    expect(store.load()).toBeNull(); // no pane for longer than the lease: a new Outlook session
    expect(storages.local.getItem(SESSION_KEY)).toBeNull();
  });

  it('ignores corrupt or foreign JSON in storage', () => {
    const local = new MemoryStorage();
    const devices = createDeviceStore(local);
    local.setItem(DEVICE_KEY, '{not json');
    expect(devices.load()).toBeNull();
    local.setItem(DEVICE_KEY, JSON.stringify({ registrationId: 1 }));
    expect(devices.load()).toBeNull();
    devices.save(device);
    expect(devices.load()).toEqual(device);
    devices.clear();
    expect(local.getItem(DEVICE_KEY)).toBeNull();
  });
});
