/**
 * The pane's wording rules in every language: wrong-code pauses (short pause vs the real lock, the warning
 * before pauses start, from the server's `pause` / `triesBeforePause`), the session limits said next-first,
 * and the API client reading the new problem fields.
 */
import { ApiError } from '../../src/shared/api-client';
import { formatTime } from '../../src/shared/i18n/format';
import { activateForTest, catalogSource } from '../helpers/i18n';
import { toGateError } from '../../src/taskpane/gate/errors';
import { sessionLimits } from '../../src/taskpane/views/SignedInView';
import { messageFor } from '../../src/ui/errors';

afterEach(() => activateForTest('en'));

const problem = (extra: Record<string, unknown>) =>
  new ApiError({ type: 'about:blank', title: 'Invalid code', status: 401, code: 'invalid_code', detail: 'The code is not valid.', ...extra } as never);

describe('wrong codes', () => {
  it('a short pause is gentle and says the wait with correct plurals; the lock keeps its own title', () => {
    const short = messageFor(toGateError(problem({ retryAfter: 2, pause: 'short' })));
    expect(short.title).toBe('Wait a moment');
    expect(short.body).toContain('Wait 2 seconds before the next try.');
    expect(messageFor(toGateError(problem({ retryAfter: 1, pause: 'short' }))).body).toContain('Wait 1 second before');
    const lock = messageFor(toGateError(problem({ retryAfter: 900, pause: 'lock' })));
    expect(lock.title).toBe('Too many wrong codes');
    expect(lock.body).toContain('Try again in 15 minutes.');
  });

  it('without the pause field, a wait under a minute reads as the short pause and a longer one as the lock', () => {
    expect(messageFor({ code: 'invalid_code', retryAfter: 4 }).title).toBe('Wait a moment');
    expect(messageFor({ code: 'invalid_code', retryAfter: 600 }).title).toBe('Too many wrong codes');
  });

  it('warns before the first pause when two or fewer tries are left, not earlier', () => {
    expect(messageFor(toGateError(problem({ triesBeforePause: 1 }))).body).toContain('One more wrong code and you’ll have to wait before each new try.');
    expect(messageFor(toGateError(problem({ triesBeforePause: 2 }))).body).toContain('2 more wrong codes and you’ll have to wait');
    const early = messageFor(toGateError(problem({ triesBeforePause: 3 })));
    expect(early).toEqual({ title: catalogSource('en')['common.error.invalidCode.title'], body: catalogSource('en')['common.error.invalidCode.body'] });
  });

  it('the same messages in German and Arabic (plural forms of the language)', () => {
    activateForTest('de');
    expect(messageFor({ code: 'invalid_code', retryAfter: 2, pause: 'short' }).body).toContain('Warten Sie 2 Sekunden bis zum nächsten Versuch.');
    expect(messageFor({ code: 'invalid_code', triesBeforePause: 1 }).body).toContain('Nach einem weiteren falschen Code');
    activateForTest('ar');
    expect(messageFor({ code: 'invalid_code', retryAfter: 2, pause: 'short' }).body).toContain('انتظر ثانيتين قبل المحاولة التالية.');
    expect(messageFor({ code: 'invalid_code', retryAfter: 900, pause: 'lock' }).title).toBe('رموز خاطئة كثيرة جدًا');
  });

  it('the API error reads pause and triesBeforePause, and ignores values it does not know', () => {
    expect(problem({ pause: 'short', triesBeforePause: 2 })).toMatchObject({ pause: 'short', triesBeforePause: 2 });
    const odd = problem({ pause: 'forever', triesBeforePause: -1 });
    expect([odd.pause, odd.triesBeforePause]).toEqual([undefined, undefined]);
    expect(toGateError(odd)).not.toHaveProperty('pause');
  });
});

describe('session limits on the signed-in screen', () => {
  const now = Date.UTC(2026, 11, 2, 1, 0);
  it('says the next limit first (inactivity), then the latest', () => {
    const end = new Date(Date.UTC(2026, 11, 2, 14, 22)).toISOString();
    const idle = new Date(Date.UTC(2026, 11, 2, 3, 22)).toISOString();
    const text = sessionLimits(end, idle, now);
    expect(text).toMatch(/^Signed in until .+ if you stay inactive, and until .+ at the latest\.$/);
    // In the viewer's time zone, with the locale's clock (the date too when a limit is not today).
    expect(text.indexOf(formatTime(idle))).toBeGreaterThan(-1);
    expect(text.indexOf(formatTime(idle))).toBeLessThan(text.indexOf(formatTime(end)));
  });
  it('one limit only when inactivity cannot come first', () => {
    const end = new Date(Date.UTC(2026, 11, 2, 14, 22)).toISOString();
    expect(sessionLimits(end, end, now)).toMatch(/^Signed in until [^,]+\.$/);
  });
});
