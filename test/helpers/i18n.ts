/**
 * Activates a language in jest (node) the way the browser does after loading
 * its catalog: every section of catalogs/<locale>, compiled.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compileCatalog } from '../../src/shared/i18n/compile';
import { pseudoLocale, type Locale } from '../../src/shared/i18n/locales';
import { activate } from '../../src/shared/i18n/runtime';
import { sections } from '../../src/shared/i18n/sections';

export const catalogsDir = path.join(__dirname, '..', '..', 'src', 'shared', 'i18n', 'catalogs');

/** The raw (ICU source) messages of every section of `locale`. */
export function catalogSource(locale: string): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const section of sections) Object.assign(merged, JSON.parse(fs.readFileSync(path.join(catalogsDir, locale, `${section}.json`), 'utf8')));
  return merged;
}

export function activateForTest(locale: Locale): void {
  const pseudo = locale === pseudoLocale;
  activate(locale, compileCatalog(catalogSource(pseudo ? 'en' : locale), pseudo));
}
