/**
 * The languages the add-in's manifests speak. Office names languages by culture
 * (de-DE), the catalogs by language (de): each manifest language is one shipped
 * catalog language, and every manifest string is a catalog message (its English
 * is the DefaultValue, the others are <Override>s and the unified manifest's
 * localization files), so no manifest text is written twice.
 */
import type { ShippedLocale } from '../../shared/i18n/locales';
import type { MessageId } from '../../shared/i18n/message-ids';
import { translator } from '../i18n/translator';

/** Office culture → catalog language, for every shipped language but English (the default). */
export const manifestCultures: readonly { culture: string; locale: Exclude<ShippedLocale, 'en'> }[] = [
  { culture: 'de-DE', locale: 'de' },
  { culture: 'fr-FR', locale: 'fr' },
  { culture: 'es-ES', locale: 'es' },
  { culture: 'ja-JP', locale: 'ja' },
  { culture: 'pt-BR', locale: 'pt-BR' },
  { culture: 'ar-SA', locale: 'ar' },
];

/** A manifest string in English (its DefaultValue). */
export function english(id: MessageId): string {
  return translator('en')(id);
}

/** A manifest string in each manifest language. */
export function overrides(id: MessageId): { culture: string; value: string }[] {
  return manifestCultures.map(({ culture, locale }) => ({ culture, value: translator(locale)(id) }));
}
