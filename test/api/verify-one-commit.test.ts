/**
 * Issue 13: a verification is one transaction and one commit (a wrong code still counted), and a session check
 * is one read with the idle time written at most once a minute per session. Real server, real store (SQLite,
 * or PostgreSQL in the PG pass), statements recorded at the database driver.
 */
import { createOrg, createUser, startTestServer, type TestServer } from '../helpers/server';
import { codeFor, enrollTotp, signIn, wrongCodeFor } from '../helpers/totp';
import { failure } from '../helpers/http';
import { begins, commits, rollbacks, statementsOf, stopRecordingStatements } from '../helpers/statements';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  stopRecordingStatements();
  await server.close();
});

async function userWithTotp() {
  const org = await createOrg(server);
  const user = await createUser(server, org);
  const { secret } = await enrollTotp(server, user);
  return { org, user, secret };
}

const userRow = (id: string) => server.store.db.selectFrom('users').select(['failed_2fa', 'last_sign_in_at']).where('id', '=', id).executeTakeFirstOrThrow();
const events = async (userId: string) =>
  (await server.store.db.selectFrom('audit_events').select('event').where('user_id', '=', userId).orderBy('id').execute()).map((r) => r.event);

test('a verification with the right code is one transaction and one commit (SQLite: BEGIN IMMEDIATE)', async () => {
  const { user, secret } = await userWithTotp();
  const client = server.client();
  const first = await client.signInWithPassword({ username: user.username, password: user.password });
  let session: Awaited<ReturnType<typeof client.verify>>['session'] | undefined;
  const statements = await statementsOf(async () => {
    session = (await client.verify(first.pendingToken!, { method: 'totp', code: codeFor(secret, server.clock.now()) })).session;
  });
  expect(begins(statements)).toBe(1);
  expect(commits(statements)).toBe(1);
  expect(rollbacks(statements)).toBe(0);
  if (server.store.kind === 'sqlite') expect(statements.filter((s) => /^\s*begin\b/i.test(s))).toEqual(['begin immediate']);
  // The token lookup before it, then inside: reserve, factors, step, pending spent, users, session, audit.
  expect(statements.length).toBeLessThanOrEqual(10);
  client.setToken(session!.token);
  expect((await client.me()).user.id).toBe(user.id);
  expect((await events(user.id)).slice(-2)).toEqual(['second_factor.success', 'session.created']);
});

test('a wrong code is counted and committed although the verification fails; the right one then resets the count', async () => {
  const { user, secret } = await userWithTotp();
  const client = server.client();
  const first = await client.signInWithPassword({ username: user.username, password: user.password });
  let refused: Awaited<ReturnType<typeof failure>> | undefined;
  const statements = await statementsOf(async () => {
    refused = await failure(client.verify(first.pendingToken!, { method: 'totp', code: wrongCodeFor(secret, server.clock.now()) }));
  });
  expect(refused).toMatchObject({ status: 401, code: 'invalid_code' });
  expect(commits(statements)).toBe(1);
  expect(rollbacks(statements)).toBe(0);
  expect((await userRow(user.id)).failed_2fa).toBe(1);
  expect((await events(user.id)).at(-1)).toBe('second_factor.failure');

  await client.verify(first.pendingToken!, { method: 'totp', code: codeFor(secret, server.clock.now()) });
  expect((await userRow(user.id)).failed_2fa).toBe(0);
  // The same code again (a replay on a new sign-in) is refused and counted.
  const again = await server.client().signInWithPassword({ username: user.username, password: user.password });
  expect((await failure(server.client().verify(again.pendingToken!, { method: 'totp', code: codeFor(secret, server.clock.now()) }))).code).toBe('invalid_code');
  expect((await userRow(user.id)).failed_2fa).toBe(1);
});

test('a right code on a pending token spent meanwhile opens no session, but its success is committed', async () => {
  const { user, secret } = await userWithTotp();
  const client = server.client();
  const first = await client.signInWithPassword({ username: user.username, password: user.password });
  await failure(client.verify(first.pendingToken!, { method: 'totp', code: wrongCodeFor(secret, server.clock.now()) }));
  // Another request spends the pending token between this request's token check and its transaction.
  const auth = await server.services.tokens.authenticatePending(first.pendingToken!);
  expect(await server.services.tokens.consumePending(auth.token.id)).toBe(true);
  const sessionsBefore = await server.store.db.selectFrom('tokens').select('id').where('user_id', '=', user.id).where('kind', '=', 'session').execute();
  await expect(server.services.signIn.verify(auth, { method: 'totp', code: codeFor(secret, server.clock.now()) }, { ip: null, userAgent: null })).rejects.toMatchObject({ code: 'pending_expired', status: 401 });
  const sessionsAfter = await server.store.db.selectFrom('tokens').select('id').where('user_id', '=', user.id).where('kind', '=', 'session').execute();
  expect(sessionsAfter.length).toBe(sessionsBefore.length);
  expect((await userRow(user.id)).failed_2fa).toBe(0);
  expect((await events(user.id)).at(-1)).toBe('second_factor.success');
});

test('a session check is one read, and the password-change gate runs no query of its own', async () => {
  const { user, secret } = await userWithTotp();
  const { client } = await signIn(server, user, secret); // clock now 30 s after the session began: no idle write due
  expect(await statementsOf(() => client.policy())).toHaveLength(1);
  // An account route behind the password-change gate: the joined read and the route's own list, nothing else.
  const listed = await statementsOf(() => client.sessions());
  expect(listed).toHaveLength(2);
  expect(listed.some((s) => /password_change_required/.test(s) && !/join/i.test(s))).toBe(false);
});

test('the idle time is written at most once a minute per session; the idle limit holds to within that minute', async () => {
  const { org, user, secret } = await userWithTotp();
  const { client, session } = await signIn(server, user, secret);
  const lastUsed = async () => (await server.store.db.selectFrom('tokens').select('last_used_at').where('id', '=', session.sessionId).executeTakeFirstOrThrow()).last_used_at;
  const began = await lastUsed();
  await client.me(); // 30 s after the start
  expect(await lastUsed()).toBe(began);
  server.clock.advance(30_000); // 60 s: written
  const writes = await statementsOf(() => client.policy());
  expect(writes.filter((s) => /^\s*update\b/i.test(s))).toHaveLength(1);
  const touched = await lastUsed();
  expect(touched).toBe(began + 60_000);
  expect(await statementsOf(() => client.policy())).toHaveLength(1); // same minute: no write

  await server.services.administration.setPolicy(org.id, { sessionIdleSeconds: 600 }, { ip: null, userAgent: 'test', clientType: null, actorId: null });
  server.clock.advance(59_000);
  await client.policy(); // used, but not written: 59 s since the last write
  expect(await lastUsed()).toBe(touched);
  server.clock.advance(600_000 - 59_000 - 1);
  await client.policy(); // 1 ms before the idle limit counted from the stored time: still good, and written now
  expect(await lastUsed()).toBe(touched + 600_000 - 1);
  server.clock.advance(600_000);
  expect((await failure(client.me())).code).toBe('session_expired');
});
