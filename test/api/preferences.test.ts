/**
 * The user's language and time zone (PUT /api/v1/me/preferences, read back in
 * GET /me), and the org's default language in the admin policy API: saved,
 * audited, and every bad body refused with 400 invalid_request.
 */
import { AdminClient } from '../../src/shared/admin-client';
import { AdminPaths } from '../../src/shared/admin-routes';
import { Paths } from '../../src/shared/routes';
import { failure, raw } from '../helpers/http';
import { createOrg, createUser, startTestServer, steppedUpSession, type TestServer } from '../helpers/server';
import { auditRows, signedInAdmin, signedInUser } from './admin-helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

test('a user saves a language and time zone; /me reads them back; null goes back to the browser’s language and keeps the zone', async () => {
  const { user, client } = await signedInUser(server, await createOrg(server));
  expect(await client.me()).toMatchObject({ locale: null, timeZone: null });

  expect(await client.setPreferences({ locale: 'de', timeZone: 'Europe/Berlin' })).toEqual({ locale: 'de', timeZone: 'Europe/Berlin' });
  expect(await client.me()).toMatchObject({ locale: 'de', timeZone: 'Europe/Berlin' });

  // Intl's spelling is kept, whatever the case sent.
  expect(await client.setPreferences({ locale: 'pt-BR', timeZone: 'america/sao_paulo' })).toEqual({ locale: 'pt-BR', timeZone: 'America/Sao_Paulo' });

  expect(await client.setPreferences({ locale: null })).toEqual({ locale: null, timeZone: 'America/Sao_Paulo' });
  expect(await client.me()).toMatchObject({ locale: null, timeZone: 'America/Sao_Paulo' });

  const audited = await auditRows(server, { event: 'account.preferences_changed', userId: user.id });
  expect(audited.map((row) => JSON.parse(row.detail!))).toEqual([
    { locale: 'de', timeZone: 'Europe/Berlin' },
    { locale: 'pt-BR', timeZone: 'America/Sao_Paulo' },
    { locale: 'browser', timeZone: 'America/Sao_Paulo' },
  ]);
});

test('bad bodies get 400 invalid_request with a clear message, and nothing is saved', async () => {
  const { client, token } = await signedInUser(server, await createOrg(server));
  await client.setPreferences({ locale: 'fr', timeZone: 'Europe/Paris' });
  const put = (body: string) => raw(server.baseUrl, 'PUT', Paths.preferences, { token, body });
  const cases: [string, RegExp][] = [
    ['{"locale":"xx"}', /locale/],
    ['{"locale":"de-DE"}', /locale/],
    ['{"locale":42}', /locale/],
    ['{"timeZone":"Europe/Berlin"}', /locale/],
    ['{"locale":"de","timeZone":"Mars/Olympus_Mons"}', /time zone/],
    ['{"locale":"de","timeZone":"Europe/Berlin; DROP TABLE"}', /timeZone/],
    [`{"locale":"de","timeZone":"${'A/'.repeat(40)}x"}`, /timeZone/],
    ['{"locale":"de","timeZone":7}', /timeZone/],
    ['{"locale":"de","theme":"dark"}', /theme|additional/],
    ['not json', /JSON|body/],
  ];
  for (const [body, message] of cases) {
    const res = await put(body);
    expect({ body, status: res.status, code: res.json?.code }).toEqual({ body, status: 400, code: 'invalid_request' });
    expect(`${res.json.detail} ${JSON.stringify(res.json.errors ?? [])}`).toMatch(message);
  }
  expect(await client.me()).toMatchObject({ locale: 'fr', timeZone: 'Europe/Paris' });
});

test('without a session: 401', async () => {
  const res = await raw(server.baseUrl, 'PUT', Paths.preferences, { body: '{"locale":"de"}' });
  expect(res.status).toBe(401);
  expect(res.json.code).toBe('unauthenticated');
  expect(await failure(server.client().setPreferences({ locale: 'de' }))).toMatchObject({ status: 401 });
});

test("the org's default language: English at first, set and read back in the admin policy API, audited; a bad one is refused", async () => {
  const org = await createOrg(server);
  const boss = await signedInAdmin(server, org);
  expect((await boss.admin.policy()).policy.defaultLocale).toBe('en');
  expect((await boss.admin.setPolicy({ defaultLocale: 'ja' })).policy.defaultLocale).toBe('ja');
  expect((await boss.admin.policy()).policy.defaultLocale).toBe('ja');
  const changed = await auditRows(server, { event: 'admin.policy_changed', userId: undefined });
  expect(changed.some((row) => row.org_id === org.id && JSON.parse(row.detail!).defaultLocale === 'ja')).toBe(true);

  for (const body of ['{"defaultLocale":"klingon"}', '{"defaultLocale":null}', '{"defaultLocale":"EN"}']) {
    const res = await raw(server.baseUrl, 'PUT', AdminPaths.policy, { token: boss.token, body });
    expect({ body, status: res.status, code: res.json?.code }).toEqual({ body, status: 400, code: 'invalid_request' });
    expect(JSON.stringify(res.json)).toMatch(/defaultLocale/);
  }
  expect((await boss.admin.policy()).policy.defaultLocale).toBe('ja');

  // Another org is untouched; a plain user may not change it.
  const other = await createOrg(server);
  expect((await server.services.policies.forOrg(other.id)).defaultLocale).toBe('en');
  const plain = await steppedUpSession(server, await createUser(server, org));
  expect(await failure(new AdminClient(plain).setPolicy({ defaultLocale: 'de' }))).toMatchObject({ status: 403 });
});
