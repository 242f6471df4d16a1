/**
 * manifest.json (the unified manifest) is rendered from the same definition as
 * manifest.xml and passes Microsoft's published JSON schema, checked offline
 * with the schema files that @microsoft/app-manifest ships.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addin, devOrigin } from '../../src/server/addin-manifest/definition';
import { renderJsonManifest, unifiedManifest, unifiedManifestVersion } from '../../src/server/addin-manifest/json';
import { renderXmlManifest } from '../../src/server/addin-manifest/xml';
import { unifiedManifestErrors } from '../helpers/unified-manifest-schema';

const schemaErrors = async (manifest: unknown) => unifiedManifestErrors(manifest);

describe('the unified manifest (manifest.json)', () => {
  const publicUrl = 'https://mfa.corp.example';
  const manifest = JSON.parse(renderJsonManifest({ publicUrl, supportUrl: 'https://help.corp.example/mfa' }));

  it('passes Microsoft’s published schema, offline', async () => {
    expect(manifest.manifestVersion).toBe(unifiedManifestVersion);
    expect(await schemaErrors(manifest)).toEqual([]);
  });

  it('the schema check catches a broken manifest (so a pass means something)', async () => {
    const broken = { ...manifest, developer: { name: addin.provider } };
    delete broken.accentColor;
    const errors = await schemaErrors(broken);
    expect(errors.join('\n')).toMatch(/accentColor/);
    expect(errors.join('\n')).toMatch(/websiteUrl/);
  });

  it('says what manifest.xml says: id, names, pages, icons, commands, permission, domains, requirement sets', () => {
    const xml = renderXmlManifest({ publicUrl, supportUrl: 'https://help.corp.example/mfa' });
    expect(xml).toContain(`<Id>${manifest.id}</Id>`);
    expect(xml).toContain(`<DisplayName DefaultValue="${manifest.name.short}">`);
    expect(xml).toContain(`<Description DefaultValue="${manifest.description.full}">`);
    expect(manifest.validDomains).toEqual(['mfa.corp.example']);
    expect(manifest.developer.websiteUrl).toBe('https://help.corp.example/mfa');
    expect(manifest.authorization.permissions.resourceSpecific).toEqual([{ name: 'MailboxItem.Read.User', type: 'Delegated' }]);
    expect(xml).toContain('<Permissions>ReadItem</Permissions>');
    const ext = manifest.extensions[0];
    expect(ext.requirements).toEqual({ scopes: ['mail'], capabilities: [{ name: 'Mailbox', minVersion: '1.3' }] });
    const pages = ext.runtimes.map((r: { code: { page: string } }) => r.code.page).sort();
    expect(pages).toEqual([`${publicUrl}/commands.html`, `${publicUrl}/taskpane.html`]);
    for (const page of pages) expect(xml).toContain(`DefaultValue="${page}"`);
    expect(ext.ribbons[0].contexts).toEqual(['mailRead', 'mailCompose']);
    const controls = ext.ribbons[0].tabs[0].groups[0].controls;
    expect(controls.map((c: { label: string }) => c.label)).toEqual(['CloudSync', 'Sign out of CloudSync']);
    for (const c of controls) {
      expect(xml).toContain(`DefaultValue="${c.label}"`);
      expect(xml).toContain(`DefaultValue="${c.supertip.description}"`);
      for (const icon of c.icons) expect(xml).toContain(`DefaultValue="${icon.url}"`);
    }
    // The sign-out button runs the function the function file registers.
    const signOut = controls.find((c: { label: string }) => c.label === 'Sign out of CloudSync');
    const commandsRuntime = ext.runtimes.find((r: { code: { page: string } }) => r.code.page.endsWith('/commands.html'));
    expect(commandsRuntime.actions).toEqual([{ id: 'signOutOfCloudSync', type: 'executeFunction', displayName: 'Sign out of CloudSync' }]);
    expect(signOut.actionId).toBe('signOutOfCloudSync');
    expect(readFileSync(join(__dirname, '..', '..', 'src', 'commands', 'commands.ts'), 'utf8')).toContain(`registerFunctionCommand('${signOut.actionId}'`);
    const pane = controls.find((c: { label: string }) => c.label === 'CloudSync');
    const paneRuntime = ext.runtimes.find((r: { code: { page: string } }) => r.code.page.endsWith('/taskpane.html'));
    expect(paneRuntime.actions).toEqual([{ id: pane.actionId, type: 'openPage', pinnable: true }]);
  });

  it('puts every URL under the given origins, with a path prefix kept', () => {
    const json = renderJsonManifest({ publicUrl: 'https://apps.example.com/cloudsync' });
    expect(json).not.toMatch(/localhost/);
    const urls = (json.match(/https:\/\/[^"\s]+/g) ?? []).filter((u) => !u.startsWith('https://developer.microsoft.com/json-schemas/'));
    expect(urls.length).toBeGreaterThan(10);
    expect(urls.filter((u) => !u.startsWith('https://apps.example.com/cloudsync/'))).toEqual([]);
    expect(unifiedManifest({ publicUrl: devOrigin }).validDomains).toEqual(['localhost:3000']);
  });
});
