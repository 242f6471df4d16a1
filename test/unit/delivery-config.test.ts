import { ConfigError } from '../../src/server/config';
import { parseDeliveryConfig } from '../../src/server/delivery/config';
import { normalizeDeliveredCode, normalizePhone, maskPhone, newDeliveredCode } from '../../src/server/services/delivered-codes';

const url = 'https://cloudsync.example.com';

test('nothing configured: the dev outbox only for a localhost PUBLIC_URL outside production (or with DEV_OUTBOX=on), off otherwise', () => {
  const outbox = { email: { kind: 'outbox', log: true }, sms: { kind: 'outbox', log: true } };
  const off = { email: { kind: 'off' }, sms: { kind: 'off' } };
  for (const local of ['https://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) expect(parseDeliveryConfig({}, false, local)).toEqual(outbox);
  expect(parseDeliveryConfig({}, false, url)).toEqual(off);
  expect(parseDeliveryConfig({ DEV_OUTBOX: 'on' }, false, url)).toEqual(outbox);
  expect(parseDeliveryConfig({ DEV_OUTBOX: 'off' }, false, 'https://localhost:3000')).toEqual(off);
  expect(parseDeliveryConfig({}, true, url)).toEqual(off);
  expect(parseDeliveryConfig({ DEV_OUTBOX: 'on' }, true, 'https://localhost:3000')).toEqual(off);
  expect(() => parseDeliveryConfig({ DEV_OUTBOX: 'maybe' }, false, url)).toThrow(ConfigError);
});

test('SMTP and a Twilio-style provider from the environment', () => {
  const settings = parseDeliveryConfig(
    {
      SMTP_URL: 'smtp://user:pw@mail.example.com:587',
      MAIL_FROM: 'AXIS CloudSync <no-reply@example.com>',
      SMS_PROVIDER_ACCOUNT: 'AC123',
      SMS_PROVIDER_TOKEN: 'secret',
      SMS_PROVIDER_FROM: '+15005550006',
    },
    true,
    url,
  );
  expect(settings.email).toEqual({ kind: 'smtp', url: 'smtp://user:pw@mail.example.com:587', from: 'AXIS CloudSync <no-reply@example.com>', starttls: 'require', rejectUnauthorized: true });
  expect(settings.sms).toEqual({ kind: 'twilio', baseUrl: 'https://api.twilio.com', account: 'AC123', token: 'secret', from: '+15005550006' });
  // A loopback relay may go without STARTTLS; MAIL_FROM defaults to the public host.
  expect(parseDeliveryConfig({ SMTP_URL: 'smtp://127.0.0.1:25' }, false, url).email).toMatchObject({ starttls: 'opportunistic', from: 'AXIS CloudSync <no-reply@cloudsync.example.com>' });
});

test.each([
  [{ SMTP_URL: 'mail.example.com' }, /SMTP_URL must be a URL/],
  [{ SMTP_URL: 'http://mail.example.com' }, /smtp:\/\/ or smtps:\/\//],
  [{ SMTP_URL: 'smtp://mail.example.com', SMTP_STARTTLS: 'maybe' }, /SMTP_STARTTLS must be/],
  [{ SMTP_URL: 'smtp://mail.example.com', SMTP_TLS_REJECT_UNAUTHORIZED: 'no' }, /SMTP_TLS_REJECT_UNAUTHORIZED/],
  [{ SMTP_URL: 'smtp://mail.example.com', SMTP_TLS_CA_FILE: '/no/such/file.pem' }, /SMTP_TLS_CA_FILE cannot be read/],
  [{ SMTP_URL: 'smtp://mail.example.com', MAIL_FROM: 'nobody' }, /MAIL_FROM must be an address/],
  [{ SMS_PROVIDER_ACCOUNT: 'AC1' }, /SMS_PROVIDER_TOKEN, SMS_PROVIDER_FROM/],
  [{ SMS_PROVIDER_ACCOUNT: 'AC1', SMS_PROVIDER_TOKEN: 't', SMS_PROVIDER_FROM: '555-1234' }, /SMS_PROVIDER_FROM must be an E.164 number/],
  [{ SMS_PROVIDER_ACCOUNT: 'AC1', SMS_PROVIDER_TOKEN: 't', SMS_PROVIDER_FROM: '+15005550006', SMS_PROVIDER_URL: 'ftp://x' }, /SMS_PROVIDER_URL must be http/],
])('a bad delivery setting stops the start with a message naming it: %o', (env, message) => {
  expect(() => parseDeliveryConfig(env, false, url)).toThrow(ConfigError);
  expect(() => parseDeliveryConfig(env, false, url)).toThrow(message);
});

test('codes: six digits, normalized input; phones: E.164 and masked', () => {
  for (let i = 0; i < 200; i++) expect(newDeliveredCode()).toMatch(/^\d{6}$/);
  expect(normalizeDeliveredCode(' 123 456 ')).toBe('123456');
  expect(normalizeDeliveredCode('123-456')).toBe('123456');
  expect(normalizeDeliveredCode('12345')).toBeNull();
  expect(normalizeDeliveredCode('abcdef')).toBeNull();
  expect(normalizePhone('(201) 555-0123', 'US')).toBe('+12015550123');
  expect(normalizePhone('+44 7400 123456')).toBe('+447400123456');
  expect(maskPhone('+15555552211')).toBe('•••• 2211');
});
