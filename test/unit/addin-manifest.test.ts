import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const script = join(root, 'scripts', 'validate-manifest.mjs');
const manifest = readFileSync(join(root, 'manifest.xml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
/** Microsoft's XSDs: OFFICE_MANIFEST_XSD_DIR (set by .ci/run), else the shared folder beside this repository. */
const xsdDir = process.env.OFFICE_MANIFEST_XSD_DIR || join(root, '..', 'shared', 'office-manifest-schemas');
const haveXsd = existsSync(join(xsdDir, 'OfficeAppManifestV1_1.xsd'));

function validate(xml: string, env: NodeJS.ProcessEnv = { ...process.env, OFFICE_MANIFEST_XSD_DIR: haveXsd ? xsdDir : '' }): Promise<{ code: number; out: string }> {
  const file = join(dir, `m${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  return new Promise((resolve) => {
    execFile(process.execPath, [script, file], { env }, (err, stdout, stderr) => {
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

  it('in a plain clone (no OFFICE_MANIFEST_XSD_DIR) says the XSD step was skipped and why, and still runs the other checks', async () => {
    const env = { ...process.env, OFFICE_MANIFEST_XSD_DIR: '' };
    const ok = await validate(manifest, env);
    expect(ok.out).toMatch(/XSD step skipped: OFFICE_MANIFEST_XSD_DIR is not set/);
    expect(ok.code).toBe(0);
    const bad = await validate(manifest.replace('<Id>744ecbf7-', '<Id>x44ecbf7-'), env);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/not a GUID/);
  });

  it('names OFFICE_MANIFEST_XSD_DIR when it points at a folder without the schemas', async () => {
    const r = await validate(manifest, { ...process.env, OFFICE_MANIFEST_XSD_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/OFFICE_MANIFEST_XSD_DIR: .*OfficeAppManifestV1_1.xsd does not exist/);
  });

  it.each([
    ['an undefined resid', (m: string) => m.replace('resid="SignOut.Tooltip"', 'resid="Missing.Tooltip"'), /resid "Missing.Tooltip"/],
    ['an http URL', (m: string) => m.replace('https://localhost:3000/commands.html', 'http://localhost:3000/commands.html'), /not https/],
    ['a non-GUID Id', (m: string) => m.replace('<Id>744ecbf7-', '<Id>x44ecbf7-'), /not a GUID/],
    ['a missing icon', (m: string) => m.split('icon-80.png').join('icon-81.png'), /icon-81.png does not exist/],
    ['an icon of the wrong size', (m: string) => m.replace('assets/icon-64.png', 'assets/icon-32.png'), /expected 64x64/],
  ])('rejects %s', async (_name, mutate, message) => {
    const bad = mutate(manifest);
    expect(bad).not.toBe(manifest);
    const r = await validate(bad);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(message);
  });

  // With the schemas (OFFICE_MANIFEST_XSD_DIR, as .ci/run sets it) these are rejected; in a plain clone the
  // validator must say that the XSD step was skipped instead of passing them off as validated.
  it.each([
    ['pinning in the v1.0 block (XSD)', (m: string) => m.replace('<SourceLocation resid="Taskpane.Url"/>\n                  </Action>', '<SourceLocation resid="Taskpane.Url"/><SupportsPinning>true</SupportsPinning></Action>'), /XSD: .*SupportsPinning/],
    ['an element out of order (XSD)', (m: string) => m.replace('<Version>1.0.0.0</Version>\n  <ProviderName>AXIS CloudSync</ProviderName>', '<ProviderName>AXIS CloudSync</ProviderName>\n  <Version>1.0.0.0</Version>'), /XSD/],
  ])(`${haveXsd ? 'rejects' : 'cannot check without the schemas, and says so:'} %s`, async (_name, mutate, message) => {
    const bad = mutate(manifest);
    expect(bad).not.toBe(manifest);
    const r = await validate(bad);
    if (haveXsd) {
      expect(r.code).toBe(1);
      expect(r.out).toMatch(message);
    } else {
      expect(r.out).toMatch(/XSD step skipped/);
    }
  });
});
