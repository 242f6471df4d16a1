/**
 * Issue 11, item 3: the development outbox answers only clients on this machine, talking to the server
 * directly, and keeps its messages (which show codes) no longer than the codes' 10 minutes.
 */
import { Paths } from '../../src/shared/routes';
import { parseDeliveryConfig } from '../../src/server/delivery/config';
import { Maintenance } from '../../src/server/services/maintenance';
import { raw } from '../helpers/http';
import { createOrg, createUser, startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => {
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  server = await startTestServer({ delivery: { settings: parseDeliveryConfig({}, false, 'http://127.0.0.1'), log } });
});
afterAll(() => server.close());

async function emailCodeSent(): Promise<void> {
  const user = await createUser(server, await createOrg(server));
  const client = server.client();
  const first = await client.signInWithPassword({ username: user.username, password: user.password });
  client.setToken(first.session!.token);
  await client.stepUp({ password: user.password });
  await client.startEmailEnrollment({});
}

test('the dev outbox answers a loopback client, but not a remote address nor a request through a proxy', async () => {
  await emailCodeSent();
  const local = await raw(server.baseUrl, 'GET', Paths.devOutbox);
  expect(local.status).toBe(200);
  expect(local.json.messages.length).toBeGreaterThan(0);

  // Another machine (the real app, a non-loopback socket address).
  for (const url of [Paths.devOutbox, '/dev/outbox']) {
    const remote = await server.app.inject({ method: 'GET', url, remoteAddress: '192.0.2.7' });
    expect(remote.statusCode).toBe(404);
    expect(remote.headers['content-type']).toContain('application/problem+json');
    expect(remote.body).not.toMatch(/\d{6}/);
  }
  // A reverse proxy on this machine forwarding someone else's request.
  const proxied = await fetch(server.baseUrl + Paths.devOutbox, { headers: { 'x-forwarded-for': '203.0.113.9' } });
  expect(proxied.status).toBe(404);
  const page = await fetch(server.baseUrl + '/dev/outbox', { headers: { forwarded: 'for=203.0.113.9' } });
  expect(page.status).toBe(404);
});

test('outbox messages are kept no longer than 10 minutes (they hold codes)', async () => {
  await emailCodeSent();
  expect((await raw(server.baseUrl, 'GET', Paths.devOutbox)).json.messages.length).toBeGreaterThan(0);
  server.clock.advance(10 * 60_000 + 1000);
  expect((await raw(server.baseUrl, 'GET', Paths.devOutbox)).json.messages).toEqual([]);
  expect(await server.store.db.selectFrom('dev_outbox').selectAll().execute()).toEqual([]);
  // The housekeeping sweep removes them too, without anyone reading the outbox.
  await emailCodeSent();
  server.clock.advance(10 * 60_000 + 1000);
  expect((await new Maintenance(server.store.db, server.clock).sweep()).devOutbox).toBe(1);
});
