/**
 * Dates, times and durations in the active language, with Intl (and in the
 * viewer's time zone unless one is given, e.g. a user's saved zone in an email).
 */
import { pseudoLocale, pseudoMarks, type Locale } from './locales';
import type { MessageId, MessageValues } from './message-ids';
import { currentLocale, t } from './runtime';

/** The locale to hand Intl: the pseudo-locale formats as English (and is marked). */
function intlLocale(locale: Locale): string {
  return locale === pseudoLocale ? 'en' : locale;
}

function mark(locale: Locale, text: string): string {
  return locale === pseudoLocale ? `${pseudoMarks.open}${text}${pseudoMarks.close}` : text;
}

export interface FormatOptions {
  locale?: Locale;
  timeZone?: string;
}

/** "2 Dec 2026, 14:22" in the locale's own order and clock. */
export function formatDateTime(when: Date | number | string, options: FormatOptions = {}): string {
  const locale = options.locale ?? currentLocale();
  const text = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone: options.timeZone }).format(new Date(when));
  return mark(locale, text);
}

/** "2 Dec 2026" */
export function formatDate(when: Date | number | string, options: FormatOptions = {}): string {
  const locale = options.locale ?? currentLocale();
  return mark(locale, new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: options.timeZone }).format(new Date(when)));
}

/** "14:22" or "2:22 PM", as the locale writes it. */
export function formatTime(when: Date | number | string, options: FormatOptions = {}): string {
  const locale = options.locale ?? currentLocale();
  return mark(locale, new Intl.DateTimeFormat(intlLocale(locale), { timeStyle: 'short', timeZone: options.timeZone }).format(new Date(when)));
}

/**
 * A wait in words: "2 seconds" under 90 s, else whole minutes ("3 minutes"), in the active language or
 * through `translate` (the server's translator for the reader's language).
 */
export function formatWait(seconds: number, translate: (id: MessageId, values?: MessageValues) => string = t): string {
  if (seconds < 90) return translate('common.wait.seconds', { seconds: Math.max(1, Math.round(seconds)) });
  return translate('common.wait.minutes', { minutes: Math.ceil(seconds / 60) });
}
