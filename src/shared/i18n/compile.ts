/**
 * Compiles a catalog section (id → ICU message) into Lingui's runtime form,
 * optionally as the pseudo-locale. Runs at build time in the webpack loader
 * (scripts/i18n-catalog-loader.cjs) and on the server at start; never in
 * the browser.
 */
import { compileMessage, type CompiledMessage } from '@lingui/message-utils/compileMessage';
import { pseudoMarks } from './locales';

export type CompiledCatalog = Record<string, CompiledMessage>;

const accents: Record<string, string> = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'î', j: 'ĵ', k: 'ķ', l: 'ļ', m: 'ɱ',
  n: 'ñ', o: 'ö', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'û', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Á', B: 'Ɓ', C: 'Ç', D: 'Ð', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Î', J: 'Ĵ', K: 'Ķ', L: 'Ļ', M: 'Ṁ',
  N: 'Ñ', O: 'Ö', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Û', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};

type Part = CompiledMessage[number];

function accentParts(message: CompiledMessage, count: { letters: number }): CompiledMessage {
  return message.map((part: Part): Part => {
    if (typeof part === 'string') {
      if (part === '#') return part; // a plural's number
      count.letters += part.length;
      return part.replace(/[A-Za-z]/g, (c) => accents[c] ?? c);
    }
    const [name, type, options] = part as [string, string?, Record<string, unknown>?];
    if (!options) return part;
    const accented: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(options)) {
      accented[key] = Array.isArray(value) ? accentParts(value as CompiledMessage, count) : typeof value === 'string' ? value.replace(/[A-Za-z]/g, (c) => accents[c] ?? c) : value;
    }
    return [name, type, accented] as Part;
  }) as CompiledMessage;
}

/** English made visibly foreign: accented, 40 % longer, between ⟦ ⟧. Placeholders and plurals still work. */
export function pseudoLocalize(message: CompiledMessage): CompiledMessage {
  const count = { letters: 0 };
  const accented = accentParts(message, count);
  const padding = '~'.repeat(Math.ceil(count.letters * 0.4));
  return [pseudoMarks.open, ...accented, padding + pseudoMarks.close] as CompiledMessage;
}

/** Compiles every message of a section; throws naming the id of a message that is not valid ICU. */
export function compileCatalog(source: Record<string, string>, pseudo = false): CompiledCatalog {
  const out: CompiledCatalog = {};
  for (const [id, text] of Object.entries(source)) {
    let compiled: CompiledMessage;
    try {
      compiled = compileMessage(text);
    } catch (e) {
      throw new Error(`message "${id}" is not valid ICU MessageFormat: ${(e as Error).message}`);
    }
    out[id] = pseudo ? pseudoLocalize(compiled) : compiled;
  }
  return out;
}
