/** manifest.xml is rendered from one definition (src/server/addin-manifest), for any origin. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { devOrigin } from '../../src/server/addin-manifest/definition';
import { renderXmlManifest } from '../../src/server/addin-manifest/xml';

const root = join(__dirname, '..', '..');

describe('the add-in manifest generator', () => {
  it('makes exactly the committed development manifest.xml (run `npm run manifest` after changing the definition)', () => {
    expect(renderXmlManifest({ publicUrl: devOrigin })).toBe(readFileSync(join(root, 'manifest.xml'), 'utf8'));
  });

  it('puts every URL under the given origin, and a custom support link', () => {
    const xml = renderXmlManifest({ publicUrl: 'https://mfa.corp.example', supportUrl: 'https://help.corp.example/mfa?a=1&b=2' });
    expect(xml).not.toMatch(/localhost/);
    expect(xml).toContain('<SourceLocation DefaultValue="https://mfa.corp.example/taskpane.html"/>');
    expect(xml).toContain('<AppDomain>https://mfa.corp.example</AppDomain>');
    expect(xml).toContain('<SupportUrl DefaultValue="https://help.corp.example/mfa?a=1&amp;b=2"/>');
    const urls = xml.match(/https:\/\/[^"<\s]+/g) ?? [];
    expect(urls.length).toBe(17);
    expect(urls.filter((u) => !u.startsWith('https://mfa.corp.example') && !u.startsWith('https://help.corp.example/'))).toEqual([]);
  });

  it('keeps a path prefix of the public URL', () => {
    const xml = renderXmlManifest({ publicUrl: 'https://apps.example.com/cloudsync' });
    expect(xml).toContain('DefaultValue="https://apps.example.com/cloudsync/commands.html"');
    expect(xml).toContain('<AppDomain>https://apps.example.com</AppDomain>');
  });
});
