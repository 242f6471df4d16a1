/**
 * The device's signing keys in the browser: WebCrypto ECDSA P-256 key pairs
 * made non-extractable, kept in the add-in origin's IndexedDB (which stores
 * CryptoKey objects as they are). Script on this origin can ask for a
 * signature while the pane runs, but nobody can read the private key out, so
 * a copied storage or roaming record proves nothing elsewhere.
 */
import { deviceProofAlgorithm } from '../shared/device-proof';
import type { DeviceKeyPort } from './gate/types';

const DATABASE = 'cloudsync-device-keys';
const STORE = 'keys';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function base64url(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function openDatabase(idb: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const open = idb.open(name, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('IndexedDB is not available'));
  });
}

/** The key store's name: Office's partition key (Outlook on the web, new Outlook) in front, as for every stored key. */
export function deviceKeyDatabaseName(partitionKey: string | null): string {
  return partitionKey ? `${partitionKey}${DATABASE}` : DATABASE;
}

export function createWebDeviceKeys(
  subtle: SubtleCrypto = globalThis.crypto.subtle,
  idb: IDBFactory = globalThis.indexedDB,
  partitionKey: string | null = null,
): DeviceKeyPort {
  let opened: Promise<IDBDatabase> | null = null;
  const database = () => {
    opened ??= openDatabase(idb, deviceKeyDatabaseName(partitionKey));
    opened.catch(() => (opened = null)); // a later call may try again
    return opened;
  };
  const store = async (mode: IDBTransactionMode) => (await database()).transaction(STORE, mode).objectStore(STORE);
  /** A key made before partitioning (unprefixed store): moved into the partitioned store at its first use. */
  const adoptLegacy = async (registrationId: string): Promise<CryptoKey | undefined> => {
    if (!partitionKey) return undefined;
    const legacy = await openDatabase(idb, DATABASE);
    try {
      const key = (await request(legacy.transaction(STORE, 'readonly').objectStore(STORE).get(registrationId))) as CryptoKey | undefined;
      if (!key) return undefined;
      await request((await store('readwrite')).put(key, registrationId));
      await request(legacy.transaction(STORE, 'readwrite').objectStore(STORE).delete(registrationId));
      return key;
    } finally {
      legacy.close();
    }
  };
  const reads = new Map<string, Promise<CryptoKey | undefined>>();
  const read = (registrationId: string) => {
    let key = reads.get(registrationId);
    if (!key) {
      key = store('readonly')
        .then((s) => request(s.get(registrationId)) as Promise<CryptoKey | undefined>)
        .then((found) => found ?? adoptLegacy(registrationId));
      reads.set(registrationId, key);
      key.catch(() => reads.delete(registrationId));
    }
    return key;
  };

  return {
    async create() {
      // Storage first: where IndexedDB is blocked, fail before the server makes a registration nobody could use.
      await database();
      const { name, namedCurve } = deviceProofAlgorithm;
      const pair = (await subtle.generateKey({ name, namedCurve }, false, ['sign', 'verify'])) as CryptoKeyPair;
      const jwk = await subtle.exportKey('jwk', pair.publicKey);
      if (!jwk.x || !jwk.y) throw new Error('The browser made an unusable key.');
      return {
        publicKey: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y },
        keep: async (registrationId) => {
          reads.delete(registrationId);
          await request((await store('readwrite')).put(pair.privateKey, registrationId));
        },
      };
    },
    preload(registrationId) {
      read(registrationId).catch(() => undefined);
    },
    async sign(registrationId, message) {
      const key = await read(registrationId);
      if (!key) return null;
      const { name, hash } = deviceProofAlgorithm;
      return base64url(await subtle.sign({ name, hash }, key, message));
    },
    async forget(registrationId) {
      reads.delete(registrationId);
      await request((await store('readwrite')).delete(registrationId));
    },
  };
}
