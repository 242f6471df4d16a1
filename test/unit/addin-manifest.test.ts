import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const script = join(root, 'scripts', 'validate-manifest.mjs');
const manifest = readFileSync(join(root, 'manifest.xml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'manifest-'));

function validate(xml: string): Promise<{ code: number; out: string }> {
  const file = join(dir, `m${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  return new Promise((resolve) => {
    execFile(process.execPath, [script, file], (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

describe('npm run validate (offline manifest validation)', () => {
  it('accepts the project manifest', async () => {
    const r = await validate(manifest);
    expect(r.out).toMatch(/valid/);
    expect(r.code).toBe(0);
  });

  it.each([
    ['an undefined resid', (m: string) => m.replace('resid="SignOut.Tooltip"', 'resid="Missing.Tooltip"'), /resid "Missing.Tooltip"/],
    ['an http URL', (m: string) => m.replace('https://localhost:3000/commands.html', 'http://localhost:3000/commands.html'), /not https/],
    ['a non-GUID Id', (m: string) => m.replace('<Id>744ecbf7-', '<Id>x44ecbf7-'), /not a GUID/],
    ['a missing icon', (m: string) => m.split('icon-80.png').join('icon-81.png'), /icon-81.png does not exist/],
    ['an icon of the wrong size', (m: string) => m.replace('assets/icon-64.png', 'assets/icon-32.png'), /expected 64x64/],
    ['pinning in the v1.0 block (XSD)', (m: string) => m.replace('<SourceLocation resid="Taskpane.Url"/>\n                  </Action>', '<SourceLocation resid="Taskpane.Url"/><SupportsPinning>true</SupportsPinning></Action>'), /XSD: .*SupportsPinning/],
    ['an element out of order (XSD)', (m: string) => m.replace('<Version>1.0.0.0</Version>\n  <ProviderName>AXIS CloudSync</ProviderName>', '<ProviderName>AXIS CloudSync</ProviderName>\n  <Version>1.0.0.0</Version>'), /XSD/],
  ])('rejects %s', async (_name, mutate, message) => {
    const bad = mutate(manifest);
    expect(bad).not.toBe(manifest);
    const r = await validate(bad);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(message);
  });
});
