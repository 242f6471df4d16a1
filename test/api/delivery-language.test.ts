/**
 * Emails and text messages in the user's language, through the real loopback
 * SMTP server and SMS provider: the saved language, else the org's default,
 * else English; dates in the user's saved time zone, else UTC (and saying so).
 */
import type { ApiClient } from '../../src/shared/api-client';
import { startDeliveryServer, type DeliveryTestServer } from '../helpers/delivery';
import { createOrg, createUser, steppedUpSession, type TestUser } from '../helpers/server';

let server: DeliveryTestServer;
beforeAll(async () => {
  server = await startDeliveryServer();
});
afterAll(() => server.close());

/** Starts email enrolment to the account's own address and answers the code email. */
async function enrollmentEmail(client: ApiClient, user: TestUser) {
  const since = server.smtp.to(user.username).length;
  const started = await client.startEmailEnrollment({});
  const message = await server.smtp.waitFor(user.username, (m) => server.smtp.to(user.username).indexOf(m) >= since);
  return { started, message };
}

const codeIn = (html: string) => /data-code="(\d{6})"/.exec(html)?.[1];

test('a user whose language is German gets the code email in German, and the code in it works', async () => {
  const user = await createUser(server, await createOrg(server));
  const client = await steppedUpSession(server, user);
  await client.setPreferences({ locale: 'de' });
  const { started, message } = await enrollmentEmail(client, user);
  expect(message.subject).toBe('Bestätigen Sie Ihre E-Mail-Adresse für AXIS CloudSync-Codes');
  const code = /Ihr Bestätigungscode für AXIS CloudSync lautet: (\d{6})/.exec(message.text)?.[1];
  expect(code).toMatch(/^\d{6}$/);
  expect(message.text).toContain('Er läuft in 10 Minuten ab und gilt nur einmal.');
  expect(message.text).toContain('Zwei-Schritt-Authentifizierung');
  expect(message.text).not.toContain('expires');
  expect(message.html).toContain('<html lang="de" dir="ltr">');
  expect(codeIn(message.html)).toBe(code);
  expect(message.html).toContain('Wenn Sie das nicht waren');
  // The German email's code confirms the factor: the right code went out in the right words.
  const confirmed = await client.confirmEnrollment({ factorId: started.factorId, code: code! });
  expect(confirmed.factor.kind).toBe('email');
});

test('a user without a saved language in an org whose default is French gets French; English users in other orgs stay English', async () => {
  const org = await createOrg(server, { defaultLocale: 'fr' });
  const user = await createUser(server, org);
  const client = await steppedUpSession(server, user);
  expect((await client.me()).locale).toBeNull();
  const { message } = await enrollmentEmail(client, user);
  expect(message.subject).toBe('Confirmez votre adresse e-mail pour les codes AXIS CloudSync');
  expect(message.text).toMatch(/Votre code de vérification AXIS CloudSync est : \d{6}/);
  expect(message.text).toContain('Il expire dans 10 minutes');
  expect(message.html).toContain('lang="fr"');

  // The user's own choice wins over the org's default.
  await client.setPreferences({ locale: 'es' });
  server.clock.advance(31_000);
  const again = await enrollmentEmail(client, user);
  expect(again.message.subject).toBe('Confirma tu correo electrónico para los códigos de AXIS CloudSync');

  const english = await createUser(server, await createOrg(server));
  const englishClient = await steppedUpSession(server, english);
  expect((await enrollmentEmail(englishClient, english)).message.subject).toBe('Confirm your email for AXIS CloudSync codes');
});

test("security notifications are in the user's language with the time in their zone, else in UTC and saying so", async () => {
  // 2026-11-28 09:00 UTC on the test clock = 18:00 in Tokyo.
  const tokyo = await createUser(server, await createOrg(server));
  const tokyoClient = await steppedUpSession(server, tokyo);
  await tokyoClient.setPreferences({ locale: 'ja', timeZone: 'Asia/Tokyo' });
  server.services.notifications.notify({ id: tokyo.id, org_id: tokyo.orgId, email: tokyo.username }, { kind: 'backup_codes_regenerated' });
  const ja = await server.smtp.waitFor(tokyo.username, (m) => m.subject === '新しいバックアップ コードが作成されました');
  expect(ja.text).toContain('以前のコードは使用できなくなりました。');
  expect(ja.text).toMatch(/日時: 2026\/11\/28 18:0\d \(Asia\/Tokyo\)/);

  const utc = await createUser(server, await createOrg(server, { defaultLocale: 'de' }));
  server.services.notifications.notify({ id: utc.id, org_id: utc.orgId, email: utc.username }, { kind: 'password_changed', byAdmin: true });
  const de = await server.smtp.waitFor(utc.username, (m) => m.subject === 'Ihr Passwort wurde geändert');
  expect(de.text).toContain('Ein Administrator hat ein neues Passwort für Ihr AXIS CloudSync-Konto festgelegt.');
  expect(de.text).toMatch(/Zeitpunkt: 28\.11\.2026, 09:0\d UTC/);
});

test('an Arabic email is right-to-left with the code left-to-right, and inserted names are escaped', async () => {
  const user = await createUser(server, await createOrg(server, { defaultLocale: 'ar' }));
  server.services.notifications.notify({ id: user.id, org_id: user.orgId, email: user.username }, { kind: 'passkey_added', name: '<img src=x onerror=alert(1)>' });
  const message = await server.smtp.waitFor(user.username, (m) => m.subject === 'تمت إضافة مفتاح مرور إلى حسابك');
  expect(message.html).toContain('<html lang="ar" dir="rtl">');
  expect(message.html).toContain('«&lt;img src=x onerror=alert(1)&gt;»');
  expect(message.html).not.toContain('<img');
  expect(message.text).toContain('«<img src=x onerror=alert(1)>»');

  const client = await steppedUpSession(server, user);
  const { message: code } = await enrollmentEmail(client, user);
  expect(code.subject).toBe('أكّد بريدك الإلكتروني لتلقي رموز AXIS CloudSync');
  expect(code.html).toMatch(/<p dir="ltr" [^>]*data-code="\d{6}">\d{6}<\/p>/);
});

test('a Japanese text message is in Japanese, fits one 70-character segment, and its code works', async () => {
  const user = await createUser(server, await createOrg(server));
  const client = await steppedUpSession(server, user);
  await client.setPreferences({ locale: 'ja' });
  const before = server.sms.requests.length;
  const started = await client.startSmsEnrollment({ phoneNumber: '090-1234-5678', defaultCountry: 'JP' });
  const body = server.sms.requests[before]!.form.Body!;
  expect(body).toMatch(/^AXIS CloudSync 電話番号の確認コード \d{6}/);
  expect(body.length).toBeLessThanOrEqual(70);
  const code = /\n@cloudsync\.test #(\d{6})$/.exec(body)?.[1];
  expect(code).toMatch(/^\d{6}$/);
  expect(body.split('\n')[0]).toContain(code);
  expect((await client.confirmEnrollment({ factorId: started.factorId, code: code! })).factor.kind).toBe('sms');
});
