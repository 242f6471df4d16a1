/**
 * Browser side, portal only: fetches the portal's sections (common + portal + admin) in one language, one
 * chunk per language, and activates it. The pane's loaders are in pane-catalog.ts.
 */
import { loadInto, type Chunk } from './apply-catalog';
import type { Locale } from './locales';

// One line per language: webpack needs the paths written out to name each chunk.
const portalChunks: Record<Locale, () => Chunk> = {
  en: () => Promise.all([import(/* webpackChunkName: "portal-en" */ './catalogs/en/common.json'), import(/* webpackChunkName: "portal-en" */ './catalogs/en/portal.json'), import(/* webpackChunkName: "portal-en" */ './catalogs/en/admin.json')]),
  de: () => Promise.all([import(/* webpackChunkName: "portal-de" */ './catalogs/de/common.json'), import(/* webpackChunkName: "portal-de" */ './catalogs/de/portal.json'), import(/* webpackChunkName: "portal-de" */ './catalogs/de/admin.json')]),
  fr: () => Promise.all([import(/* webpackChunkName: "portal-fr" */ './catalogs/fr/common.json'), import(/* webpackChunkName: "portal-fr" */ './catalogs/fr/portal.json'), import(/* webpackChunkName: "portal-fr" */ './catalogs/fr/admin.json')]),
  es: () => Promise.all([import(/* webpackChunkName: "portal-es" */ './catalogs/es/common.json'), import(/* webpackChunkName: "portal-es" */ './catalogs/es/portal.json'), import(/* webpackChunkName: "portal-es" */ './catalogs/es/admin.json')]),
  ja: () => Promise.all([import(/* webpackChunkName: "portal-ja" */ './catalogs/ja/common.json'), import(/* webpackChunkName: "portal-ja" */ './catalogs/ja/portal.json'), import(/* webpackChunkName: "portal-ja" */ './catalogs/ja/admin.json')]),
  'pt-BR': () => Promise.all([import(/* webpackChunkName: "portal-pt-BR" */ './catalogs/pt-BR/common.json'), import(/* webpackChunkName: "portal-pt-BR" */ './catalogs/pt-BR/portal.json'), import(/* webpackChunkName: "portal-pt-BR" */ './catalogs/pt-BR/admin.json')]),
  ar: () => Promise.all([import(/* webpackChunkName: "portal-ar" */ './catalogs/ar/common.json'), import(/* webpackChunkName: "portal-ar" */ './catalogs/ar/portal.json'), import(/* webpackChunkName: "portal-ar" */ './catalogs/ar/admin.json')]),
  'qps-ploc': () =>
    Promise.all([import(/* webpackChunkName: "portal-qps-ploc" */ './catalogs/en/common.json?pseudo'), import(/* webpackChunkName: "portal-qps-ploc" */ './catalogs/en/portal.json?pseudo'), import(/* webpackChunkName: "portal-qps-ploc" */ './catalogs/en/admin.json?pseudo')]),
};

export { loadPaneCatalog } from './pane-catalog';

/** Loads and activates the portal's messages in `locale`. */
export function loadPortalCatalog(locale: Locale): Promise<void> {
  return loadInto(locale, portalChunks[locale]);
}
