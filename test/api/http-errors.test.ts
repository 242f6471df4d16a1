/** Answers that say what happened: request ids, WWW-Authenticate, 415, 405, problem pages, and 503 when the database is gone. */
import { createOrg, createUser, startTestServer, type TestServer } from '../helpers/server';
import { raw } from '../helpers/http';
import { Paths } from '../../src/shared/routes';
import { ErrorCode } from '../../src/shared/errors';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

test('every answer carries an x-request-id; a well-formed one from a proxy is kept', async () => {
  const ok = await raw(server.baseUrl, 'GET', '/healthz');
  const missing = await raw(server.baseUrl, 'GET', '/api/v1/nothing-here');
  expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  expect(missing.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  expect(ok.headers.get('x-request-id')).not.toBe(missing.headers.get('x-request-id'));
  const kept = await fetch(`${server.baseUrl}/healthz`, { headers: { 'x-request-id': 'lb-7f3a9c21-0001' } });
  expect(kept.headers.get('x-request-id')).toBe('lb-7f3a9c21-0001');
  const odd = await fetch(`${server.baseUrl}/healthz`, { headers: { 'x-request-id': 'x y<script>' } });
  expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

test('an add-in served from another origin may read the request id and Retry-After (CORS)', async () => {
  const cors = await startTestServer({ config: { corsOrigins: ['https://addin.example.com'] } });
  try {
    const answer = await fetch(`${cors.baseUrl}/healthz`, { headers: { origin: 'https://addin.example.com' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://addin.example.com');
    expect(answer.headers.get('access-control-expose-headers')).toBe('x-request-id, retry-after');
  } finally {
    await cors.close();
  }
});

test('a 401 carries WWW-Authenticate: Bearer', async () => {
  const answer = await raw(server.baseUrl, 'GET', Paths.me);
  expect(answer.status).toBe(401);
  expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="axis-cloudsync"$/);
  const wrongPassword = await raw(server.baseUrl, 'POST', Paths.signInPassword, { body: JSON.stringify({ username: 'nobody@example.com', password: 'wrong password here' }) });
  expect(wrongPassword.status).toBe(401);
  expect(wrongPassword.headers.get('www-authenticate')).toMatch(/^Bearer/);
});

test('a body that is not JSON answers 415 unsupported_media_type', async () => {
  for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
    const answer = await raw(server.baseUrl, 'POST', Paths.signInPassword, { body: 'username=a&password=b', contentType });
    expect(answer.status).toBe(415);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.json.code).toBe('unsupported_media_type');
  }
});

test('a wrong method on a known path answers 405 with Allow; an unknown path stays 404', async () => {
  const answer = await raw(server.baseUrl, 'GET', Paths.signInPassword);
  expect(answer.status).toBe(405);
  expect(answer.headers.get('allow')).toBe('POST');
  expect(answer.json).toMatchObject({ status: 405, code: 'method_not_allowed' });
  const withParam = await raw(server.baseUrl, 'PUT', `${Paths.me}/sessions/abc`);
  expect(withParam.status).toBe(405);
  expect(withParam.headers.get('allow')).toContain('DELETE');
  expect((await raw(server.baseUrl, 'GET', '/api/v1/no-such-thing')).status).toBe(404);
});

test('problem type URIs open a page the server serves, one per code', async () => {
  const answer = await raw(server.baseUrl, 'GET', Paths.me);
  expect(answer.json.type).toBe('/problems/unauthenticated');
  const page = await fetch(new URL(answer.json.type, server.baseUrl));
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toContain('text/html');
  const html = await page.text();
  expect(html).toContain('<code>unauthenticated</code>');
  expect(html).toContain('Sign in and send');
  for (const code of Object.values(ErrorCode)) expect((await fetch(`${server.baseUrl}/problems/${code}`)).status).toBe(200);
  expect((await fetch(`${server.baseUrl}/problems/no_such_code`)).status).toBe(404);
});

test('with the database stopped, a request answers 503 problem+json with Retry-After, not 500', async () => {
  const stopped = await startTestServer();
  try {
    const user = await createUser(stopped, await createOrg(stopped));
    // The database goes away under the running server (SQLite: the connection is closed; PostgreSQL: the pool ended).
    await stopped.store.close();
    const answer = await raw(stopped.baseUrl, 'POST', Paths.signInPassword, { body: JSON.stringify({ username: user.username, password: user.password }) });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.json).toMatchObject({ status: 503, code: 'unavailable', retryAfter: 5 });
    expect(answer.headers.get('x-request-id')).toBeTruthy();
    const ready = await raw(stopped.baseUrl, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
  } finally {
    stopped.store.close = async () => undefined;
    await stopped.close();
  }
});
