/**
 * API error details in the user's language: the problem handler writes `detail` in the language of the
 * request's Accept-Language (a region falls back to its language, qps-ploc gives the pseudo-locale, anything
 * else English) and says which in Content-Language. Real server, real HTTP.
 */
import { createOrg, createUser, startTestServer, type TestServer, type TestUser } from '../helpers/server';
import { Paths } from '../../src/shared/routes';
import { translator } from '../../src/server/i18n/translator';
import { pseudoMarks } from '../../src/shared/i18n/locales';

let server: TestServer;
let user: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  user = await createUser(server, await createOrg(server));
});
afterAll(() => server.close());

async function call(path: string, init: { method?: string; body?: unknown; language?: string; rawBody?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.language !== undefined) headers['accept-language'] = init.language;
  if (init.body !== undefined || init.rawBody !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(server.baseUrl + path, {
    method: init.method ?? 'POST',
    headers,
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  return { status: response.status, language: response.headers.get('content-language'), type: response.headers.get('content-type'), json: (await response.json()) as { code: string; detail: string; title: string; errors?: { path: string }[] } };
}

// Wrong passwords are rate-limited per account (10 per window): each test refuses its own user.
const wrongPassword = (language?: string, who: TestUser = user) =>
  call(Paths.signInPassword, { body: { username: who.username, password: 'not the password at all' }, language });

test('the same refusal (a wrong password) reads in German, Arabic, the pseudo-locale, and English without a header', async () => {
  const english = await wrongPassword();
  expect(english).toMatchObject({ status: 401, language: 'en', json: { code: 'invalid_credentials', detail: 'The username or password is not correct.' } });

  const german = await wrongPassword('de-DE,de;q=0.9,en;q=0.5');
  expect(german).toMatchObject({ status: 401, language: 'de', json: { code: 'invalid_credentials', detail: 'Benutzername oder Kennwort ist nicht korrekt.' } });

  const arabic = await wrongPassword('ar-SA');
  expect(arabic.language).toBe('ar');
  expect(arabic.json.detail).toBe(translator('ar')('server.error.invalidCredentials'));
  expect(arabic.json.detail).toMatch(/[\u0600-\u06FF]/);

  const pseudo = await wrongPassword('qps-ploc');
  expect(pseudo.language).toBe('qps-ploc');
  expect(pseudo.json.detail.startsWith(pseudoMarks.open)).toBe(true);
  expect(pseudo.json.detail.endsWith(pseudoMarks.close)).toBe(true);
  expect(pseudo.json.detail).not.toBe(english.json.detail);

  // The code and the title (per problem type) stay the same whatever the language; only the detail changes.
  for (const answer of [german, arabic, pseudo]) {
    expect(answer.json.code).toBe(english.json.code);
    expect(answer.json.title).toBe(english.json.title);
    expect(answer.type).toMatch(/^application\/problem\+json/);
  }
});

test('a region falls back to its language, q-values are honoured, and a language we do not speak or a malformed header answers in English', async () => {
  const other = await createUser(server, await createOrg(server));
  expect((await wrongPassword('es-MX', other)).language).toBe('es');
  expect((await wrongPassword('pt-PT', other)).language).toBe('pt-BR');
  expect((await wrongPassword('fr;q=0.2, ja;q=0.9', other)).language).toBe('ja');
  for (const header of ['tlh', 'xx-YY, zz', ';;;,,=q', '*', 'de;q=0']) {
    const answer = await wrongPassword(header, other);
    expect({ header, language: answer.language, detail: answer.json.detail }).toEqual({ header, language: 'en', detail: 'The username or password is not correct.' });
  }
});

test('a validation error gets a translated detail that names the field, and keeps the per-field errors', async () => {
  const answer = await call(Paths.signInPassword, { body: { username: user.username }, language: 'fr' });
  expect(answer.status).toBe(400);
  expect(answer.language).toBe('fr');
  expect(answer.json.code).toBe('invalid_request');
  expect(answer.json.detail).toMatch(/^La requête n’est pas valide\. Vérifiez : .*body/);
  expect(answer.json.errors?.length).toBeGreaterThan(0);

  const unknownField = await call(Paths.signInPassword, { body: { username: 'a', password: 'b', surprise: 1 }, language: 'de' });
  expect(unknownField.status).toBe(400);
  expect(unknownField.json.detail).toMatch(/^Die Anfrage ist ungültig\. Prüfen Sie: .*surprise/);

  const notJson = await call(Paths.signInPassword, { rawBody: '{not json', language: 'es' });
  expect(notJson).toMatchObject({ status: 400, language: 'es', json: { code: 'invalid_request', detail: 'El cuerpo de la solicitud no es JSON válido.' } });
});

test('errors outside the services (an unknown address, a method a route does not take) are translated too', async () => {
  const missing = await call('/api/v1/no-such-thing', { method: 'GET', language: 'ja' });
  expect(missing.status).toBe(404);
  expect(missing.language).toBe('ja');
  expect(missing.json.detail).toBe(translator('ja')('server.error.nothingHere', { method: 'GET', path: '/api/v1/no-such-thing' }));

  const wrongMethod = await call(Paths.signInPassword, { method: 'GET', language: 'pt-BR' });
  expect(wrongMethod.status).toBe(405);
  expect(wrongMethod.language).toBe('pt-BR');
  expect(wrongMethod.json.detail).toContain('não aceita GET');

  const noToken = await call(Paths.verify, { body: { method: 'totp', code: '123456' }, language: 'de' });
  expect(noToken).toMatchObject({ status: 401, language: 'de', json: { code: 'unauthenticated', detail: 'Melden Sie sich an, um fortzufahren.' } });
});
