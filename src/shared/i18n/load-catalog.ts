/**
 * Browser side: fetches the active language's compiled sections for one
 * surface (one chunk per language and surface, so the pane downloads only its
 * own language) and activates it.
 */
import type { Messages } from '@lingui/core';
import { activate } from './runtime';
import { isRightToLeft, type Locale } from './locales';

type Chunk = Promise<{ default: object }[]>;

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

async function loadInto(locale: Locale, chunk: () => Chunk): Promise<void> {
  const parts = await chunk();
  activate(locale, Object.assign({}, ...parts.map((p) => p.default)) as Messages);
  document.documentElement.lang = locale;
  document.documentElement.dir = isRightToLeft(locale) ? 'rtl' : 'ltr';
}

/** Loads and activates the task pane's messages in `locale`. */
export function loadPaneCatalog(locale: Locale): Promise<void> {
  return loadInto(locale, paneChunks[locale]);
}

/** Loads and activates the portal's messages in `locale`. */
export function loadPortalCatalog(locale: Locale): Promise<void> {
  return loadInto(locale, portalChunks[locale]);
}
