/**
 * Browser side, task pane only: fetches the pane's sections (common + pane) in one language, one chunk per
 * language, and activates it. Apart from the portal's loaders so the pane's initial script knows only its own.
 */
import { loadInto, type Chunk } from './apply-catalog';
import type { Locale } from './locales';

// One line per language: webpack needs the paths written out to name each chunk.
const paneChunks: Record<Locale, () => Chunk> = {
  en: () => Promise.all([import(/* webpackChunkName: "pane-en" */ './catalogs/en/common.json'), import(/* webpackChunkName: "pane-en" */ './catalogs/en/pane.json')]),
  de: () => Promise.all([import(/* webpackChunkName: "pane-de" */ './catalogs/de/common.json'), import(/* webpackChunkName: "pane-de" */ './catalogs/de/pane.json')]),
  fr: () => Promise.all([import(/* webpackChunkName: "pane-fr" */ './catalogs/fr/common.json'), import(/* webpackChunkName: "pane-fr" */ './catalogs/fr/pane.json')]),
  es: () => Promise.all([import(/* webpackChunkName: "pane-es" */ './catalogs/es/common.json'), import(/* webpackChunkName: "pane-es" */ './catalogs/es/pane.json')]),
  ja: () => Promise.all([import(/* webpackChunkName: "pane-ja" */ './catalogs/ja/common.json'), import(/* webpackChunkName: "pane-ja" */ './catalogs/ja/pane.json')]),
  'pt-BR': () => Promise.all([import(/* webpackChunkName: "pane-pt-BR" */ './catalogs/pt-BR/common.json'), import(/* webpackChunkName: "pane-pt-BR" */ './catalogs/pt-BR/pane.json')]),
  ar: () => Promise.all([import(/* webpackChunkName: "pane-ar" */ './catalogs/ar/common.json'), import(/* webpackChunkName: "pane-ar" */ './catalogs/ar/pane.json')]),
  'qps-ploc': () =>
    Promise.all([import(/* webpackChunkName: "pane-qps-ploc" */ './catalogs/en/common.json?pseudo'), import(/* webpackChunkName: "pane-qps-ploc" */ './catalogs/en/pane.json?pseudo')]),
};

/**
 * Starts fetching `locale`'s chunk without activating it: the pane guesses from the browser's languages
 * before Office says its display language, which is usually the same (the chunk is then already here).
 */
export function prefetchPaneCatalog(locale: Locale): void {
  void paneChunks[locale]().catch(() => undefined);
}

/** Loads and activates the task pane's messages in `locale`. */
export function loadPaneCatalog(locale: Locale): Promise<void> {
  return loadInto(locale, paneChunks[locale]);
}
