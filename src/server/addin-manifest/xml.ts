/**
 * The add-in-only XML manifest (manifest.xml), rendered from definition.ts.
 * VersionOverrides 1.0 for clients without Mailbox 1.5, with a nested 1.1
 * block that makes the task pane pinnable. One function per element group.
 * Every string carries an <Override Locale="…" Value="…"/> per manifest
 * language (languages.ts), taken from the catalogs.
 */
import type { MessageId } from '../../shared/i18n/message-ids';
import { english, overrides } from './languages';
import { addin, appDomains, devOrigin, iconUrl, supportUrl, urlOf, type AddinCommand, type ManifestSettings } from './definition';

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const resid = {
  commandsUrl: 'Commands.Url',
  taskpaneUrl: 'Taskpane.Url',
  group: 'Group.Label',
  icon: (size: number) => `Icon.${size}`,
  label: (c: AddinCommand) => `${c.id}.Label`,
  tooltip: (c: AddinCommand) => `${c.id}.Tooltip`,
};

/**
 * An element with a DefaultValue (English) and one <Override> per manifest language: <DisplayName>, or
 * <bt:String> (whose Override is in the basic types' namespace too, bt:Override).
 */
function localeAware(element: string, attributes: string, id: MessageId): string[] {
  const override = element.startsWith('bt:') ? 'bt:Override' : 'Override';
  return [
    `<${element}${attributes} DefaultValue="${escapeXml(english(id))}">`,
    ...overrides(id).map(({ culture, value }) => `  <${override} Locale="${culture}" Value="${escapeXml(value)}"/>`),
    `</${element}>`,
  ];
}

/** Indents every line of a block by n spaces. */
function indent(lines: string[], n: number): string[] {
  const pad = ' '.repeat(n);
  return lines.map((l) => (l ? pad + l : l));
}

function header(settings: ManifestSettings): string[] {
  if (settings.publicUrl === devOrigin) {
    return [
      '<!--',
      '  AXIS CloudSync for Outlook: add-in-only (XML) manifest.',
      `  Development manifest: every URL points at ${devOrigin}.`,
      '  Generated from src/server/addin-manifest/ (npm run manifest); do not edit by hand.',
      '  A server serves its own at /manifest.xml, made from its PUBLIC_URL; see docs/addin-deployment.md.',
      '-->',
    ];
  }
  return ['<!--', `  AXIS CloudSync for Outlook: add-in-only (XML) manifest for ${escapeXml(settings.publicUrl)}.`, '-->'];
}

function control(settings: ManifestSettings, surface: string, command: AddinCommand, pinnable: boolean): string[] {
  const action =
    command.action.kind === 'taskpane'
      ? ['<Action xsi:type="ShowTaskpane">', `  <SourceLocation resid="${resid.taskpaneUrl}"/>`, ...(pinnable ? ['  <SupportsPinning>true</SupportsPinning>'] : []), '</Action>']
      : ['<Action xsi:type="ExecuteFunction">', `  <FunctionName>${escapeXml(command.action.name)}</FunctionName>`, '</Action>'];
  return [
    `<Control xsi:type="Button" id="CloudSync.${surface}.${command.id}">`,
    `  <Label resid="${resid.label(command)}"/>`,
    '  <Supertip>',
    `    <Title resid="${resid.label(command)}"/>`,
    `    <Description resid="${resid.tooltip(command)}"/>`,
    '  </Supertip>',
    '  <Icon>',
    ...addin.commandIconSizes.map((size) => `    <bt:Image size="${size}" resid="${resid.icon(size)}"/>`),
    '  </Icon>',
    ...indent(action, 2),
    '</Control>',
  ];
}

function hosts(settings: ManifestSettings, pinnable: boolean): string[] {
  const extensionPoints = addin.surfaces.flatMap((surface) => [
    `<ExtensionPoint xsi:type="${surface.xmlExtensionPoint}">`,
    '  <OfficeTab id="TabDefault">',
    `    <Group id="CloudSync.${surface.id}.Group">`,
    `      <Label resid="${resid.group}"/>`,
    ...indent(addin.commands.flatMap((c) => control(settings, surface.id, c, pinnable)), 6),
    '    </Group>',
    '  </OfficeTab>',
    '</ExtensionPoint>',
  ]);
  return [
    '<Hosts>',
    '  <Host xsi:type="MailHost">',
    '    <DesktopFormFactor>',
    `      <FunctionFile resid="${resid.commandsUrl}"/>`,
    ...indent(extensionPoints, 6),
    '    </DesktopFormFactor>',
    '  </Host>',
    '</Hosts>',
  ];
}

function resources(settings: ManifestSettings): string[] {
  const strings = (list: [string, MessageId][]) => indent(list.flatMap(([id, message]) => localeAware('bt:String', ` id="${id}"`, message)), 4);
  return [
    '<Resources>',
    '  <bt:Images>',
    ...addin.commandIconSizes.map((size) => `    <bt:Image id="${resid.icon(size)}" DefaultValue="${escapeXml(iconUrl(settings, size))}"/>`),
    '  </bt:Images>',
    '  <bt:Urls>',
    `    <bt:Url id="${resid.commandsUrl}" DefaultValue="${escapeXml(urlOf(settings, addin.functionFilePage))}"/>`,
    `    <bt:Url id="${resid.taskpaneUrl}" DefaultValue="${escapeXml(urlOf(settings, addin.taskpanePage))}"/>`,
    '  </bt:Urls>',
    '  <bt:ShortStrings>',
    ...strings([[resid.group, addin.groupLabelId], ...addin.commands.map((c): [string, MessageId] => [resid.label(c), c.labelId])]),
    '  </bt:ShortStrings>',
    '  <bt:LongStrings>',
    ...strings(addin.commands.map((c): [string, MessageId] => [resid.tooltip(c), c.tooltipId])),
    '  </bt:LongStrings>',
    '</Resources>',
  ];
}

function versionOverrides(settings: ManifestSettings): string[] {
  const requirements = (min: string) => ['<Requirements>', `  <bt:Sets DefaultMinVersion="${min}">`, '    <bt:Set Name="Mailbox"/>', '  </bt:Sets>', '</Requirements>'];
  const v11 = [
    '<VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides/1.1" xsi:type="VersionOverridesV1_1">',
    '  <!-- v1.1: Mailbox 1.5 clients get a pinnable task pane. -->',
    ...indent([...requirements(addin.mailbox.pinning), ...hosts(settings, true), ...resources(settings)], 2),
    '</VersionOverrides>',
  ];
  return [
    '<VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides" xsi:type="VersionOverridesV1_0">',
    '  <!-- v1.0: for clients without Mailbox 1.5 (no pinning). -->',
    ...indent([...requirements(addin.mailbox.commands), ...hosts(settings, false), ...resources(settings), '', ...v11], 2),
    '</VersionOverrides>',
  ];
}

export function renderXmlManifest(settings: ManifestSettings): string {
  const pane = escapeXml(urlOf(settings, addin.taskpanePage));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    ...header(settings),
    '<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"',
    '           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '           xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"',
    '           xmlns:mailappor="http://schemas.microsoft.com/office/mailappversionoverrides/1.0"',
    '           xsi:type="MailApp">',
    ...indent(
      [
        `<Id>${addin.id}</Id>`,
        `<Version>${addin.version}</Version>`,
        `<ProviderName>${escapeXml(addin.provider)}</ProviderName>`,
        `<DefaultLocale>${addin.locale}</DefaultLocale>`,
        ...localeAware('DisplayName', '', addin.displayNameId),
        ...localeAware('Description', '', addin.descriptionId),
        `<IconUrl DefaultValue="${escapeXml(iconUrl(settings, 64))}"/>`,
        `<HighResolutionIconUrl DefaultValue="${escapeXml(iconUrl(settings, 128))}"/>`,
        `<SupportUrl DefaultValue="${escapeXml(supportUrl(settings))}"/>`,
        '<AppDomains>',
        ...appDomains(settings).map((d) => `  <AppDomain>${escapeXml(d)}</AppDomain>`),
        '</AppDomains>',
        '<Hosts>',
        '  <Host Name="Mailbox"/>',
        '</Hosts>',
        '<Requirements>',
        '  <Sets>',
        `    <Set Name="Mailbox" MinVersion="${addin.mailbox.base}"/>`,
        '  </Sets>',
        '</Requirements>',
        '<FormSettings>',
        '  <Form xsi:type="ItemRead">',
        '    <DesktopSettings>',
        `      <SourceLocation DefaultValue="${pane}"/>`,
        `      <RequestedHeight>${addin.taskpaneHeight}</RequestedHeight>`,
        '    </DesktopSettings>',
        '  </Form>',
        '  <Form xsi:type="ItemEdit">',
        '    <DesktopSettings>',
        `      <SourceLocation DefaultValue="${pane}"/>`,
        '    </DesktopSettings>',
        '  </Form>',
        '</FormSettings>',
        `<Permissions>${addin.permissions}</Permissions>`,
        '<Rule xsi:type="RuleCollection" Mode="Or">',
        '  <Rule xsi:type="ItemIs" ItemType="Message" FormType="Read"/>',
        '  <Rule xsi:type="ItemIs" ItemType="Message" FormType="Edit"/>',
        '</Rule>',
        '<DisableEntityHighlighting>false</DisableEntityHighlighting>',
        '',
        ...versionOverrides(settings),
      ],
      2,
    ),
    '</OfficeApp>',
  ];
  return lines.join('\n') + '\n';
}
