/**
 * The manifests in every language: manifest.xml's DisplayName, Description and every ribbon string carry an
 * <Override> per manifest culture with the catalog's translation, and the unified manifest lists one
 * localization file per language, each valid against Microsoft's Localization schema (offline).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { addin, devOrigin } from '../../src/server/addin-manifest/definition';
import { localizationFile, unifiedLocalization, unifiedManifest, unifiedManifestVersion } from '../../src/server/addin-manifest/json';
import { manifestCultures } from '../../src/server/addin-manifest/languages';
import { escapeXml, renderXmlManifest } from '../../src/server/addin-manifest/xml';
import { translator } from '../../src/server/i18n/translator';
import { locales } from '../../src/shared/i18n/locales';
import type { MessageId } from '../../src/shared/i18n/message-ids';

const xml = renderXmlManifest({ publicUrl: devOrigin });

/** Every block `<tag …DefaultValue="…">…</tag>` whose opening tag matches `opening`. */
function blocks(tag: string, opening: string): string[] {
  const pattern = new RegExp(`<${tag}${opening}[^>]*>([\\s\\S]*?)</${tag}>`, 'g');
  return [...xml.matchAll(pattern)].map((m) => m[0]);
}

describe('manifest.xml in every language', () => {
  it('has a manifest culture for every shipped language but English', () => {
    expect(manifestCultures.map((c) => c.locale).sort()).toEqual(locales.filter((l) => l !== 'en').sort());
    expect(manifestCultures.map((c) => c.culture)).toEqual(['de-DE', 'fr-FR', 'es-ES', 'ja-JP', 'pt-BR', 'ar-SA']);
  });

  const strings: [string, string, string, MessageId][] = [
    ['DisplayName', '', 'Override', addin.displayNameId],
    ['Description', '', 'Override', addin.descriptionId],
    ['bt:String', ' id="Group.Label"', 'bt:Override', addin.groupLabelId],
    ...addin.commands.flatMap((c): [string, string, string, MessageId][] => [
      ['bt:String', ` id="${c.id}.Label"`, 'bt:Override', c.labelId],
      ['bt:String', ` id="${c.id}.Tooltip"`, 'bt:Override', c.tooltipId],
    ]),
  ];

  it.each(strings)('<%s%s> has the English default and an Override per culture, from the catalog', (tag, opening, override, id) => {
    const found = blocks(tag, opening);
    // DisplayName/Description once; each resource string in both VersionOverrides blocks (1.0 and 1.1).
    expect(found).toHaveLength(tag === 'bt:String' ? 2 : 1);
    for (const block of found) {
      expect(block).toContain(`DefaultValue="${escapeXml(translator('en')(id))}"`);
      for (const { culture, locale } of manifestCultures) {
        expect(block).toContain(`<${override} Locale="${culture}" Value="${escapeXml(translator(locale)(id))}"/>`);
      }
      expect(block.match(new RegExp(`<${override} `, 'g'))).toHaveLength(manifestCultures.length);
    }
  });

  it('really translates: the German description and sign-out label are German, the Arabic ones Arabic', () => {
    expect(xml).toContain('<Override Locale="de-DE" Value="Verwenden Sie AXIS CloudSync in Outlook, geschützt durch Zwei-Schritt-Authentifizierung."/>');
    expect(xml).toContain('<bt:Override Locale="de-DE" Value="Von CloudSync abmelden"/>');
    expect(xml).toMatch(/<bt:Override Locale="ar-SA" Value="[^"]*[\u0600-\u06FF][^"]*CloudSync"\/>/);
  });

  it('is the committed manifest.xml (run `npm run manifest` after changing a manifest message)', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'manifest.xml'), 'utf8')).toBe(xml);
  });
});

describe('the unified manifest in every language', () => {
  const manifest = unifiedManifest({ publicUrl: devOrigin }) as {
    localizationInfo: { defaultLanguageTag: string; additionalLanguages: { languageTag: string; file: string }[] };
  } & Record<string, unknown>;
  const require = createRequire(__filename);
  const Ajv = require('ajv-draft-04');
  const addFormats = require('ajv-formats');
  const schemaPath = join(dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams', `v${unifiedManifestVersion}`, 'MicrosoftTeams.Localization.schema.json');
  // The schema's patterns are not valid unicode-mode regular expressions (a lone `]`): compile them as plain ones.
  const ajv = new Ajv({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

  /** The value at a localization key ("extensions[0].ribbons[0].tabs[0].groups[0].label") in manifest.json. */
  const at = (key: string): unknown =>
    key.split('.').reduce<unknown>((node, part) => {
      const [, name, index] = /^([^[]+)(?:\[(\d+)\])?$/.exec(part)!;
      const child = (node as Record<string, unknown>)[name!];
      return index === undefined ? child : (child as unknown[])[Number(index)];
    }, manifest);

  it('lists one localization file per manifest culture', () => {
    expect(manifest.localizationInfo.defaultLanguageTag).toBe('en-us');
    expect(manifest.localizationInfo.additionalLanguages).toEqual(manifestCultures.map(({ culture }) => ({ languageTag: culture.toLowerCase(), file: localizationFile(culture) })));
  });

  it.each(manifestCultures.map((c) => [c.culture, c.locale] as const))('%s: valid against the Localization schema, every key a string of manifest.json, in the catalog’s words', (culture, locale) => {
    const file = unifiedLocalization(culture);
    expect(validate(file) ? [] : validate.errors).toEqual([]);
    const keys = Object.keys(file).filter((k) => k !== '$schema');
    expect(keys.length).toBeGreaterThanOrEqual(4 + 1 + addin.commands.length * 3);
    for (const key of keys) expect(typeof at(key)).toBe('string');
    const t = translator(locale);
    expect(file['description.full']).toBe(t(addin.descriptionId));
    addin.commands.forEach((c, i) => {
      expect(at(`extensions[0].ribbons[0].tabs[0].groups[0].controls[${i}].label`)).toBe(c.label);
      expect(file[`extensions[0].ribbons[0].tabs[0].groups[0].controls[${i}].label`]).toBe(t(c.labelId));
      expect(file[`extensions[0].ribbons[0].tabs[0].groups[0].controls[${i}].supertip.description`]).toBe(t(c.tooltipId));
    });
  });

  it('the schema check catches a broken localization file (so a pass means something)', () => {
    const broken: Record<string, string> = { ...unifiedLocalization('de-DE'), 'ribbon.nowhere': 'x' };
    delete broken['description.short'];
    expect(validate(broken)).toBe(false);
  });
});
