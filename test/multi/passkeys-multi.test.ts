/**
 * Passkeys across two real API server processes on one PostgreSQL database,
 * behind one PUBLIC_URL: WebAuthn challenges live in the database, so a
 * challenge made on instance A is answered on instance B (registration and
 * sign-in), and once answered it is spent for both. Real WebAuthn: headless
 * Chromium's virtual authenticator on a page at PUBLIC_URL's origin (the load
 * balancer's address; the API calls go straight to each instance).
 * Only in the PostgreSQL pass (TEST_DATABASE_URL).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openStore, type Store } from '../../src/server/db/database';
import { createServices, type Services } from '../../src/server/services';
import { ApiClient, ApiError } from '../../src/shared/api-client';
import { PasskeyClient } from '../../src/shared/passkey-client';
import type { PasskeyAddRequest, PasskeySignInRequest } from '../../src/shared/passkey-schemas';
import { launchChromium } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { addVirtualAuthenticator, createInPage, getInPage } from '../helpers/virtual-authenticator';
import { assertBuilt, runMigrate, startInstance, stopAll, type Instance } from './instances';

const pgUrl = process.env.TEST_DATABASE_URL;
const describePg = pgUrl ? describe : describe.skip;

const operator = { ip: null, userAgent: 'multi-instance-test', clientType: null, actorId: null };

describePg('passkeys on two API instances behind one PUBLIC_URL', () => {
  let database: TestDatabase;
  let store: Store;
  let services: Services;
  let a: Instance;
  let b: Instance;
  let front: http.Server;
  let browser: Browser;
  let page: Page;
  let orgId: string;
  const secretKeyHex = crypto.randomBytes(32).toString('hex');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-passkeys-multi-'));

  beforeAll(async () => {
    assertBuilt();
    database = await createTestDatabase(tmp);
    if (database.config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    expect(runMigrate(database.config.url, secretKeyHex).status).toBe(0);
    // The address users open (a load balancer in production): here, a blank page to run WebAuthn on.
    front = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>AXIS CloudSync</title>'));
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const publicUrl = `http://localhost:${(front.address() as AddressInfo).port}`;
    const env = { MIGRATE_ON_START: 'off', PUBLIC_URL: publicUrl, LIMIT_PASSWORD_PER_IP: '100000' };
    [a, b] = await Promise.all([
      startInstance({ name: 'pk-a', databaseUrl: database.config.url, secretKeyHex, env }),
      startInstance({ name: 'pk-b', databaseUrl: database.config.url, secretKeyHex, env }),
    ]);
    store = await openStore(database.config);
    services = createServices({ db: store.db, secretKey: Buffer.from(secretKeyHex, 'hex') });
    orgId = (await services.administration.createOrg(`Passkeys ${crypto.randomUUID().slice(0, 6)}`, {}, operator)).id;
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    await addVirtualAuthenticator(page);
    await page.goto(`${publicUrl}/`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    front?.close();
    await stopAll();
    await store?.close();
    await database?.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const passkeysOn = (instance: Instance, token: string | null = null) => {
    const api = new ApiClient({ baseUrl: instance.baseUrl });
    api.setToken(token);
    return new PasskeyClient(api);
  };

  test('a passkey registered with a challenge from A is stored by B; a sign-in challenge from B is answered on A, once', async () => {
    const username = `pk-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const password = `correct horse ${crypto.randomUUID()}`;
    await services.administration.createUser({ orgId, username, password }, operator);
    const first = await new ApiClient({ baseUrl: a.baseUrl }).signInWithPassword({ username, password });
    expect(first.next).toBe('done');
    const token = first.session!.token;
    const onA = new ApiClient({ baseUrl: a.baseUrl });
    onA.setToken(token);
    await onA.stepUp({ password });

    // Registration: options (challenge) from A, the new credential to B.
    const { options: creation } = await passkeysOn(a, token).registrationOptions();
    const created = await createInPage(page, creation);
    const { passkey } = await passkeysOn(b, token).add({ name: 'Shared laptop', response: created as unknown as PasskeyAddRequest['response'] });
    expect(passkey.name).toBe('Shared laptop');

    // Sign-in without a username: options from B, the answer to A.
    const { options: request } = await passkeysOn(b).signInOptions();
    const answer = { response: (await getInPage(page, request)) as unknown as PasskeySignInRequest['response'] };
    const signedIn = await passkeysOn(a).signIn(answer);
    expect(signedIn.next).toBe('done');
    const me = new ApiClient({ baseUrl: b.baseUrl });
    me.setToken(signedIn.session!.token);
    expect((await me.me()).user.username).toBe(username);

    // The same answer again, on the other instance: the challenge is spent for both.
    const replay = await passkeysOn(b).signIn(answer).catch((error: unknown) => error);
    expect(replay).toBeInstanceOf(ApiError);
    expect((replay as ApiError).code).toBe('passkey_refused');
    const left = await store.db.selectFrom('webauthn_challenges').select('challenge').where('challenge', '=', (request as { challenge: string }).challenge).executeTakeFirst();
    expect(left).toBeUndefined();
  });
});
