/**
 * Issue 11, items 8 and 11: what a failed password sign-in leaves behind (no typed name in clear), and
 * password-failure counting per account *and* client address, under a per-account ceiling.
 */
import { Paths } from '../../src/shared/routes';
import { createOrg, createUser, startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => {
  // Client addresses come from X-Forwarded-For here (a trusted proxy), so one test can be many clients.
  server = await startTestServer({ config: { trustProxy: true }, limits: { passwordPerAccountTotal: 25 } });
});
afterAll(() => server.close());

async function passwordFrom(ip: string, username: string, password: string): Promise<{ status: number; json: any }> {
  const response = await fetch(server.baseUrl + Paths.signInPassword, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ username, password }),
  });
  return { status: response.status, json: await response.json() };
}

test('a failed password sign-in stores a known user by id and an unknown name only as a keyed hash (never the text typed)', async () => {
  const user = await createUser(server, await createOrg(server));
  const typedPassword = `Tr0ub4dor&3-${Date.now()}`; // a password typed into the username field
  expect((await passwordFrom('192.0.2.10', typedPassword, 'anything at all')).status).toBe(401);
  expect((await passwordFrom('192.0.2.10', user.username, 'not the password')).status).toBe(401);

  const failures = await server.store.db.selectFrom('audit_events').selectAll().where('event', '=', 'sign_in.password').where('outcome', '=', 'failure').execute();
  const known = failures.find((r) => r.user_id === user.id);
  expect(known).toBeDefined();
  expect(known!.detail ?? '').not.toContain(user.username);
  const unknown = failures.find((r) => r.user_id === null);
  expect(JSON.parse(unknown!.detail!).usernameHash).toMatch(/^[0-9a-f]{32}$/);
  // Nowhere in the database: not the audit log, not the rate-limit counters.
  const everything = JSON.stringify([
    await server.store.db.selectFrom('audit_events').selectAll().execute(),
    await server.store.db.selectFrom('rate_limits').selectAll().execute(),
  ]);
  expect(everything).not.toContain(typedPassword);
  expect(everything.toLowerCase()).not.toContain(typedPassword.toLowerCase());
  // Rate-limited attempts keep only the hash too.
  for (let i = 0; i < 11; i++) await passwordFrom('192.0.2.11', typedPassword, 'x');
  const limited = await server.store.db.selectFrom('audit_events').selectAll().where('event', '=', 'sign_in.rate_limited').execute();
  expect(limited.length).toBeGreaterThan(0);
  expect(JSON.stringify(limited).toLowerCase()).not.toContain(typedPassword.toLowerCase());
});

test("one address's wrong passwords cannot lock the owner out from their own address; that address stays blocked", async () => {
  const user = await createUser(server, await createOrg(server));
  for (let i = 0; i < 10; i++) expect((await passwordFrom('203.0.113.66', user.username, `guess-${i}`)).status).toBe(401);
  const attacker = await passwordFrom('203.0.113.66', user.username, user.password);
  expect(attacker.status).toBe(429);
  expect(attacker.json.code).toBe('rate_limited');
  const owner = await passwordFrom('198.51.100.7', user.username, user.password);
  expect(owner.status).toBe(200);
  expect(owner.json.next).toBe('done');
});

test('a spread-out attack (a few guesses from each of many addresses) still hits the per-account ceiling', async () => {
  const user = await createUser(server, await createOrg(server));
  for (let i = 0; i < 25; i++) expect((await passwordFrom(`198.18.0.${i + 1}`, user.username, `guess-${i}`)).status).toBe(401);
  const owner = await passwordFrom('198.51.100.8', user.username, user.password);
  expect(owner.status).toBe(429);
  expect(owner.json.code).toBe('rate_limited');
  server.clock.advance(15 * 60_000);
  expect((await passwordFrom('198.51.100.8', user.username, user.password)).status).toBe(200);
});
