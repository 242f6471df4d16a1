/**
 * The active language and `t()`, on Lingui's runtime (about 2 KB gzip): it
 * formats precompiled ICU messages (plurals, selects, placeholders), so no
 * message parser ships to the browser. Catalogs are compiled at build time
 * (scripts/i18n-catalog-loader.cjs) or, on the server, at start.
 */
import { setupI18n, type Messages } from '@lingui/core';
import { defaultLocale, isRightToLeft, type Locale } from './locales';
import type { MessageDescriptor, MessageId, MessageValues } from './message-ids';

export const i18n = setupI18n();
let activeLocale: Locale = defaultLocale;

/** Adds compiled messages for `locale` and makes it the active language. */
export function activate(locale: Locale, messages: Messages): void {
  i18n.load(locale, messages);
  activeLocale = locale;
  i18n.activate(locale);
}

/** The active language (BCP 47), for `lang` attributes and Intl. */
export function currentLocale(): Locale {
  return activeLocale;
}

/** The writing direction of the active language. */
export function currentDirection(): 'ltr' | 'rtl' {
  return isRightToLeft(activeLocale) ? 'rtl' : 'ltr';
}

/** The message `id` in the active language, its placeholders filled from `values`. */
export function t(id: MessageId, values?: MessageValues): string {
  return i18n._(id, values);
}

/** A message described earlier (e.g. by the gate), in the active language. */
export function tm(message: MessageDescriptor): string {
  return i18n._(message.id, message.values);
}

/** Calls `listener` after each language change; returns the unsubscribe. */
export function onLocaleChange(listener: () => void): () => void {
  return i18n.on('change', listener);
}
