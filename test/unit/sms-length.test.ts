/**
 * Text-message codes fit one SMS segment in every language (≤ 160 GSM-7 characters, or ≤ 70 when the text needs
 * UCS-2: Japanese, Arabic) and end with the origin-bound line phones autofill from.
 */
import { Messages, type CodePurpose } from '../../src/server/delivery/messages';
import { locales } from '../../src/shared/i18n/locales';

// The GSM 03.38 basic character set (no extension table: those characters count double).
const gsm7 = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const isGsm7 = (text: string) => [...text].every((c) => gsm7.has(c));
const purposes: CodePurpose[] = ['sign_in', 'step_up', 'enroll'];
const hosts = [
  ['https://cloudsync.example.com', 'cloudsync.example.com'],
  ['https://localhost:3000', 'localhost:3000'],
  ['https://two-step-authentication.eu-west.axis-cloudsync-customer.example.com', 'two-step-authentication.eu-west.axis-cloudsync-customer.example.com'],
] as const;
const sms = (publicUrl: string, purpose: CodePurpose, locale: (typeof locales)[number] = 'en') =>
  new Messages({ publicUrl, supportPhone: '1-866-232-2211' }).codeSms('042917', purpose, 10, { locale, timeZone: null });

test.each(hosts)('at %s every English code text is one GSM-7 segment ending in @host #code', (publicUrl, host) => {
  for (const purpose of purposes) {
    const body = sms(publicUrl, purpose);
    expect(body.length).toBeLessThanOrEqual(160);
    expect([...body].filter((c) => !gsm7.has(c))).toEqual([]);
    expect(body.split('\n').at(-1)).toBe(`@${host} #042917`);
    expect(body).toMatch(/^AXIS CloudSync code 042917 to /);
    expect(body).toContain('Valid 10 min.');
  }
});

describe.each(locales)('%s', (locale) => {
  test.each(hosts)('at %s every code text is one segment (160 GSM-7 or 70 UCS-2 characters) with the code and @host #code last', (publicUrl, host) => {
    for (const purpose of purposes) {
      const body = sms(publicUrl, purpose, locale);
      expect(body.length).toBeLessThanOrEqual(isGsm7(body) ? 160 : 70);
      const lines = body.split('\n');
      expect(lines.at(-1)).toBe(`@${host} #042917`);
      expect(lines[0]).toContain('042917');
    }
  });
});

test('with a usual host the text keeps the full advice', () => {
  const body = sms('https://cloudsync.example.com', 'step_up');
  expect(body).toBe('AXIS CloudSync code 042917 to confirm a security change. Valid 10 min. Never share it; we never ask for it.\n\n@cloudsync.example.com #042917');
});

test('German, French, Spanish and Portuguese texts stay in GSM-7 (160 characters) and keep the validity', () => {
  const valid = { de: '10 Min. gültig', fr: 'Valable 10 min', es: 'Caduca en 10 min', 'pt-BR': 'Vale por 10 min' } as const;
  for (const [locale, words] of Object.entries(valid) as [keyof typeof valid, string][]) {
    for (const purpose of purposes) {
      const body = sms('https://cloudsync.example.com', purpose, locale);
      expect({ locale, purpose, gsm7: isGsm7(body) }).toEqual({ locale, purpose, gsm7: true });
      expect(body).toContain(words);
    }
  }
  expect(sms('https://cloudsync.example.com', 'sign_in', 'de')).toBe('AXIS CloudSync-Code 042917 zur Anmeldung. 10 Min. gültig. Nie weitergeben; wir fragen nie danach.\n\n@cloudsync.example.com #042917');
});

test('a Japanese text is in Japanese and fits 70 characters; Arabic too', () => {
  const ja = sms('https://localhost:3000', 'sign_in', 'ja');
  expect(ja).toBe('AXIS CloudSync サインインコード 042917。有効期限 10 分。\n\n@localhost:3000 #042917');
  expect(ja.length).toBeLessThanOrEqual(70);
  const ar = sms('https://localhost:3000', 'sign_in', 'ar');
  expect(ar).toMatch(/^رمز AXIS CloudSync:? 042917/);
  expect(ar.endsWith('\n\n@localhost:3000 #042917')).toBe(true);
  expect(ar.length).toBeLessThanOrEqual(70);
});

test('when no Japanese wording fits one segment beside a very long host, the English one does (the code is never dropped)', () => {
  const body = sms(hosts[2][0], 'sign_in', 'ja');
  expect(isGsm7(body)).toBe(true);
  expect(body).toMatch(/^AXIS CloudSync code 042917 to sign in\./);
  expect(body.length).toBeLessThanOrEqual(160);
});
