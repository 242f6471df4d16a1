import { randomBytes, randomToken } from '../../src/server/crypto/tokens';

describe('pooled CSPRNG bytes (bearer tokens, challenge nonces)', () => {
  it('hands out every byte once: thousands of tokens, all distinct, across pool refills', () => {
    const tokens = Array.from({ length: 5000 }, () => randomToken());
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens.slice(0, 50)) expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('gives the size asked for, small or large, and the bytes look random (no zero runs from the wiped pool)', () => {
    for (const size of [1, 12, 16, 32, 511, 512, 513, 5000]) expect(randomBytes(size)).toHaveLength(size);
    const sample = Buffer.concat(Array.from({ length: 400 }, () => randomBytes(32)));
    const zeros = sample.filter((b) => b === 0).length;
    // 12,800 uniform bytes: ≈ 50 zeros expected; a reused wiped slice would add 32 at a time.
    expect(zeros).toBeLessThan(150);
    const counts = new Array(256).fill(0);
    for (const b of sample) counts[b] += 1;
    expect(Math.max(...counts)).toBeLessThan(120);
  });

  it('returns a copy: changing it changes no later draw', () => {
    const a = randomBytes(32);
    a.fill(7);
    const b = randomBytes(32);
    expect(b.equals(Buffer.alloc(32, 7))).toBe(false);
  });
});
