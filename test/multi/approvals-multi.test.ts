/**
 * "Approve with a passkey in your browser" across two real API server processes on one PostgreSQL
 * database, behind one PUBLIC_URL: the approval request lives in the database, so the pane asks on
 * instance A, the approval page talks to B and A in turn, and the pane collects its session on A — once.
 * Real WebAuthn: headless Chromium's virtual authenticator on a page at PUBLIC_URL's origin.
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
import { ApprovalClient } from '../../src/shared/approval-client';
import { PasskeyClient } from '../../src/shared/passkey-client';
import type { PasskeyAddRequest } from '../../src/shared/passkey-schemas';
import { launchChromium } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { codeFor } from '../helpers/totp';
import { addVirtualAuthenticator, createInPage, getInPage } from '../helpers/virtual-authenticator';
import { assertBuilt, runMigrate, startInstance, stopAll, type Instance } from './instances';

const pgUrl = process.env.TEST_DATABASE_URL;
const describePg = pgUrl ? describe : describe.skip;

const operator = { ip: null, userAgent: 'multi-instance-test', clientType: null, actorId: null };

describePg('approval in the browser on two API instances behind one PUBLIC_URL', () => {
  let database: TestDatabase;
  let store: Store;
  let services: Services;
  let a: Instance;
  let b: Instance;
  let front: http.Server;
  let browser: Browser;
  let page: Page;
  let publicUrl: string;
  const secretKeyHex = crypto.randomBytes(32).toString('hex');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-approvals-multi-'));

  beforeAll(async () => {
    assertBuilt();
    database = await createTestDatabase(tmp);
    if (database.config.kind !== 'postgres') throw new Error('expected PostgreSQL');
    expect(runMigrate(database.config.url, secretKeyHex).status).toBe(0);
    front = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>AXIS CloudSync</title>'));
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    publicUrl = `http://localhost:${(front.address() as AddressInfo).port}`;
    const env = { MIGRATE_ON_START: 'off', PUBLIC_URL: publicUrl, LIMIT_PASSWORD_PER_IP: '100000' };
    [a, b] = await Promise.all([
      startInstance({ name: 'ap-a', databaseUrl: database.config.url, secretKeyHex, env }),
      startInstance({ name: 'ap-b', databaseUrl: database.config.url, secretKeyHex, env }),
    ]);
    store = await openStore(database.config);
    services = createServices({ db: store.db, secretKey: Buffer.from(secretKeyHex, 'hex') });
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

  const on = (instance: Instance, token: string | null = null) => {
    const api = new ApiClient({ baseUrl: instance.baseUrl });
    api.setToken(token);
    return api;
  };

  test('asked on A, the page on B and A, approved on B, the session collected on A once', async () => {
    const orgId = (await services.administration.createOrg(`Approvals ${crypto.randomUUID().slice(0, 6)}`, {}, operator)).id;
    const username = `ap-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const password = `correct horse ${crypto.randomUUID()}`;
    await services.administration.createUser({ orgId, username, password }, operator);
    // An authenticator app and a passkey, from a stepped-up session.
    const first = await on(a).signInWithPassword({ username, password });
    const token = first.session!.token;
    await on(a, token).stepUp({ password });
    const totp = await on(a, token).startTotpEnrollment({}, token);
    await on(a, token).confirmEnrollment({ factorId: totp.factorId, code: codeFor(totp.secret, Date.now()) }, token);
    const { options: creation } = await new PasskeyClient(on(a, token)).registrationOptions();
    const created = await createInPage(page, creation);
    await new PasskeyClient(on(b, token)).add({ name: 'Laptop', response: created as unknown as PasskeyAddRequest['response'] });

    // The pane's password step on A, then its approval request on A.
    const pending = await on(a).signInWithPassword({ username, password, client: { type: 'outlook-addin', host: 'OutlookWebApp', mailbox: username } });
    expect(pending).toMatchObject({ next: 'verify', passkey: true });
    const request = await new ApprovalClient(on(a)).create(pending.pendingToken!, { host: 'OutlookWebApp' });
    expect(request.approvalUrl.startsWith(`${publicUrl}/portal#/approve/`)).toBe(true);

    // The page: options from B, the passkey to A, the decision to B.
    const { options } = await new ApprovalClient(on(b)).start(request.requestId);
    const details = await new ApprovalClient(on(a)).passkey(request.requestId, await getInPage(page, options));
    expect(details).toMatchObject({ mailbox: username, host: 'OutlookWebApp', clientType: 'outlook-addin' });
    expect(await new ApprovalClient(on(b)).decide(request.requestId, { pageToken: details.pageToken, decision: 'approve', number: request.number })).toMatchObject({ status: 'approved' });

    // The pane collects on A; the same pending sign-in gets nothing more, on either instance.
    const collected = await new ApprovalClient(on(a)).wait(pending.pendingToken!, request.requestId);
    expect(collected.status).toBe('approved');
    expect((await on(b, collected.session!.token).me()).user.username).toBe(username);
    const again = await new ApprovalClient(on(b)).wait(pending.pendingToken!, request.requestId).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(ApiError);
  });
});
