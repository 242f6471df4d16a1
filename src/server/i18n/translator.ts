/**
 * The server's words (emails, text messages, API error details) in every
 * language, compiled once at start from the shared catalogs' `common` and
 * `server` sections. The server serves many languages at once, so each
 * language has its own translator rather than one active language.
 */
import { setupI18n, type I18n, type Messages } from '@lingui/core';
import { compileCatalog } from '../../shared/i18n/compile';
import { defaultLocale, locales, pseudoLocale, type Locale } from '../../shared/i18n/locales';
import type { MessageId, MessageValues } from '../../shared/i18n/message-ids';
import enCommon from '../../shared/i18n/catalogs/en/common.json';
import enServer from '../../shared/i18n/catalogs/en/server.json';
import deCommon from '../../shared/i18n/catalogs/de/common.json';
import deServer from '../../shared/i18n/catalogs/de/server.json';
import frCommon from '../../shared/i18n/catalogs/fr/common.json';
import frServer from '../../shared/i18n/catalogs/fr/server.json';
import esCommon from '../../shared/i18n/catalogs/es/common.json';
import esServer from '../../shared/i18n/catalogs/es/server.json';
import jaCommon from '../../shared/i18n/catalogs/ja/common.json';
import jaServer from '../../shared/i18n/catalogs/ja/server.json';
import ptBRCommon from '../../shared/i18n/catalogs/pt-BR/common.json';
import ptBRServer from '../../shared/i18n/catalogs/pt-BR/server.json';
import arCommon from '../../shared/i18n/catalogs/ar/common.json';
import arServer from '../../shared/i18n/catalogs/ar/server.json';

const sources: Record<(typeof locales)[number], Record<string, string>> = {
  en: { ...enCommon, ...enServer },
  de: { ...deCommon, ...deServer },
  fr: { ...frCommon, ...frServer },
  es: { ...esCommon, ...esServer },
  ja: { ...jaCommon, ...jaServer },
  'pt-BR': { ...ptBRCommon, ...ptBRServer },
  ar: { ...arCommon, ...arServer },
};

export type Translate = (id: MessageId, values?: MessageValues) => string;

const translators = new Map<Locale, Translate>();

function build(locale: Locale): Translate {
  // English under each language: a message missing from a catalog (the catalog test fails on it) still reads.
  const source = locale === pseudoLocale ? sources.en : { ...sources.en, ...sources[locale] };
  const messages: Messages = compileCatalog(source, locale === pseudoLocale);
  const i18n: I18n = setupI18n({ locale, messages: { [locale]: messages } });
  return (id, values) => i18n._(id, values);
}

/** The server's messages in `locale` (English when absent). Compiled on first use, then kept. */
export function translator(locale: Locale = defaultLocale): Translate {
  let translate = translators.get(locale);
  if (!translate) {
    translate = build(locale);
    translators.set(locale, translate);
  }
  return translate;
}
