/**
 * Approval requests ("Approve with a passkey in your browser") over real HTTP with a real SQLite file: the
 * rules that need no browser. The passkey itself (real WebAuthn) is covered end to end in
 * test/e2e/addin-approval.test.ts; here a stored passkey row stands for "the user has a passkey".
 */
import { ApprovalPaths } from '../../src/shared/approval-routes';
import { ApprovalClient } from '../../src/shared/approval-client';
import { ApiClient } from '../../src/shared/api-client';
import { Maintenance } from '../../src/server/services/maintenance';
import { createOrg, createUser, startTestServer, type TestServer, type TestUser } from '../helpers/server';
import { enrollTotp } from '../helpers/totp';
import { failure, raw } from '../helpers/http';
import { catalogSource } from '../helpers/i18n';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const addin = { type: 'outlook-addin' as const, label: 'Outlook on the web', host: 'OutlookWebApp' };

async function givePasskey(user: TestUser): Promise<void> {
  await server.store.db
    .insertInto('passkeys')
    .values({ id: `cred-${user.id}`, user_id: user.id, name: 'Test', public_key: 'AQID', counter: 0, transports: null, created_at: server.clock.now(), last_used_at: null })
    .execute();
}

async function addinUser(options: { passkey?: boolean; passkeysAllowed?: boolean } = {}): Promise<TestUser> {
  const user = await createUser(server, await createOrg(server, options.passkeysAllowed === false ? { passkeysAllowed: false } : {}));
  await enrollTotp(server, user);
  if (options.passkey !== false) await givePasskey(user);
  return user;
}

async function pending(user: TestUser) {
  const answer = await server.client().signInWithPassword({ username: user.username, password: user.password, client: { ...addin, mailbox: user.username } });
  expect(answer.next).toBe('verify');
  return answer;
}

const approvals = () => new ApprovalClient(server.client());

async function auditEvents(userId: string, event: string) {
  return server.store.db.selectFrom('audit_events').select(['outcome', 'detail']).where('user_id', '=', userId).where('event', '=', event).execute();
}

test('the password step says passkey: true only when the user has a passkey the org allows', async () => {
  expect((await pending(await addinUser())).passkey).toBe(true);
  expect((await pending(await addinUser({ passkey: false }))).passkey).toBeUndefined();
  expect((await pending(await addinUser({ passkeysAllowed: false }))).passkey).toBeUndefined();
});

test('a request: bound to the pending sign-in, a 2-digit number, a link to the approval page on PUBLIC_URL, two minutes; audited', async () => {
  const user = await addinUser();
  const { pendingToken } = await pending(user);
  const request = await approvals().create(pendingToken!, { host: 'OutlookWebApp' });
  expect(request.number).toMatch(/^[1-9]\d$/);
  expect(request.approvalUrl).toBe(`${server.passkeyUrl}/portal#/approve/${request.requestId}`);
  expect(Date.parse(request.expiresAt) - server.clock.now()).toBe(2 * 60_000);
  const row = await server.store.db.selectFrom('approval_requests').selectAll().where('id', '=', request.requestId).executeTakeFirstOrThrow();
  expect(row).toMatchObject({ user_id: user.id, status: 'pending', client_type: 'outlook-addin', host: 'OutlookWebApp', mailbox: user.username.toLowerCase(), ip: '127.0.0.1' });
  expect(row.choices.split(',')).toContain(request.number);
  expect(new Set(row.choices.split(',')).size).toBe(3);
  expect(await auditEvents(user.id, 'approval.requested')).toHaveLength(1);
  expect(await approvals().wait(pendingToken!, request.requestId)).toMatchObject({ status: 'waiting' });
});

test('only a pending sign-in of a user with a passkey may ask; only that sign-in may wait for it', async () => {
  const user = await addinUser();
  const { pendingToken } = await pending(user);
  const request = await approvals().create(pendingToken!, {});
  // No token, or another sign-in's pending token.
  expect((await raw(server.baseUrl, 'POST', ApprovalPaths.create, { body: '{}' })).json.code).toBe('unauthenticated');
  const other = await pending(user);
  expect((await failure(approvals().wait(other.pendingToken!, request.requestId))).code).toBe('not_found');
  // No passkey: nothing to approve with.
  const plain = await addinUser({ passkey: false });
  const refused = await failure(approvals().create((await pending(plain)).pendingToken!, {}));
  expect(refused).toMatchObject({ status: 409, code: 'conflict' });
  expect(refused.detail).toContain('no passkey');
});

test('after two minutes the request has expired: the wait says so (audited), the approval page cannot start', async () => {
  const user = await addinUser();
  const { pendingToken } = await pending(user);
  const request = await approvals().create(pendingToken!, {});
  server.clock.advance(2 * 60_000);
  expect(await approvals().wait(pendingToken!, request.requestId)).toMatchObject({ status: 'ended', reason: 'expired' });
  expect(await auditEvents(user.id, 'approval.expired')).toHaveLength(1);
  expect(await failure(approvals().start(request.requestId))).toMatchObject({ status: 409, code: 'conflict' });
  // A day later the maintenance sweep removes the row (the audit log keeps the story).
  server.clock.advance(24 * 3600_000 + 1_000);
  expect((await new Maintenance(server.store.db, server.clock).sweep()).approvalRequests).toBeGreaterThanOrEqual(1);
  expect(await server.store.db.selectFrom('approval_requests').select('id').where('id', '=', request.requestId).executeTakeFirst()).toBeUndefined();
});

test('an ended request says why in the reader’s language (Accept-Language), English without one', async () => {
  const user = await addinUser();
  const { pendingToken } = await pending(user);
  const first = await approvals().create(pendingToken!, {});
  await approvals().create(pendingToken!, {});
  const inGerman = new ApprovalClient(new ApiClient({ baseUrl: server.baseUrl, language: () => 'de-DE' }));
  const german = await inGerman.wait(pendingToken!, first.requestId);
  const english = await approvals().wait(pendingToken!, first.requestId);
  expect(german).toMatchObject({ status: 'ended', reason: 'replaced' });
  expect(english).toMatchObject({ status: 'ended', reason: 'replaced' });
  expect(german.detail).toBeTruthy();
  expect(german.detail).not.toBe(english.detail);
  expect(german.detail).toBe(catalogSource('de')['server.error.approval.replaced']);
});

test('a new request ends the open one; at most five per sign-in', async () => {
  const user = await addinUser();
  const { pendingToken } = await pending(user);
  const first = await approvals().create(pendingToken!, {});
  const second = await approvals().create(pendingToken!, {});
  expect(await approvals().wait(pendingToken!, first.requestId)).toMatchObject({ status: 'ended', reason: 'replaced' });
  expect(await approvals().wait(pendingToken!, second.requestId)).toMatchObject({ status: 'waiting' });
  for (let i = 0; i < 3; i++) await approvals().create(pendingToken!, {});
  expect(await failure(approvals().create(pendingToken!, {}))).toMatchObject({ status: 429, code: 'rate_limited' });
});

test('the approval page: a malformed id is a 400, an unknown one a 404; no decision before the passkey; a bad passkey answer is refused', async () => {
  expect((await raw(server.baseUrl, 'POST', ApprovalPaths.start('not-an-id'), { body: '{}' })).json.code).toBe('invalid_request');
  expect(await failure(approvals().start('A'.repeat(22)))).toMatchObject({ status: 404, code: 'not_found' });
  const user = await addinUser();
  const { pendingToken } = await pending(user);
  const request = await approvals().create(pendingToken!, {});
  const options = await approvals().start(request.requestId);
  expect(options.options).toMatchObject({ rpId: 'localhost' });
  // Discoverable: the page is told no credential ids.
  expect((options.options as { allowCredentials?: unknown[] }).allowCredentials ?? []).toEqual([]);
  expect(await failure(approvals().decide(request.requestId, { pageToken: 'x'.repeat(43), decision: 'approve', number: request.number }))).toMatchObject({ status: 409 });
  const bad = await failure(approvals().passkey(request.requestId, { id: `cred-${user.id}`, rawId: `cred-${user.id}`, type: 'public-key', response: {} }));
  expect(bad.status).toBe(401);
  // Still waiting: a refused answer does not approve anything.
  expect(await approvals().wait(pendingToken!, request.requestId)).toMatchObject({ status: 'waiting' });
});
