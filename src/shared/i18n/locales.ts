/**
 * The languages the product speaks, and how a language is chosen from what a
 * host or browser asks for (a region falls back to its language: es-MX → es,
 * then English). Shared by the task pane, the portal and the server.
 */
export const locales = ['en', 'de', 'fr', 'es', 'ja', 'pt-BR', 'ar'] as const;
export type ShippedLocale = (typeof locales)[number];

/**
 * Microsoft's pseudo-locale: English with every letter accented, 40 % longer
 * and wrapped in ⟦ ⟧, to find untranslated text and layouts that cannot grow.
 * Not offered to users; the pane gets it from Office's displayLanguage, the
 * portal from `?lang=qps-ploc`.
 */
export const pseudoLocale = 'qps-ploc';
export type Locale = ShippedLocale | typeof pseudoLocale;

/** Marks around every pseudo-localized message: text on screen without them was not translated. */
export const pseudoMarks = { open: '⟦', close: '⟧' } as const;

export const defaultLocale: ShippedLocale = 'en';

/** Each language's name in that language, for the language picker. */
export const localeNames: Record<ShippedLocale, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  ja: '日本語',
  'pt-BR': 'Português (Brasil)',
  ar: 'العربية',
};

const rightToLeft = new Set<string>(['ar']);

export function isRightToLeft(locale: string): boolean {
  return rightToLeft.has(locale);
}

export function isShippedLocale(value: unknown): value is ShippedLocale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/**
 * The first supported language among `requested` (BCP 47 tags, most wanted
 * first): an exact match, else the same language in another region
 * (es-MX → es, pt-PT → pt-BR), else null.
 */
export function matchLocale(requested: readonly (string | null | undefined)[], allowPseudo = false): Locale | null {
  for (const raw of requested) {
    if (!raw) continue;
    const tag = raw.trim().replace(/_/g, '-');
    if (allowPseudo && tag.toLowerCase() === pseudoLocale) return pseudoLocale;
    const exact = locales.find((l) => l.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const language = tag.split('-')[0]!.toLowerCase();
    const sameLanguage = locales.find((l) => l.split('-')[0]!.toLowerCase() === language);
    if (sameLanguage) return sameLanguage;
  }
  return null;
}

/** matchLocale, falling back to English. */
export function chooseLocale(requested: readonly (string | null | undefined)[], allowPseudo = false): Locale {
  return matchLocale(requested, allowPseudo) ?? defaultLocale;
}

/** The languages of an Accept-Language header, most wanted first (q-values honoured). */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag!.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((x) => x.tag && x.tag !== '*' && x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((x) => x.tag);
}
