/** Prometheus metrics: on the management port or behind METRICS_TOKEN, never open; counted from real sign-ins. */
import { createOrg, createUser, startTestServer, steppedUpSession, type TestServer } from '../helpers/server';
import { codeFor, enrollTotp, wrongCodeFor } from '../helpers/totp';
import { failure, raw } from '../helpers/http';
import { lastSmsCode, startDeliveryServer } from '../helpers/delivery';
import { Paths } from '../../src/shared/routes';

const metricsToken = 'metrics-token-for-tests-0123456789';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ limits: { lockAfterFailures: 3, delayFromFailure: 100 }, config: { metrics: { managementPort: 0, managementHost: '127.0.0.1', token: metricsToken } } });
});
afterAll(async () => server.close());

/** The value of one sample (name + exact label set) in a Prometheus text exposition, or 0 when absent. */
function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

async function scrape(): Promise<string> {
  const response = await fetch(`${server.app.metrics.managementUrl()}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

test('a sign-in with a wrong code, a replayed code and a right code shows in the metrics', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  const before = await scrape();

  const client = server.client();
  const first = await client.signInWithPassword({ username: user.username, password: user.password });
  await failure(client.verify(first.pendingToken!, { method: 'totp', code: wrongCodeFor(secret, server.clock.now()) }));
  const { session } = await client.verify(first.pendingToken!, { method: 'totp', code: codeFor(secret, server.clock.now()) });
  const second = await server.client().signInWithPassword({ username: user.username, password: user.password });
  await failure(server.client().verify(second.pendingToken!, { method: 'totp', code: codeFor(secret, server.clock.now()) }));
  await failure(server.client().signInWithPassword({ username: user.username, password: 'not the password at all' }));
  client.setToken(session.token);
  await client.signOut();

  const after = await scrape();
  const delta = (name: string, labels = '') => sample(after, name, labels) - sample(before, name, labels);
  expect(delta('axis_sign_ins_total', 'step="password",outcome="success"')).toBe(2);
  expect(delta('axis_sign_ins_total', 'step="password",outcome="failure"')).toBe(1);
  expect(delta('axis_sign_ins_total', 'step="second_factor",outcome="success"')).toBe(1);
  expect(delta('axis_second_factor_checks_total', 'method="totp",outcome="wrong"')).toBe(1);
  expect(delta('axis_second_factor_checks_total', 'method="totp",outcome="replay"')).toBe(1);
  expect(delta('axis_second_factor_checks_total', 'method="totp",outcome="success"')).toBe(1);
  expect(delta('axis_sessions_created_total')).toBe(1);
  expect(delta('axis_sessions_revoked_total', 'reason="sign_out"')).toBe(1);
  // Route latency by route pattern; the process defaults are there too.
  expect(after).toContain(`axis_http_request_duration_seconds_count{method="POST",route="${Paths.verify}",status="200"}`);
  expect(after).toMatch(/^process_cpu_user_seconds_total /m);
  expect(after).toMatch(/^nodejs_heap_size_used_bytes /m);
  // No label holds a username, an address or a token.
  expect(after).not.toContain(user.username);
  expect(after).not.toContain('127.0.0.1');
  expect(after).not.toContain(session.token);
});

test('lockouts, throttled checks and codes sent by channel are counted', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  const before = await scrape();
  const first = await server.client().signInWithPassword({ username: user.username, password: user.password });
  for (let i = 0; i < 4; i += 1) {
    const refused = await failure(server.client().verify(first.pendingToken!, { method: 'totp', code: wrongCodeFor(secret, server.clock.now()) }));
    expect(refused.code).toBe('invalid_code');
  }
  const emailUser = await createUser(server, await createOrg(server));
  const session = await steppedUpSession(server, emailUser);
  await session.startEmailEnrollment({});

  const after = await scrape();
  const delta = (name: string, labels = '') => sample(after, name, labels) - sample(before, name, labels);
  expect(delta('axis_lockouts_total')).toBe(1);
  expect(delta('axis_second_factor_checks_total', 'method="totp",outcome="wrong"')).toBe(3);
  expect(delta('axis_second_factor_checks_total', 'method="totp",outcome="throttled"')).toBe(1);
  expect(delta('axis_codes_sent_total', 'channel="email"')).toBe(1);
  expect(after).not.toContain(emailUser.username);
});

test('the health checks answer on the management port too', async () => {
  const response = await fetch(`${server.app.metrics.managementUrl()}/readyz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok' });
});

test('on the main port, /metrics needs the METRICS_TOKEN as a bearer token', async () => {
  const open = await raw(server.baseUrl, 'GET', '/metrics');
  expect(open.status).toBe(401);
  expect(open.headers.get('www-authenticate')).toMatch(/^Bearer/);
  expect(open.json.code).toBe('unauthenticated');
  expect((await raw(server.baseUrl, 'GET', '/metrics', { token: 'wrong-token-wrong-token-wrong' })).status).toBe(401);
  const scraped = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
  expect(scraped.status).toBe(200);
  expect(await scraped.text()).toContain('# TYPE axis_sign_ins_total counter');
});

test('by default there is no /metrics anywhere', async () => {
  const plain = await startTestServer();
  try {
    expect(plain.app.metrics.managementUrl()).toBeNull();
    const response = await raw(plain.baseUrl, 'GET', '/metrics');
    expect(response.status).toBe(404);
  } finally {
    await plain.close();
  }
});

test('SMS codes sent and an SMS provider failure are counted by channel', async () => {
  const sms = await startDeliveryServer({ config: { metrics: { managementPort: null, managementHost: '127.0.0.1', token: metricsToken } } });
  const scrapeSms = async () => (await fetch(`${sms.baseUrl}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
  try {
    const user = await createUser(sms, await createOrg(sms));
    const session = await steppedUpSession(sms, user);
    const phone = '+447400100001';
    const started = await session.startSmsEnrollment({ phoneNumber: phone });
    await session.confirmEnrollment({ factorId: started.factorId, code: lastSmsCode(sms.sms, phone) });
    sms.clock.advance(31_000);
    const before = await scrapeSms();
    const first = await sms.client().signInWithPassword({ username: user.username, password: user.password });
    sms.sms.failNext(500);
    const failed = await raw(sms.baseUrl, 'POST', Paths.sendCode, { token: first.pendingToken!, body: JSON.stringify({ method: 'sms' }) });
    expect(failed.status).toBe(202);
    sms.clock.advance(31_000);
    await sms.client().sendCode({ method: 'sms' }, first.pendingToken!);
    const after = await scrapeSms();
    const delta = (name: string, labels = '') => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('axis_delivery_failures_total', 'channel="sms",kind="code"')).toBe(1);
    expect(delta('axis_codes_sent_total', 'channel="sms"')).toBe(1);
    expect(after).not.toContain(phone);
    expect(after).not.toContain('7400100001');
  } finally {
    await sms.close();
  }
});
