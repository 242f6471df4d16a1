/**
 * Password rules (NIST SP 800-63B §3.1.1.2): at least 12 characters, no
 * composition rules, and not a commonly used, breached or expected choice.
 */
import { isCommonPassword } from '../../src/server/crypto/common-passwords';
import { passwordProblem } from '../../src/server/crypto/password';

const username = 'ada.lovelace@contoso.com';

test.each([
  'password1234', // on the list as it is
  'iloveyou2020', // a common password and a year
  'Summer2024!!',
  'QWERTYUIOP12',
  '123monkey123',
  'letmein12345',
])('"%s" is refused as common', async (password) => {
  expect(await isCommonPassword(password)).toBe(true);
  expect(await passwordProblem(password, username)).toMatch(/too common|breaches/);
});

test.each(['correct horse battery staple', 'kX9#mQ2$vL7p!', 'plum tractor velvet 1987', 'Tr0ub4dor&3 blue lagoon'])('"%s" is accepted', async (password) => {
  expect(await isCommonPassword(password)).toBe(false);
  expect(await passwordProblem(password, username)).toBeNull();
});

test('short, repeated, the username, its local part, or the service name: refused with a reason', async () => {
  expect(await passwordProblem('short pass', username)).toMatch(/at least 12/);
  expect(await passwordProblem('aaaaaaaaaaaaaaa', username)).toMatch(/too common/);
  expect(await passwordProblem(`my ${username} pass`, username)).toMatch(/username/);
  expect(await passwordProblem('ADA.LOVELACE and more words', username)).toMatch(/username/);
  expect(await passwordProblem('my cloudsync password!', username)).toMatch(/too common/);
});

test('the list is checked by a hash of the lower-cased password: the worker and the lookup agree', async () => {
  // "123456" is the list's first entry; too short to be a password here, but the stem lookup finds it.
  expect(await isCommonPassword('123456')).toBe(true);
  expect(await isCommonPassword('not-on-any-list-7f3a9c')).toBe(false);
});
