/** Text-message codes fit one SMS segment (≤ 160 GSM-7 characters) and end with the origin-bound line phones autofill from. */
import { Messages, type CodePurpose } from '../../src/server/delivery/messages';

// The GSM 03.38 basic character set (no extension table: those characters count double).
const gsm7 = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const purposes: CodePurpose[] = ['sign_in', 'step_up', 'enroll'];

test.each([
  ['https://cloudsync.example.com', 'cloudsync.example.com'],
  ['https://localhost:3000', 'localhost:3000'],
  ['https://two-step-authentication.eu-west.axis-cloudsync-customer.example.com', 'two-step-authentication.eu-west.axis-cloudsync-customer.example.com'],
])('at %s every code text is one GSM-7 segment ending in @host #code', (publicUrl, host) => {
  const messages = new Messages({ publicUrl, supportPhone: '1-866-232-2211' });
  for (const purpose of purposes) {
    const body = messages.codeSms('042917', purpose, 10);
    expect(body.length).toBeLessThanOrEqual(160);
    expect([...body].filter((c) => !gsm7.has(c))).toEqual([]);
    expect(body.split('\n').at(-1)).toBe(`@${host} #042917`);
    expect(body).toMatch(/^AXIS CloudSync code 042917 to /);
    expect(body).toContain('Valid 10 min.');
  }
});

test('with a usual host the text keeps the full advice', () => {
  const body = new Messages({ publicUrl: 'https://cloudsync.example.com', supportPhone: '1-866-232-2211' }).codeSms('042917', 'step_up', 10);
  expect(body).toBe('AXIS CloudSync code 042917 to confirm a security change. Valid 10 min. Never share it; we never ask for it.\n\n@cloudsync.example.com #042917');
});
