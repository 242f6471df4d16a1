/**
 * Walks every operation of the served OpenAPI document, so routes added later
 * are covered too: a pending token opens nothing but the sign-in steps, and
 * malformed input anywhere is a 4xx problem+json, never a 500.
 */
import { createOrg, createUser, startTestServer, type TestServer } from '../helpers/server';
import { enrollTotp } from '../helpers/totp';
import { raw } from '../helpers/http';
import { bodyLimitBytes } from '../../src/server/app';

let server: TestServer;
let operations: { method: string; path: string; secured: boolean; hasBody: boolean; hasQuery: boolean }[];
let pendingToken: string;
let sessionToken: string;

beforeAll(async () => {
  server = await startTestServer();
  const doc = (await raw(server.baseUrl, 'GET', '/api/openapi.json')).json;
  operations = [];
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      operations.push({
        method: method.toUpperCase(),
        path: path.replace(/\{[^}]+\}/g, 'no-such-id'),
        secured: Array.isArray(op.security) && op.security.length > 0,
        hasBody: Boolean(op.requestBody),
        hasQuery: (op.parameters ?? []).some((p: any) => p.in === 'query'),
      });
    }
  }
  // An admin with 2FA: a pending token from the password step, and a full session.
  const org = await createOrg(server);
  const admin = await createUser(server, org, { role: 'admin' });
  const enrolled = await enrollTotp(server, admin);
  sessionToken = enrolled.session.token;
  pendingToken = (await server.client().signInWithPassword({ username: admin.username, password: admin.password })).pendingToken!;
});
afterAll(() => server.close());

const isSignInStep = (path: string) => path.startsWith('/api/v1/auth/') && !path.endsWith('/sign-out');

test('the OpenAPI document lists the API', () => {
  const paths = operations.map((o) => `${o.method} ${o.path}`);
  expect(paths).toEqual(expect.arrayContaining(['POST /api/v1/auth/password', 'POST /api/v1/auth/verify', 'GET /api/v1/me', 'POST /api/v1/registrations']));
  expect(operations.filter((o) => o.secured).length).toBeGreaterThan(10);
});

test('a pending token opens no route but the second-factor steps', async () => {
  const opened: string[] = [];
  for (const op of operations.filter((o) => o.secured && !isSignInStep(o.path))) {
    const answer = await raw(server.baseUrl, op.method, op.path, { token: pendingToken, body: op.hasBody ? '{}' : undefined });
    if (answer.status !== 401 || answer.json?.code !== 'unauthenticated') opened.push(`${op.method} ${op.path} → ${answer.status}`);
  }
  expect(opened).toEqual([]);
});

test('no token, or a made-up one, gets 401 problem+json on every secured route', async () => {
  for (const op of operations.filter((o) => o.secured)) {
    for (const token of [undefined, 'A'.repeat(43)]) {
      const answer = await raw(server.baseUrl, op.method, op.path, { token, body: op.hasBody ? '{}' : undefined });
      expect({ route: `${op.method} ${op.path}`, status: answer.status, type: answer.headers.get('content-type') }).toEqual({
        route: `${op.method} ${op.path}`,
        status: 401,
        type: 'application/problem+json; charset=utf-8',
      });
    }
  }
});

test('malformed JSON, wrong types, huge bodies and unknown fields give 4xx problem+json on every route, never a 500', async () => {
  const bad = [
    { name: 'malformed JSON', body: '{"a": ', contentType: 'application/json' },
    { name: 'an array', body: '[]', contentType: 'application/json' },
    { name: 'a string', body: '"text"', contentType: 'application/json' },
    { name: 'wrong types', body: JSON.stringify({ username: 1, password: [], code: {}, method: 7, factorId: true, label: 5, name: null, require2fa: 'yes' }), contentType: 'application/json' },
    { name: 'an unknown field', body: JSON.stringify({ surprise: 'field' }), contentType: 'application/json' },
    { name: 'a huge body', body: JSON.stringify({ password: 'x'.repeat(bodyLimitBytes * 4) }), contentType: 'application/json' },
    { name: 'not JSON at all', body: 'username=a&password=b', contentType: 'application/x-www-form-urlencoded' },
  ];
  const failures: string[] = [];
  for (const op of operations.filter((o) => o.hasBody)) {
    for (const input of bad) {
      const answer = await raw(server.baseUrl, op.method, op.path, { token: op.secured ? (isSignInStep(op.path) ? pendingToken : sessionToken) : undefined, body: input.body, contentType: input.contentType });
      const ok = answer.status >= 400 && answer.status < 500 && answer.headers.get('content-type')?.startsWith('application/problem+json') && typeof answer.json?.code === 'string' && typeof answer.json?.detail === 'string';
      if (!ok) failures.push(`${op.method} ${op.path} with ${input.name} → ${answer.status} ${answer.text.slice(0, 120)}`);
    }
  }
  for (const op of operations.filter((o) => o.hasQuery)) {
    const answer = await raw(server.baseUrl, op.method, `${op.path}?surprise=1`, { token: sessionToken });
    if (answer.status !== 400 || answer.json?.code !== 'invalid_request') failures.push(`${op.method} ${op.path}?surprise=1 → ${answer.status}`);
  }
  expect(failures).toEqual([]);
});

test('unknown API paths answer 404 problem+json', async () => {
  const answer = await raw(server.baseUrl, 'GET', '/api/v1/nothing-here');
  expect(answer.status).toBe(404);
  expect(answer.json.code).toBe('not_found');
});

test('health: /healthz answers while the process lives, /readyz checks the database', async () => {
  expect((await raw(server.baseUrl, 'GET', '/healthz')).json.status).toBe('ok');
  const ready = await raw(server.baseUrl, 'GET', '/readyz');
  expect(ready.status).toBe(200);
  expect(ready.json.database).toBe(server.store.kind);
});
