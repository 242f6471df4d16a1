/**
 * Every language's catalog has every English message, each valid ICU with the
 * same placeholders, and is really translated: CI fails on a missing, broken
 * or forgotten translation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compileMessage, type CompiledMessage } from '@lingui/message-utils/compileMessage';
import { locales } from '../../src/shared/i18n/locales';
import { sections } from '../../src/shared/i18n/sections';
import { catalogsDir } from '../helpers/i18n';

const read = (locale: string, section: string): Record<string, string> =>
  JSON.parse(fs.readFileSync(path.join(catalogsDir, locale, `${section}.json`), 'utf8'));

/** The placeholder names a compiled message uses (plural/select arguments included), sorted. */
function placeholders(message: CompiledMessage, found = new Set<string>()): string[] {
  for (const part of message) {
    if (typeof part === 'string') continue;
    const [name, , options] = part as [string, string?, Record<string, unknown>?];
    found.add(name);
    for (const value of Object.values(options ?? {})) if (Array.isArray(value)) placeholders(value as CompiledMessage, found);
  }
  return [...found].sort();
}

const translated = locales.filter((l) => l !== 'en');

test('the catalogs folder has exactly the shipped languages, each with every section', () => {
  expect(fs.readdirSync(catalogsDir).sort()).toEqual([...locales].sort());
  for (const locale of locales) expect(fs.readdirSync(path.join(catalogsDir, locale)).sort()).toEqual(sections.map((s) => `${s}.json`).sort());
});

test.each(sections)('English section %s: every id starts with its section and every message is valid ICU', (section) => {
  for (const [id, text] of Object.entries(read('en', section))) {
    expect(id.startsWith(`${section}.`)).toBe(true);
    expect(() => compileMessage(text)).not.toThrow();
  }
});

describe.each(translated)('%s', (locale) => {
  test.each(sections)('section %s has every English message and no other, with the same placeholders', (section) => {
    const english = read('en', section);
    const own = read(locale, section);
    expect(Object.keys(own).sort()).toEqual(Object.keys(english).sort());
    for (const [id, text] of Object.entries(own)) {
      let compiled: CompiledMessage;
      try {
        compiled = compileMessage(text);
      } catch (e) {
        throw new Error(`${locale} ${id}: not valid ICU: ${(e as Error).message}`);
      }
      expect({ id, placeholders: placeholders(compiled) }).toEqual({ id, placeholders: placeholders(compileMessage(english[id]!)) });
    }
  });

  test('is a translation, not a copy of the English', () => {
    const english = Object.assign({}, ...sections.map((s) => read('en', s))) as Record<string, string>;
    const own = Object.assign({}, ...sections.map((s) => read(locale, s))) as Record<string, string>;
    const ids = Object.keys(english);
    const same = ids.filter((id) => own[id] === english[id]);
    // Brand names and codes may stay as they are; nearly everything else is in the language.
    expect(same.length).toBeLessThanOrEqual(Math.max(3, Math.ceil(ids.length * 0.05)));
  });
});
