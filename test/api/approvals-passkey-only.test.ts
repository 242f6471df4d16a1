/**
 * "Approve with a passkey in your browser" for a user whose only second factor is a passkey, over real HTTP:
 * the add-in's password step offers the approval (passkey: true, no code methods), a request can be made for
 * the pending sign-in, and an org that turned passkeys off says so (at the password step, and if it turned
 * them off after the offer). The approval itself (real WebAuthn) runs in test/e2e/addin-approval.test.ts.
 */
import { ApprovalClient } from '../../src/shared/approval-client';
import { createOrg, createUser, startTestServer, type TestServer, type TestUser } from '../helpers/server';
import { failure } from '../helpers/http';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const addin = { type: 'outlook-addin' as const, label: 'Outlook on the web', host: 'OutlookWebApp' };

async function passkeyOnly(policy: { passkeysAllowed?: boolean; require2fa?: boolean } = {}): Promise<TestUser> {
  const user = await createUser(server, await createOrg(server, policy));
  await server.store.db
    .insertInto('passkeys')
    .values({ id: `cred-${user.id}`, user_id: user.id, name: 'Test', public_key: 'AQID', counter: 0, transports: null, created_at: server.clock.now(), last_used_at: null })
    .execute();
  return user;
}

const passwordStep = (user: TestUser) => server.client().signInWithPassword({ username: user.username, password: user.password, client: { ...addin, mailbox: user.username } });

test('a passkey-only user: the add-in’s password step asks for a second step, offers the passkey approval, and no code method', async () => {
  const user = await passkeyOnly();
  const answer = await passwordStep(user);
  expect(answer).toMatchObject({ next: 'verify', passkey: true, methods: [] });
  const request = await new ApprovalClient(server.client()).create(answer.pendingToken!, { host: 'OutlookWebApp' });
  expect(request.number).toMatch(/^[1-9]\d$/);
  expect(await new ApprovalClient(server.client()).wait(answer.pendingToken!, request.requestId)).toMatchObject({ status: 'waiting' });
});

test('the org turned passkeys off: a passkey-only user is asked to set up a method, and the answer says why', async () => {
  const user = await passkeyOnly({ passkeysAllowed: false });
  const answer = await passwordStep(user);
  expect(answer).toMatchObject({ next: 'enroll', passkeyDisallowed: true });
  expect(answer.passkey).toBeUndefined();
});

test('passkeys turned off after the offer: the request is refused with policy_violation and a message that says so', async () => {
  const user = await passkeyOnly();
  const answer = await passwordStep(user);
  expect(answer.passkey).toBe(true);
  await server.services.policies.update(user.orgId, { passkeysAllowed: false });
  const refused = await failure(new ApprovalClient(server.client()).create(answer.pendingToken!, {}));
  expect(refused).toMatchObject({ status: 403, code: 'policy_violation' });
  expect(refused.detail).toContain('does not allow passkeys');
});
