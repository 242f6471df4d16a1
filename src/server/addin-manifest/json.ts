/**
 * The unified manifest for Microsoft 365 (manifest.json), rendered from the
 * same definition.ts as manifest.xml: the same id, names, pages, icons, ribbon
 * commands, permission, domains and Mailbox requirement sets. For Outlook on the
 * web, new Outlook on Windows and classic Outlook in Microsoft 365 on Windows;
 * the XML manifest still serves Outlook on Mac and perpetual Office.
 */
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
    localizationInfo: { defaultLanguageTag: addin.locale.toLowerCase() },
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

export function renderJsonManifest(settings: ManifestSettings): string {
  return JSON.stringify(unifiedManifest(settings), null, 2) + '\n';
}
