import { createOrg, createUser, startTestServer, type TestServer } from '../helpers/server';
import { enrollTotp, signIn } from '../helpers/totp';
import { Maintenance } from '../../src/server/services/maintenance';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

test('the sweep deletes expired pending tokens, long-revoked sessions and stale rate windows, and keeps live ones', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  await server.client().signInWithPassword({ username: user.username, password: user.password }); // a pending token left to expire
  const revoked = await signIn(server, user, secret);
  await revoked.client.signOut();
  await server.client().signInWithPassword({ username: 'nobody@example.com', password: 'x' }).catch(() => undefined);
  server.clock.advance(2 * 24 * 3600_000 + 1000);
  const live = await signIn(server, user, secret);
  const maintenance = new Maintenance(server.store.db, server.clock);
  const swept = await maintenance.sweep();
  expect(swept.tokens).toBeGreaterThanOrEqual(2);
  expect(swept.rateLimits).toBeGreaterThanOrEqual(1);
  expect((await live.client.me()).user.id).toBe(user.id);
  const left = await server.store.db.selectFrom('tokens').select(['kind', 'revoked_at']).where('user_id', '=', user.id).execute();
  expect(left.filter((t) => t.revoked_at !== null)).toHaveLength(0);
});
