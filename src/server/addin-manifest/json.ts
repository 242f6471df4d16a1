/**
 * The unified manifest for Microsoft 365 (manifest.json), rendered from the
 * same definition.ts as manifest.xml: the same id, names, pages, icons, ribbon
 * commands, permission, domains and Mailbox requirement sets. For Outlook on the
 * web, new Outlook on Windows and classic Outlook in Microsoft 365 on Windows;
 * the XML manifest still serves Outlook on Mac and perpetual Office. Its
 * strings in other languages are localization files beside it in the app
 * package (localizationInfo.additionalLanguages), made from the catalogs.
 */
import type { MessageId } from '../../shared/i18n/message-ids';
import { translator } from '../i18n/translator';
import { manifestCultures } from './languages';
import { addin, appDomains, iconUrl, supportUrl, urlOf, type AddinCommand, type ManifestSettings } from './definition';

/** The manifest schema version rendered (checked offline against Microsoft's published schema in tests). */
export const unifiedManifestVersion = '1.22';

const runtimeIds = { pane: 'TaskPaneRuntime', commands: 'CommandsRuntime' } as const;

/** The action id a command's button runs: for a function command, the name the function file registers (Office.actions.associate). */
function actionId(command: AddinCommand): string {
  return command.action.kind === 'function' ? command.action.name : `Show${command.id}`;
}

/** "1.0.0.0" (XML) → "1.0.0" (semver, as the unified manifest wants). */
function semver(version: string): string {
  return version.split('.').slice(0, 3).join('.');
}

function mailbox(minVersion: string) {
  return { capabilities: [{ name: 'Mailbox', minVersion }] };
}

function runtimes(settings: ManifestSettings) {
  const panes = addin.commands.filter((c) => c.action.kind === 'taskpane');
  const functions = addin.commands.filter((c) => c.action.kind === 'function');
  return [
    {
      requirements: mailbox(addin.mailbox.commands),
      id: runtimeIds.pane,
      type: 'general',
      code: { page: urlOf(settings, addin.taskpanePage) },
      lifetime: 'short',
      actions: panes.map((c) => ({ id: actionId(c), type: 'openPage', pinnable: true })),
    },
    {
      requirements: mailbox(addin.mailbox.commands),
      id: runtimeIds.commands,
      type: 'general',
      code: { page: urlOf(settings, addin.functionFilePage) },
      lifetime: 'short',
      actions: functions.map((c) => ({ id: actionId(c), type: 'executeFunction', displayName: c.label })),
    },
  ];
}

function ribbons(settings: ManifestSettings) {
  const icons = addin.commandIconSizes.map((size) => ({ size, url: iconUrl(settings, size) }));
  return [
    {
      contexts: addin.surfaces.map((s) => s.jsonContext),
      tabs: [
        {
          builtInTabId: 'TabDefault',
          groups: [
            {
              id: 'CloudSyncGroup',
              label: addin.groupLabel,
              icons,
              controls: addin.commands.map((c) => ({
                id: `CloudSync.${c.id}`,
                type: 'button',
                label: c.label,
                icons,
                supertip: { title: c.label, description: c.tooltip },
                actionId: actionId(c),
              })),
            },
          ],
        },
      ],
    },
  ];
}

/** The unified manifest object for settings.publicUrl. */
export function unifiedManifest(settings: ManifestSettings): Record<string, unknown> {
  const support = supportUrl(settings);
  return {
    $schema: `https://developer.microsoft.com/json-schemas/teams/v${unifiedManifestVersion}/MicrosoftTeams.schema.json`,
    manifestVersion: unifiedManifestVersion,
    id: addin.id,
    version: semver(addin.version),
    name: { short: addin.displayName, full: addin.displayName },
    description: { short: addin.displayName, full: addin.description },
    developer: { name: addin.provider, websiteUrl: support, privacyUrl: support, termsOfUseUrl: support },
    icons: addin.packageIcons,
    accentColor: addin.accentColor,
    localizationInfo: {
      defaultLanguageTag: addin.locale.toLowerCase(),
      additionalLanguages: manifestCultures.map(({ culture }) => ({ languageTag: culture.toLowerCase(), file: localizationFile(culture) })),
    },
    validDomains: appDomains(settings).map((origin) => new URL(origin).host),
    authorization: { permissions: { resourceSpecific: [{ name: addin.jsonPermission, type: 'Delegated' }] } },
    extensions: [
      {
        requirements: { scopes: ['mail'], ...mailbox(addin.mailbox.commands) },
        runtimes: runtimes(settings),
        ribbons: ribbons(settings),
      },
    ],
  };
}

/** Where a language's strings are inside the app package. */
export function localizationFile(culture: string): string {
  return `localization/${culture.toLowerCase()}.json`;
}

/**
 * Every translatable string of manifest.json by its localization key (the JSON path the Localization schema
 * names), as catalog messages: the keys follow the shapes built by unifiedManifest above.
 */
function localizedStrings(): Record<string, MessageId> {
  const strings: Record<string, MessageId> = {
    'name.short': addin.displayNameId,
    'name.full': addin.displayNameId,
    'description.short': addin.displayNameId,
    'description.full': addin.descriptionId,
  };
  const group = 'extensions[0].ribbons[0].tabs[0].groups[0]';
  strings[`${group}.label`] = addin.groupLabelId;
  addin.commands.forEach((c, i) => {
    strings[`${group}.controls[${i}].label`] = c.labelId;
    strings[`${group}.controls[${i}].supertip.title`] = c.labelId;
    strings[`${group}.controls[${i}].supertip.description`] = c.tooltipId;
  });
  // runtimes[1] is the commands runtime; its actions are the function commands, in order.
  addin.commands.filter((c) => c.action.kind === 'function').forEach((c, i) => {
    strings[`extensions[0].runtimes[1].actions[${i}].displayName`] = c.labelId;
  });
  return strings;
}

/** A language's localization file (MicrosoftTeams.Localization schema) for the unified manifest. */
export function unifiedLocalization(culture: string): Record<string, string> {
  const language = manifestCultures.find((c) => c.culture === culture);
  if (!language) throw new Error(`no manifest language ${culture}`);
  const translate = translator(language.locale);
  const file: Record<string, string> = {
    $schema: `https://developer.microsoft.com/json-schemas/teams/v${unifiedManifestVersion}/MicrosoftTeams.Localization.schema.json`,
  };
  for (const [key, id] of Object.entries(localizedStrings())) file[key] = translate(id);
  return file;
}

export function renderJsonManifest(settings: ManifestSettings): string {
  return JSON.stringify(unifiedManifest(settings), null, 2) + '\n';
}
