/**
 * Where the session token and the "this Outlook session" marker live, per
 * host (the documented decision: docs/addin-session-detection.md).
 *
 * Office has no "session started" event. What survives exactly as long as
 * an Outlook session differs by host:
 *  - Outlook on the web and new Outlook (platform OfficeOnline / hostName
 *    OutlookWebApp or newOutlookWindows): the add-in runs in an iframe of the
 *    Outlook page; the add-in origin's sessionStorage lives as long as that
 *    browser tab / app window session. Closing and reopening the pane or
 *    moving between messages keeps it; a new browser session or a restarted
 *    new Outlook starts empty → a code.
 *  - Classic Outlook on Windows and Outlook on Mac (platform PC / Mac): each
 *    opening of the task pane gets a fresh web view, so sessionStorage does
 *    not outlive the pane. The session lives in the add-in origin's
 *    localStorage with a lease renewed while a pane is open (heartbeat);
 *    after `leaseMs` with no pane alive (Outlook closed, or pane closed that
 *    long) the next open counts as a new Outlook session → a code.
 * Everywhere, the server's idle and absolute limits still apply.
 */
import type { HostInfo } from '../../office/types';
import type { GateClock, KeyValueStore, StoredSession } from './types';

export const SESSION_KEY = 'cloudsync.session';
export const DEVICE_KEY = 'cloudsync.device';
/** Default lease for desktop hosts: a pane closed longer than this asks for a code again. */
export const DEFAULT_DESKTOP_LEASE_MS = 15 * 60 * 1000;

export type SessionStrategy = 'session-storage' | 'leased-local-storage';

export function chooseSessionStrategy(host: Pick<HostInfo, 'platform' | 'hostName'>): SessionStrategy {
  const hostName = (host.hostName ?? '').toLowerCase();
  if (host.platform === 'OfficeOnline' || hostName === 'outlookwebapp' || hostName === 'newoutlookwindows') return 'session-storage';
  if (host.platform === 'PC' || host.platform === 'Mac') return 'leased-local-storage';
  // Unknown or mobile: the strictest (code whenever the web view is new).
  return 'session-storage';
}

/** The part of Web Storage the stores use. */
export type StorageArea = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * A storage area whose keys carry Office's partition key (Microsoft's scheme:
 * partitionKey + key). A value stored before partitioning (unprefixed) is read
 * once, moved under the prefixed key and removed, so a device set up earlier
 * keeps its registration. Without a partition key: the area itself.
 */
export function partitionedStorage(storage: StorageArea, partitionKey: string | null): StorageArea {
  if (!partitionKey) return storage;
  const prefixed = (key: string) => `${partitionKey}${key}`;
  return {
    getItem(key) {
      const value = storage.getItem(prefixed(key));
      if (value !== null) return value;
      const legacy = storage.getItem(key);
      if (legacy === null) return null;
      try {
        storage.setItem(prefixed(key), legacy);
        storage.removeItem(key);
      } catch {
        // Storage full or blocked: read it as it is this time.
      }
      return legacy;
    },
    setItem(key, value) {
      storage.setItem(prefixed(key), value);
    },
    removeItem(key) {
      storage.removeItem(prefixed(key));
      storage.removeItem(key);
    },
  };
}

/** A JSON value under one key of a Web Storage area. */
export class StorageStore<T> implements KeyValueStore<T> {
  constructor(private readonly storage: StorageArea, private readonly key: string, private readonly isValid: (v: unknown) => v is T) {}
  load(): T | null {
    try {
      const raw = this.storage.getItem(this.key);
      if (!raw) return null;
      const value: unknown = JSON.parse(raw);
      return this.isValid(value) ? value : null;
    } catch {
      return null;
    }
  }
  save(value: T): void {
    try {
      this.storage.setItem(this.key, JSON.stringify(value));
    } catch {
      // Storage full or blocked: the pane still works for this load.
    }
  }
  clear(): void {
    try {
      this.storage.removeItem(this.key);
    } catch {
      // ignore
    }
  }
}

interface Leased<T> {
  value: T;
  leaseUntil: number;
}

/** A session in localStorage that is only good while its lease is renewed. */
export class LeasedStore<T> implements KeyValueStore<T> {
  constructor(
    private readonly inner: KeyValueStore<Leased<T>>,
    private readonly clock: GateClock,
    private readonly leaseMs = DEFAULT_DESKTOP_LEASE_MS,
  ) {}
  load(): T | null {
    const leased = this.inner.load();
    if (!leased) return null;
    if (this.clock.now() > leased.leaseUntil) {
      this.inner.clear();
      return null;
    }
    return leased.value;
  }
  save(value: T): void {
    this.inner.save({ value, leaseUntil: this.clock.now() + this.leaseMs });
  }
  clear(): void {
    this.inner.clear();
  }
  /** Heartbeat while a pane is open. */
  renew(): void {
    const value = this.load();
    if (value !== null) this.save(value);
  }
}

export function isStoredSession(v: unknown): v is StoredSession {
  const s = v as StoredSession;
  return !!s && typeof s.token === 'string' && typeof s.sessionId === 'string' && typeof s.expiresAt === 'string' &&
    typeof s.idleExpiresAt === 'string' && typeof s.mailbox === 'string' && typeof s.user === 'object' && s.user !== null;
}

function isLeased(v: unknown): v is Leased<StoredSession> {
  const l = v as Leased<StoredSession>;
  return !!l && typeof l.leaseUntil === 'number' && isStoredSession(l.value);
}

export interface SessionStoreChoice {
  strategy: SessionStrategy;
  store: KeyValueStore<StoredSession> & { renew?: () => void };
}

export function createSessionStore(
  host: Pick<HostInfo, 'platform' | 'hostName'>,
  storages: { session: StorageArea; local: StorageArea },
  clock: GateClock,
  leaseMs = DEFAULT_DESKTOP_LEASE_MS,
): SessionStoreChoice {
  const strategy = chooseSessionStrategy(host);
  if (strategy === 'session-storage') {
    return { strategy, store: new StorageStore(storages.session, SESSION_KEY, isStoredSession) };
  }
  return { strategy, store: new LeasedStore(new StorageStore(storages.local, SESSION_KEY, isLeased), clock, leaseMs) };
}

export function isDeviceRegistration(v: unknown): v is import('./types').DeviceRegistration {
  const d = v as import('./types').DeviceRegistration;
  return !!d && typeof d.registrationId === 'string' && typeof d.mailbox === 'string' &&
    typeof d.accountHint === 'string';
}

export function createDeviceStore(local: StorageArea): KeyValueStore<import('./types').DeviceRegistration> {
  return new StorageStore(local, DEVICE_KEY, isDeviceRegistration);
}
