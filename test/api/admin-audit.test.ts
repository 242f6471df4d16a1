/** Admin → Audit: the org's log, newest first, filtered by user, event and time, paged; CSV export; never a secret. */
import { AdminPaths } from '../../src/shared/admin-routes';
import { csvCell } from '../../src/server/services/admin-queries';
import { createOrg, createUser, startTestServer, type TestOrg, type TestServer } from '../helpers/server';
import { enrollTotp, signIn, wrongCodeFor } from '../helpers/totp';
import { failure, raw } from '../helpers/http';
import { auditRows, signedInAdmin, type SignedInAdmin } from './admin-helpers';

let server: TestServer;
let org: TestOrg;
let boss: SignedInAdmin;
const secrets: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  org = await createOrg(server);
  boss = await signedInAdmin(server, org);
  secrets.push(boss.secret, boss.user.password, boss.token);
});
afterAll(() => server.close());

test('newest first, scoped to the org, filtered by user, event family and time, paged', async () => {
  const start = server.clock.now();
  const frank = await createUser(server, org, { username: 'frank.audit@example.com' });
  const enrolled = await enrollTotp(server, frank);
  secrets.push(enrolled.secret, frank.password, enrolled.session.token, ...enrolled.backupCodes);
  const pending = await server.client().signInWithPassword({ username: frank.username, password: frank.password });
  secrets.push(pending.pendingToken!);
  await failure(server.client().verify(pending.pendingToken!, { method: 'totp', code: wrongCodeFor(enrolled.secret, server.clock.now()) }));
  server.clock.advance(60_000);
  const middle = server.clock.now();
  const { session } = await signIn(server, frank, enrolled.secret);
  secrets.push(session.token);
  await boss.admin.setPolicy({ sessionIdleSeconds: 1200 });

  // Another org's events never show.
  const other = await createOrg(server);
  const stranger = await createUser(server, other, { username: 'stranger.audit@example.com' });
  await enrollTotp(server, stranger);

  const all = await boss.admin.audit({ limit: 200 });
  expect(all.total).toBe(all.events.length);
  const times = all.events.map((e) => Date.parse(e.at));
  expect(times).toEqual([...times].sort((a, b) => b - a));
  expect(all.events.some((e) => e.userId === stranger.id || e.actorId === stranger.id)).toBe(false);
  const rowsOfOrg = (await auditRows(server)).filter((r) => r.org_id === org.id).length;
  expect(all.total).toBe(rowsOfOrg);

  const byUser = await boss.admin.audit({ userId: frank.id, limit: 200 });
  expect(byUser.events.length).toBeGreaterThanOrEqual(6);
  expect(byUser.events.every((e) => e.userId === frank.id || e.actorId === frank.id)).toBe(true);
  expect(byUser.events[0]?.username).toBe('frank.audit@example.com');
  const byName = await boss.admin.audit({ user: 'FRANK.audit', limit: 200 });
  expect(byName.total).toBe(byUser.total);

  const failures = await boss.admin.audit({ userId: frank.id, event: 'second_factor.failure' });
  const exact = await boss.admin.audit({ event: 'admin.policy_changed' });
  expect(exact.events.map((e) => [e.event, e.actorUsername])).toEqual([['admin.policy_changed', boss.user.username]]);
  expect(exact.events[0]?.detail.sessionIdleSeconds).toBe(1200);
  const family = await boss.admin.audit({ event: 'enrollment.' });
  expect(family.events.length).toBeGreaterThanOrEqual(2);
  expect(family.events.every((e) => e.event.startsWith('enrollment.'))).toBe(true);
  expect(failures.events.map((e) => [e.event, e.outcome, e.detail.method])).toEqual([['second_factor.failure', 'failure', 'totp']]);

  const before = await boss.admin.audit({ userId: frank.id, to: new Date(middle - 1).toISOString(), limit: 200 });
  const after = await boss.admin.audit({ userId: frank.id, from: new Date(middle).toISOString(), limit: 200 });
  expect(before.total + after.total).toBe(byUser.total);
  expect(after.events.every((e) => Date.parse(e.at) >= middle)).toBe(true);
  expect(before.events.every((e) => Date.parse(e.at) >= start && Date.parse(e.at) < middle)).toBe(true);
  expect(after.events.some((e) => e.event === 'session.created')).toBe(true);

  const p1 = await boss.admin.audit({ limit: 3 });
  const p2 = await boss.admin.audit({ limit: 3, offset: 3 });
  expect(p1.events.map((e) => e.id)).toEqual(all.events.slice(0, 3).map((e) => e.id));
  expect(p2.events.map((e) => e.id)).toEqual(all.events.slice(3, 6).map((e) => e.id));
  expect((await boss.admin.audit({ limit: 99999 })).limit).toBe(200);

  // No secret anywhere in what the admin sees.
  const seen = JSON.stringify(all);
  for (const secret of secrets) expect(seen).not.toContain(secret);
});

test('bad filters are 400 problem+json', async () => {
  for (const q of ['?from=yesterday', '?to=2026-13-45T99:00:00Z', '?event=DROP%20TABLE', '?limit=ten', '?offset=-3', '?userId=bad%20id', '?colour=blue']) {
    for (const path of [AdminPaths.audit, AdminPaths.auditExport]) {
      const res = await raw(server.baseUrl, 'GET', path + q, { token: boss.token });
      expect({ q, path, status: res.status, code: res.json?.code }).toEqual({ q, path, status: 400, code: 'invalid_request' });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  }
});

test('CSV export: text/csv attachment, a header row and one row per event, filtered; the export is audited; no secrets', async () => {
  const gina = await createUser(server, org, { username: 'gina.csv@example.com' });
  const enrolled = await enrollTotp(server, gina);
  secrets.push(enrolled.secret, gina.password, ...enrolled.backupCodes);

  const res = await raw(server.baseUrl, 'GET', `${AdminPaths.auditExport}?userId=${gina.id}`, { token: boss.token });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/csv');
  expect(res.headers.get('content-disposition')).toContain('attachment');
  expect(res.headers.get('cache-control')).toBe('no-store');
  // UTF-8 with a byte-order mark first, so that Excel reads names with accents intact.
  const bytes = Buffer.from(await (await fetch(`${server.baseUrl}${AdminPaths.auditExport}?userId=${gina.id}`, { headers: { authorization: `Bearer ${boss.token}` } })).arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.subarray(3).toString('utf8').startsWith('time,event,outcome')).toBe(true);
  const lines = res.text.trim().split('\r\n');
  expect(lines[0]).toBe('time,event,outcome,user,actor,client,ip,detail');
  const listed = await boss.admin.audit({ userId: gina.id, limit: 200 });
  expect(lines).toHaveLength(listed.total + 1);
  expect(lines[1]).toContain(listed.events[0]!.event);
  expect(res.text).toContain('admin.user_created');
  expect(res.text).toContain('gina.csv@example.com');

  const exported = await auditRows(server, { event: 'admin.audit_exported' });
  expect(exported.at(-1)?.actor_id).toBe(boss.user.id);

  const full = await boss.admin.exportAudit();
  for (const secret of secrets) expect(full).not.toContain(secret);

  // The typed client returns the same text; a non-admin gets a 403 problem, not a file.
  expect(await boss.admin.exportAudit({ userId: gina.id })).toContain('gina.csv@example.com');
  const { client } = await signIn(server, gina, enrolled.secret);
  const { AdminClient } = await import('../../src/shared/admin-client.js');
  expect((await failure(new AdminClient(client).exportAudit())).status).toBe(403);
});

test('CSV cells never start a spreadsheet formula, and quote commas, quotes and newlines', () => {
  expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  expect(csvCell('+1')).toBe("'+1");
  expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  expect(csvCell('a,b')).toBe('"a,b"');
  expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
  expect(csvCell(null)).toBe('');
  expect(csvCell('sign_in.password')).toBe('sign_in.password');
});
