/**
 * The portal's language, chosen before the first render: `?lang=<tag>` in the
 * address (the pseudo-locale qps-ploc too) > the user's saved choice (GET
 * /api/v1/me `locale`, remembered in this browser so the next visit starts in
 * it) > the browser's languages > English. After /me loads, call
 * applySavedLocale(me.locale).
 */
import { loadPortalCatalog } from '../shared/i18n/portal-catalog';
import { chooseLocale, defaultLocale, isShippedLocale, matchLocale, type Locale } from '../shared/i18n/locales';
import { currentLocale } from '../shared/i18n/runtime';

const savedKey = 'axis-cloudsync.portal.locale';

function remembered(): string | null {
  try {
    return window.localStorage.getItem(savedKey);
  } catch {
    return null;
  }
}

function remember(locale: string | null): void {
  try {
    if (locale) window.localStorage.setItem(savedKey, locale);
    else window.localStorage.removeItem(savedKey);
  } catch {
    // Storage blocked: the saved choice still applies once /me loads.
  }
}

/** `?lang=` of the address, when it names a language the portal speaks (or qps-ploc). */
export function requestedLocale(search = window.location.search): Locale | null {
  const lang = new URLSearchParams(search).get('lang');
  return lang ? matchLocale([lang], true) : null;
}

function browserLocale(): Locale {
  return chooseLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

/** The language of the first render. */
export function initialPortalLocale(): Locale {
  const saved = remembered();
  return requestedLocale() ?? (isShippedLocale(saved) ? saved : null) ?? browserLocale();
}

/** Loads the language of the first render (English should its chunk fail to load). */
export async function loadInitialLocale(): Promise<void> {
  try {
    await loadPortalCatalog(initialPortalLocale());
  } catch {
    await loadPortalCatalog(defaultLocale);
  }
}

/**
 * The signed-in user's saved language (null: none saved, follow the browser).
 * `?lang=` still wins. Switches the portal when it differs from the active one.
 */
export async function applySavedLocale(saved: string | null | undefined): Promise<void> {
  if (requestedLocale()) return;
  const wanted: Locale = isShippedLocale(saved) ? saved : browserLocale();
  remember(isShippedLocale(saved) ? saved : null);
  if (wanted !== currentLocale()) await loadPortalCatalog(wanted).catch(() => undefined);
}
