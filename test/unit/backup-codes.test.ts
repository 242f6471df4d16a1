import { newBackupCode, normalizeBackupCode } from '../../src/server/services/backup-code-format';

test('backup codes are 12 Crockford characters (60 bits) grouped for typing', () => {
  const code = newBackupCode();
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  expect(new Set(Array.from({ length: 200 }, newBackupCode)).size).toBe(200);
});

test('reading is forgiving: case, spaces, dashes, O for 0 and I/L for 1', () => {
  expect(normalizeBackupCode('abcd-efgh-jk01')).toBe('ABCDEFGHJK01');
  expect(normalizeBackupCode(' ABCD EFGH JKOl ')).toBe('ABCDEFGHJK01');
  expect(normalizeBackupCode('ABCD-EFGH-JKU1')).toBeNull();
  expect(normalizeBackupCode('ABCD-EFGH')).toBeNull();
});
