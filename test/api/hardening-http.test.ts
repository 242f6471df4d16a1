/**
 * Issue 11 (outside security review), the HTTP contract items: router errors are problem+json (item 5),
 * sign-out works with and without a body (item 6), the bearer scheme is case-insensitive (item 7).
 */
import http from 'node:http';
import { createOrg, createUser, startTestServer, type TestServer } from '../helpers/server';
import { raw } from '../helpers/http';
import { Paths } from '../../src/shared/routes';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function sessionToken(): Promise<string> {
  const user = await createUser(server, await createOrg(server));
  const result = await server.client().signInWithPassword({ username: user.username, password: user.password });
  return result.session!.token;
}

/** A request with headers the fetch API would not send (oversized, odd scheme case). */
function rawRequest(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<{ status: number; type: string; json: any }> {
  const url = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, path, method, headers }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type'] ?? ''), json: text ? JSON.parse(text) : undefined }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

test('router errors (bad percent-encoding, an over-long path parameter, an oversized query) answer problem+json with a documented code', async () => {
  const token = await sessionToken();
  for (const bad of ['%E0%A4%A', '%FF%FE']) {
    const answer = await raw(server.baseUrl, 'DELETE', `/api/v1/registrations/${bad}`, { token });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.json).toMatchObject({ status: 400, code: 'invalid_request', title: 'Bad request' });
  }
  const long = await raw(server.baseUrl, 'DELETE', `/api/v1/registrations/${'a'.repeat(200)}`, { token });
  expect(long.status).toBe(414);
  expect(long.headers.get('content-type')).toContain('application/problem+json');
  expect(long.json).toMatchObject({ status: 414, code: 'invalid_request', title: 'URI too long' });
  const huge = await rawRequest(`/api/v1/me?x=${'a'.repeat(20_000)}`);
  expect(huge.status).toBe(431);
  expect(huge.type).toContain('application/problem+json');
  expect(huge.json).toMatchObject({ status: 431, code: 'invalid_request', title: 'Request header fields too large' });
});

test('sign-out works without a body, with an empty JSON object, and with an empty body; the session ends each time', async () => {
  for (const send of [
    (token: string) => rawRequest(Paths.signOut, { authorization: `Bearer ${token}` }, 'POST'),
    (token: string) => rawRequest(Paths.signOut, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, 'POST', '{}'),
    (token: string) => rawRequest(Paths.signOut, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, 'POST', ''),
  ]) {
    const token = await sessionToken();
    expect((await send(token)).status).toBe(204);
    const after = await raw(server.baseUrl, 'GET', Paths.me, { token });
    expect(after.status).toBe(401);
  }
  // The OpenAPI document does not mark the body required.
  const doc = (await raw(server.baseUrl, 'GET', '/api/openapi.json')).json;
  expect(doc.paths[Paths.signOut].post.requestBody?.required ?? false).toBe(false);
});

test('the Authorization scheme is case-insensitive: "bearer" and "BEARER" work like "Bearer"', async () => {
  const token = await sessionToken();
  for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
    const answer = await rawRequest(Paths.me, { authorization: `${scheme} ${token}` });
    expect(answer.status).toBe(200);
  }
  expect((await rawRequest(Paths.me, { authorization: `Basic ${token}` })).status).toBe(401);
});
