import { localeNames, locales } from '../../shared/i18n/locales';

/** The shipped languages as <option>s, each named in its own language (for a Select): never translated. */
export function LanguageOptions() {
  return (
    <>
      {locales.map((locale) => (
        <option key={locale} value={locale} lang={locale} translate="no">
          {localeNames[locale]}
        </option>
      ))}
    </>
  );
}
