import { generateOtp, matchTotpStep, newTotpSecret, provisioning, totpStep } from '../../src/server/services/totp';

const rfcSecret = Buffer.from('12345678901234567890', 'ascii');

describe('RFC 4226 Appendix D (HOTP, SHA-1, 6 digits)', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  test.each(expected.map((code, counter) => [counter, code]))('counter %i → %s', (counter, code) => {
    expect(generateOtp(rfcSecret, { counter, digits: 6 })).toBe(code);
  });
});

describe('RFC 6238 Appendix B (TOTP, SHA-1 rows, 8 digits, 30 s)', () => {
  const rows: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  test.each(rows)('T = %i s → %s', (seconds, code) => {
    expect(generateOtp(rfcSecret, { timestampMs: seconds * 1000, digits: 8 })).toBe(code);
  });
});

describe('verification window', () => {
  const secret = newTotpSecret();
  const now = Date.UTC(2026, 10, 28, 12, 0, 10);
  const codeAt = (ms: number) => generateOtp(secret, { timestampMs: ms });

  test('secrets are 160 bits from the CSPRNG', () => {
    expect(secret).toHaveLength(20);
    expect(newTotpSecret().equals(secret)).toBe(false);
  });

  test('accepts the current step and one step either side, and names the step', () => {
    expect(matchTotpStep(secret, codeAt(now), now)).toBe(totpStep(now));
    expect(matchTotpStep(secret, codeAt(now - 30_000), now)).toBe(totpStep(now) - 1);
    expect(matchTotpStep(secret, codeAt(now + 30_000), now)).toBe(totpStep(now) + 1);
  });

  test('refuses codes two steps away and anything that is not six digits', () => {
    const far = codeAt(now - 60_000);
    if (![codeAt(now), codeAt(now - 30_000), codeAt(now + 30_000)].includes(far)) {
      expect(matchTotpStep(secret, far, now)).toBeNull();
    }
    expect(matchTotpStep(secret, '12345', now)).toBeNull();
    expect(matchTotpStep(secret, 'abcdef', now)).toBeNull();
  });

  test('provisioning: otpauth URI with the issuer, label and parameters authenticator apps honour, and an SVG QR', async () => {
    const p = await provisioning(secret, 'alice@example.com');
    const uri = new URL(p.otpauthUri);
    expect(p.otpauthUri.startsWith('otpauth://totp/AXIS%20CloudSync:alice%40example.com?')).toBe(true);
    expect(uri.host).toBe('totp');
    expect(uri.searchParams.get('issuer')).toBe('AXIS CloudSync');
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('secret')).toBe(p.secretBase32);
    expect(p.qrSvg.startsWith('<svg')).toBe(true);
  });
});
