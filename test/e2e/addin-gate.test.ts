/**
 * The seven behaviours of the add-in gate (DESIGN.md), in headless Chromium
 * against the real server and the real production bundle, with Outlook
 * replaced by a test double.
 */
import { createOrg, createUser, operator, startTestServer, type TestServer, type TestUser } from '../helpers/server';
import { codeFor, enrollTotp } from '../helpers/totp';
import { Device, OutlookCloud, storedKey, type Pane } from './addin-harness';
import { paneSuite } from './pane-suite';

jest.setTimeout(60_000);

const suite = paneSuite(startTestServer);
const { newDevice, advance } = suite;
let server: TestServer;
beforeAll(() => {
  server = suite.server;
});

/** A fresh authenticator code (each 30-second step is accepted once). */
async function freshCode(secret: string): Promise<string> {
  await advance(30_000);
  return codeFor(secret, server.clock.now());
}

/** The user's registrations, asked through the API with the pane's own session. */
async function registrationsOf(pane: Pane) {
  const stored = await pane.page.evaluate((key) => sessionStorage.getItem(key), storedKey(pane.cfg, 'cloudsync.session'));
  const client = server.client();
  client.setToken((JSON.parse(stored ?? '{}') as { token?: string }).token ?? null);
  return (await client.registrations()).registrations;
}

interface Person {
  user: TestUser;
  secret: string;
  email: string;
}

async function person(): Promise<Person> {
  const org = await createOrg(server);
  const user = await createUser(server, org);
  const { secret } = await enrollTotp(server, user);
  return { user, secret, email: user.username };
}

/** Behaviour 1: first use → password + code → registered. */
async function register(cloud: OutlookCloud, p: Person, shots = false): Promise<{ device: Device; pane: Pane }> {
  const device = await newDevice(cloud);
  const pane = await device.open({ email: p.email });
  await pane.waitForView('sign-in');
  if (shots) await pane.screenshot('01-sign-in');
  await pane.signIn(p.user.username, p.user.password);
  await pane.waitForView('code');
  if (shots) await pane.screenshot('02-code-prompt');
  await pane.enterCode(await freshCode(p.secret));
  await pane.waitForView('signed-in');
  return { device, pane };
}

describe('add-in gate in the browser', () => {
  it('1. first use registers the device after password + code; the roaming record holds no secret', async () => {
    const cloud = new OutlookCloud();
    const p = await person();
    const { pane } = await register(cloud, p, true);
    await pane.page.getByTestId('devices').waitFor();
    await pane.screenshot('03-signed-in');
    expect(await pane.page.getByTestId('account-name').innerText()).toBeTruthy();
    expect(await pane.page.getByTestId('devices').innerText()).toContain('(this device)');

    expect(await registrationsOf(pane)).toHaveLength(1);

    const record = cloud.roamingOf(p.email)['cloudsync.verification'] as Record<string, unknown>;
    expect(record).toMatchObject({ v: 1, mailbox: p.email.toLowerCase(), accountHint: p.user.username });
    const local = await pane.page.evaluate(() => ({ ...localStorage }));
    const session = await pane.page.evaluate(() => ({ ...sessionStorage }));
    // Outlook on the web: every key carries Office's partition key.
    expect(local['cloudsync.device']).toBeUndefined();
    const device = JSON.parse(local[storedKey(pane.cfg, 'cloudsync.device')] ?? '{}') as { registrationId: string };
    const token = (JSON.parse(session[storedKey(pane.cfg, 'cloudsync.session')] ?? '{}') as { token: string }).token;
    // No device secret anywhere: the proof is a private key in IndexedDB that cannot be read out.
    expect(Object.keys(device).sort()).toEqual(['accountHint', 'createdAt', 'mailbox', 'registrationId']);
    expect(record.registrationId).toBe(device.registrationId);
    const key = await pane.page.evaluate(async ({ id, name }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const stored = await new Promise<CryptoKey>((resolve, reject) => {
        const get = db.transaction('keys', 'readonly').objectStore('keys').get(id);
        get.onsuccess = () => resolve(get.result as CryptoKey);
        get.onerror = () => reject(get.error);
      });
      const exported = await crypto.subtle.exportKey('jwk', stored).then(() => 'exported', (e: Error) => e.name);
      return { type: stored.type, extractable: stored.extractable, algorithm: (stored.algorithm as EcKeyAlgorithm).namedCurve, exported };
    }, { id: device.registrationId, name: storedKey(pane.cfg, 'cloudsync-device-keys') });
    expect(key).toEqual({ type: 'private', extractable: false, algorithm: 'P-256', exported: 'InvalidAccessError' });
    const row = await pane.device.server.store.db.selectFrom('registrations').select(['public_key', 'secret_hash']).where('id', '=', device.registrationId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.public_key!)).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(row.secret_hash).toBe('');
    const roamingText = JSON.stringify(cloud.roamingOf(p.email));
    expect(roamingText).not.toContain(token);
    expect(roamingText).not.toContain(JSON.parse(row.public_key!).x);
  });

  it('2. reopening the pane in the same Outlook session does not prompt', async () => {
    const cloud = new OutlookCloud();
    const p = await person();
    const { pane } = await register(cloud, p);
    await advance(5 * 60_000);
    await pane.reopen();
    await pane.waitForView('signed-in');
    expect(pane.apiCalls.filter((c) => c.includes('/auth/'))).toEqual([]);
    expect(pane.apiCalls).toContain('GET /api/v1/me');
  });

  it('3. a new Outlook session asks for a code only', async () => {
    const cloud = new OutlookCloud();
    const p = await person();
    const { device, pane } = await register(cloud, p);
    await pane.close();
    const next = await device.open({ email: p.email });
    await next.waitForView('code');
    await next.screenshot('04-new-session-code');
    expect(await next.page.getByLabel('Password').count()).toBe(0);
    expect(await next.page.getByText('New Outlook session').count()).toBe(1);
    await next.enterCode(await freshCode(p.secret));
    await next.waitForView('signed-in');
    expect(next.apiCalls.filter((c) => c.includes('/auth/'))).toEqual(['POST /api/v1/auth/device/challenge', 'POST /api/v1/auth/device', 'POST /api/v1/auth/verify']);
    expect(await registrationsOf(next)).toHaveLength(1);
  });

  it('4. past the idle limit, reopening asks for a code', async () => {
    const cloud = new OutlookCloud();
    const p = await person();
    const { pane } = await register(cloud, p);
    await pane.hide(); // pane closed; this tab (Outlook session) stays
    await advance(61 * 60_000);
    await pane.reopen();
    await pane.waitForView('code');
    await pane.screenshot('09-session-expired-code');
    expect(await pane.page.getByText('Your AXIS CloudSync session ended').count()).toBe(1);
    await pane.enterCode(await freshCode(p.secret));
    await pane.waitForView('signed-in');
  });

  it('5. after a password change a new session asks for password + code', async () => {
    const cloud = new OutlookCloud();
    const p = await person();
    const { device, pane } = await register(cloud, p);
    const newPassword = `${p.user.password} changed`;
    await server.services.administration.setPassword(p.user.username, newPassword, operator);
    await pane.close();
    const next = await device.open({ email: p.email });
    await next.waitForView('sign-in');
    await next.screenshot('05-credentials-changed');
    expect(await next.page.getByText('Your AXIS CloudSync password or Two-Step Authentication changed').count()).toBe(1);
    await next.signIn(p.user.username, newPassword);
    await next.enterCode(await freshCode(p.secret));
    await next.waitForView('signed-in');
  });

  it('5b. the same tab also refuses the old session after a password change', async () => {
    const cloud = new OutlookCloud();
    const p = await person();
    const { pane } = await register(cloud, p);
    await server.services.administration.setPassword(p.user.username, `${p.user.password}!`, operator);
    await pane.reopen();
    await pane.waitForView('sign-in');
  });

  it('5c. a different mailbox than the registered one asks for password + code', async () => {
    const cloud = new OutlookCloud();
    const p = await person();
    const { device, pane } = await register(cloud, p);
    await pane.close();
    // Same partition (Outlook gives the add-in the same Office.context.partitionKey): the gate's own mailbox check.
    const other = await device.open({ email: `other-${p.email}`, partitionKey: pane.cfg.partitionKey });
    await other.waitForView('sign-in');
    await other.screenshot('06-mailbox-changed');
    expect(await other.page.getByText('Outlook now shows a different mailbox').count()).toBe(1);
    expect(other.apiCalls).toEqual([]);
  });

  it('5d. another account in the same browser (another partition key) shares nothing with the registered one', async () => {
    const cloud = new OutlookCloud();
    const p = await person();
    const { device, pane } = await register(cloud, p);
    const registered = await pane.page.evaluate((key) => localStorage.getItem(key), storedKey(pane.cfg, 'cloudsync.device'));
    expect(registered).not.toBeNull();
    await pane.close();
    const other = await device.open({ email: `other-${p.email}` });
    expect(other.cfg.partitionKey).not.toBe(pane.cfg.partitionKey);
    await other.waitForView('sign-in');
    // No registration in this partition: a plain first sign-in, not "a different mailbox".
    expect(await other.page.getByText('Outlook now shows a different mailbox').count()).toBe(0);
    expect(await other.page.evaluate((key) => localStorage.getItem(key), storedKey(other.cfg, 'cloudsync.device'))).toBeNull();
    expect(await other.page.evaluate((key) => localStorage.getItem(key), storedKey(pane.cfg, 'cloudsync.device'))).toBe(registered);
  });

  it('6. a roaming record copied to a fresh device grants nothing', async () => {
    const cloud = new OutlookCloud();
    const p = await person();
    await register(cloud, p);
    expect(cloud.roamingOf(p.email)['cloudsync.verification']).toBeDefined();
    const fresh = await newDevice(cloud); // same mailbox, so the same roaming settings
    const pane = await fresh.open({ email: p.email });
    await pane.waitForView('sign-in');
    expect(await pane.page.getByLabel('Username').inputValue()).toBe(p.user.username);
    expect(pane.apiCalls).toEqual([]);
    await pane.screenshot('07-copied-record');
  });

  it('7. server unreachable: a clear message and Try again, then recovery; never cached access', async () => {
    const cloud = new OutlookCloud();
    const p = await person();
    const { device, pane } = await register(cloud, p);
    await device.context.route('**/api/**', (route) => route.abort('connectionrefused'));
    await pane.reopen(); // even with a live session in this Outlook session
    await pane.waitForView('unreachable');
    await pane.screenshot('08-unreachable');
    expect(await pane.page.getByText("Can't reach AXIS CloudSync").count()).toBe(1);
    await pane.page.getByRole('button', { name: 'Try again' }).click();
    await pane.waitForView('unreachable');
    await device.context.unroute('**/api/**');
    await pane.page.getByRole('button', { name: 'Try again' }).click();
    await pane.waitForView('signed-in');
  });
});
