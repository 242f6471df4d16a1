/**
 * @jest-environment jsdom
 */
/** Office.context.partitionKey in front of every key the add-in stores (Outlook on the web, new Outlook). */
import { createDeviceStore, createSessionStore, DEVICE_KEY, partitionedStorage, SESSION_KEY } from '../../src/taskpane/gate/storage';
import { officePartitionKey } from '../../src/office/partition';
import { deviceKeyDatabaseName } from '../../src/taskpane/device-keys';

const registration = { registrationId: 'reg-1', mailbox: 'kim@contoso.example', accountHint: 'kim@contoso.example', createdAt: '2026-11-28T09:00:00.000Z' };

beforeEach(() => {
  window.localStorage.clear();
  window.sessionStorage.clear();
  delete (globalThis as { Office?: unknown }).Office;
});

test('two mailboxes in one browser (two partition keys) do not share a device registration', () => {
  const a = createDeviceStore(partitionedStorage(window.localStorage, 'partition-a'));
  const b = createDeviceStore(partitionedStorage(window.localStorage, 'partition-b'));
  a.save(registration);
  expect(a.load()).toEqual(registration);
  expect(b.load()).toBeNull();
  expect(window.localStorage.getItem(`partition-a${DEVICE_KEY}`)).not.toBeNull();
  expect(window.localStorage.getItem(DEVICE_KEY)).toBeNull();
});

test('a registration stored before partitioning is read once, then lives under the prefixed key', () => {
  window.localStorage.setItem(DEVICE_KEY, JSON.stringify(registration));
  const store = createDeviceStore(partitionedStorage(window.localStorage, 'partition-a'));
  expect(store.load()).toEqual(registration);
  expect(window.localStorage.getItem(DEVICE_KEY)).toBeNull();
  expect(JSON.parse(window.localStorage.getItem(`partition-a${DEVICE_KEY}`) ?? 'null')).toEqual(registration);
  // Another partition finds nothing left to take.
  expect(createDeviceStore(partitionedStorage(window.localStorage, 'partition-b')).load()).toBeNull();
});

test('sessions are partitioned too (web: sessionStorage), and clearing removes both spellings', () => {
  const session = { token: 't', sessionId: 's', expiresAt: 'x', idleExpiresAt: 'y', mailbox: 'kim@contoso.example', user: { id: 'u' } };
  const storages = { session: partitionedStorage(window.sessionStorage, 'p1'), local: partitionedStorage(window.localStorage, 'p1') };
  const { store } = createSessionStore({ platform: 'OfficeOnline', hostName: 'OutlookWebApp' }, storages, { now: () => 0 });
  store.save(session as never);
  expect(window.sessionStorage.getItem(`p1${SESSION_KEY}`)).not.toBeNull();
  expect(window.sessionStorage.getItem(SESSION_KEY)).toBeNull();
  window.sessionStorage.setItem(SESSION_KEY, 'left over');
  store.clear();
  expect(window.sessionStorage.getItem(`p1${SESSION_KEY}`)).toBeNull();
  expect(window.sessionStorage.getItem(SESSION_KEY)).toBeNull();
});

test('without a partition key (classic Windows, Mac) the keys are as before', () => {
  createDeviceStore(partitionedStorage(window.localStorage, null)).save(registration);
  expect(window.localStorage.getItem(DEVICE_KEY)).not.toBeNull();
  expect(deviceKeyDatabaseName(null)).toBe('cloudsync-device-keys');
  expect(deviceKeyDatabaseName('p1')).toBe('p1cloudsync-device-keys');
});

test('officePartitionKey reads Office.context.partitionKey, null where it is not defined', () => {
  expect(officePartitionKey()).toBeNull();
  (globalThis as { Office?: unknown }).Office = { context: {} };
  expect(officePartitionKey()).toBeNull();
  (globalThis as { Office?: unknown }).Office = { context: { partitionKey: 'abc' } };
  expect(officePartitionKey()).toBe('abc');
});
