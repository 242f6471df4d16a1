/**
 * The development outbox: with nothing configured (and not in production) a
 * person trying the product locally reads their code at /dev/outbox. In
 * production the outbox and its pages do not exist.
 */
import { Paths } from '../../src/shared/routes';
import { createDelivery } from '../../src/server/delivery';
import { parseDeliveryConfig } from '../../src/server/delivery/config';
import { ManualClock } from '../../src/server/services/clock';
import { raw } from '../helpers/http';
import { createOrg, createUser, startTestServer, type TestServer } from '../helpers/server';

describe('development', () => {
  let server: TestServer;
  const logged: { obj: object; msg?: string }[] = [];
  beforeAll(async () => {
    const log = { info: (obj: object, msg?: string) => logged.push({ obj, msg }), warn: () => undefined, error: () => undefined };
    server = await startTestServer({ delivery: { settings: parseDeliveryConfig({}, false, 'http://127.0.0.1'), log } });
  });
  afterAll(() => server.close());

  test('an email code lands in the outbox (JSON and page) and in the log; it signs in', async () => {
    const user = await createUser(server, await createOrg(server));
    const client = server.client();
    const first = await client.signInWithPassword({ username: user.username, password: user.password });
    client.setToken(first.session!.token);
    await client.stepUp({ password: user.password });
    const started = await client.startEmailEnrollment({});

    const outbox = await raw(server.baseUrl, 'GET', Paths.devOutbox);
    expect(outbox.status).toBe(200);
    expect(outbox.json.warning).toMatch(/NOT delivered/);
    const message = outbox.json.messages.find((m: { to: string }) => m.to === user.username);
    expect(message).toMatchObject({ channel: 'email', subject: 'Confirm your email for AXIS CloudSync codes' });
    const code = /verification code is: (\d{6})/.exec(message.text)![1]!;

    const page = await raw(server.baseUrl, 'GET', '/dev/outbox');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain(code);
    expect(page.text).toContain('does not exist in production');

    expect(logged.some((l) => l.msg?.includes('DEV OUTBOX') && JSON.stringify(l.obj).includes(code))).toBe(true);
    await client.confirmEnrollment({ factorId: started.factorId, code });
    expect((await client.me()).factors.map((f) => f.kind)).toEqual(['email']);
  });

  test('text messages go to the outbox too', async () => {
    const user = await createUser(server, await createOrg(server));
    const client = server.client();
    const first = await client.signInWithPassword({ username: user.username, password: user.password });
    client.setToken(first.session!.token);
    await client.stepUp({ password: user.password });
    await client.startSmsEnrollment({ phoneNumber: '+33 6 12 34 56 78' });
    const outbox = await raw(server.baseUrl, 'GET', `${Paths.devOutbox}?limit=20`);
    const text = outbox.json.messages.find((m: { channel: string }) => m.channel === 'sms');
    expect(text).toMatchObject({ channel: 'sms', to: '+33612345678', subject: null });
    expect(text.text).toMatch(/AXIS CloudSync code \d{6}/);
  });
});

describe('production', () => {
  test('no outbox: its pages are 404, nothing is stored, and an unconfigured channel refuses enrollment', async () => {
    const settings = parseDeliveryConfig({}, true, 'https://cloudsync.example.com');
    expect(settings).toEqual({ email: { kind: 'off' }, sms: { kind: 'off' } });
    const server = await startTestServer({ config: { production: true }, delivery: { settings } });
    try {
      expect((await raw(server.baseUrl, 'GET', Paths.devOutbox)).status).toBe(404);
      expect((await raw(server.baseUrl, 'GET', '/dev/outbox')).status).toBe(404);
      const user = await createUser(server, await createOrg(server));
      const client = server.client();
      const first = await client.signInWithPassword({ username: user.username, password: user.password });
      client.setToken(first.session!.token);
      await client.stepUp({ password: user.password });
      const refused = await raw(server.baseUrl, 'POST', Paths.enrollSmsStart, { token: first.session!.token, body: JSON.stringify({ phoneNumber: '+447400123456' }) });
      expect(refused.status).toBe(503);
      expect(refused.json.detail).toMatch(/Text messages are not set up/);
      expect(await server.store.db.selectFrom('dev_outbox').selectAll().execute()).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test('the outbox never prints in production even if asked to', () => {
    const delivery = createDelivery({ settings: parseDeliveryConfig({}, true, 'https://x.example'), db: undefined as never, clock: new ManualClock() });
    expect(delivery.outbox).toBeNull();
    expect(delivery.available).toEqual({ email: false, sms: false });
  });
});
