/**
 * The Outlook add-in, described once: ids, names, URLs, icons and commands.
 * manifest.xml (add-in-only XML manifest) is rendered from this by xml.ts, for
 * the server's own PUBLIC_URL at run time and for https://localhost:3000 as the
 * committed development manifest. Add a command or a string here, never in a
 * rendered file; its words are catalog messages (languages.ts).
 */
import type { MessageId } from '../../shared/i18n/message-ids';
import { english } from './languages';

/** The origin the committed development manifest (and `npm run dev-server`) uses. */
export const devOrigin = 'https://localhost:3000';

export interface ManifestSettings {
  /** Origin (+ optional path, no trailing slash) the add-in's pages are served from. */
  publicUrl: string;
  /** The "support" link of the add-in's entry in Outlook and the admin center. Default <publicUrl>/support.html */
  supportUrl?: string;
  /** Further origins the pane talks to or navigates to (an API on another origin). */
  extraDomains?: string[];
}

export interface AddinCommand {
  /** Suffix of the control id: CloudSync.<Surface>.<id>. */
  id: string;
  /** Catalog messages (section server, server.manifest.*): the button's label and its supertip. */
  labelId: MessageId;
  tooltipId: MessageId;
  /** The same in English (the manifests' default values). */
  label: string;
  tooltip: string;
  action: { kind: 'taskpane'; page: string } | { kind: 'function'; name: string };
}

function command(id: string, labelId: MessageId, tooltipId: MessageId, action: AddinCommand['action']): AddinCommand {
  return { id, labelId, tooltipId, label: english(labelId), tooltip: english(tooltipId), action };
}

export const addin = {
  id: '744ecbf7-3070-4d61-b601-a9f7c354d038',
  version: '1.0.0.0',
  provider: 'AXIS CloudSync',
  locale: 'en-US',
  displayNameId: 'common.product' as MessageId,
  descriptionId: 'server.manifest.description' as MessageId,
  /** Short name of the ribbon group. */
  groupLabelId: 'common.product' as MessageId,
  displayName: english('common.product'),
  description: english('server.manifest.description'),
  groupLabel: english('common.product'),
  taskpanePage: 'taskpane.html',
  functionFilePage: 'commands.html',
  supportPage: 'support.html',
  /** Pixel size → file under assets/. */
  icons: { 16: 'icon-16.png', 32: 'icon-32.png', 64: 'icon-64.png', 80: 'icon-80.png', 128: 'icon-128.png' } as Record<number, string>,
  commandIconSizes: [16, 32, 80],
  /** Outlook on the web and desktop: mail read and compose surfaces. */
  surfaces: [
    { id: 'Read', xmlExtensionPoint: 'MessageReadCommandSurface', jsonContext: 'mailRead' },
    { id: 'Compose', xmlExtensionPoint: 'MessageComposeCommandSurface', jsonContext: 'mailCompose' },
  ],
  commands: [
    command('OpenPane', 'server.manifest.openPaneLabel', 'server.manifest.openPaneTooltip', { kind: 'taskpane', page: 'taskpane.html' }),
    command('SignOut', 'server.manifest.signOutLabel', 'server.manifest.signOutTooltip', { kind: 'function', name: 'signOutOfCloudSync' }),
  ] as AddinCommand[],
  taskpaneHeight: 450,
  permissions: 'ReadItem',
  /** The unified manifest's name for the same permission (resource-specific consent). */
  jsonPermission: 'MailboxItem.Read.User',
  /** Mailbox requirement set: the add-in as a whole, command buttons (and pinning in the XML's v1.1 block). */
  mailbox: { base: '1.1', commands: '1.3', pinning: '1.5' },
  accentColor: '#0F6CBD',
  /** Unified manifest app package icons (files inside the package, beside manifest.json). */
  packageIcons: { color: 'assets/icon-192.png', outline: 'assets/icon-outline-32.png' },
} as const;

/** Absolute URL of a page or asset under publicUrl. */
export function urlOf(settings: ManifestSettings, file: string): string {
  return `${settings.publicUrl.replace(/\/+$/, '')}/${file}`;
}

export function iconUrl(settings: ManifestSettings, size: number): string {
  const file = addin.icons[size];
  if (!file) throw new Error(`no ${size}px icon in assets/`);
  return urlOf(settings, `assets/${file}`);
}

export function supportUrl(settings: ManifestSettings): string {
  return settings.supportUrl ?? urlOf(settings, addin.supportPage);
}

/** AppDomains: the add-in's own origin plus any extra ones, each once. */
export function appDomains(settings: ManifestSettings): string[] {
  return [...new Set([new URL(settings.publicUrl).origin, ...(settings.extraDomains ?? []).map((d) => new URL(d).origin)])];
}
