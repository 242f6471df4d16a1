/** The user's own preferences (issue 12): their language and time zone. */
import { Type, type Static } from '@sinclair/typebox';
import { locales, type ShippedLocale } from './i18n/locales';

/** A language the product ships (src/shared/i18n/locales.ts). */
export type PreferredLocale = ShippedLocale;
/** One enum (not a union of constants), so a wrong value gets one clear error: "must be equal to one of the allowed values". */
export const PreferredLocale = Type.Unsafe<PreferredLocale>({ type: 'string', enum: [...locales], description: `A language the product ships: ${locales.join(', ')}` });

export const TimeZone = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+\\-/]+$', description: 'IANA time zone, e.g. Europe/Berlin' });

export const PreferencesRequest = Type.Object(
  {
    /** null: the portal follows the browser's languages; emails and texts use the organization's default. */
    locale: Type.Union([PreferredLocale, Type.Null()]),
    /** Dates in emails are written in this zone (else UTC). Left out: unchanged. */
    timeZone: Type.Optional(TimeZone),
  },
  { additionalProperties: false },
);
export type PreferencesRequest = Static<typeof PreferencesRequest>;

export const PreferencesResponse = Type.Object({
  locale: Type.Union([PreferredLocale, Type.Null()]),
  timeZone: Type.Union([Type.String(), Type.Null()]),
});
export type PreferencesResponse = Static<typeof PreferencesResponse>;
