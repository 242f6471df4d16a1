#!/usr/bin/env node
// Offline validation of the add-in manifest(s):
//  1. XSD validation against Microsoft's schemas in OFFICE_MANIFEST_XSD_DIR
//     (.ci/run points it at ../shared/office-manifest-schemas). Without it the
//     XSD step is skipped, said so plainly, and the other checks still run;
//  2. what no XSD checks: every resid resolves to a resource of the right kind
//     in the same VersionOverrides block, every URL is https, the Id is a
//     GUID, every icon the manifest names exists in assets/ with the size it
//     claims.
// Usage: node scripts/validate-manifest.mjs [manifest.xml ...]
// (default: manifest.xml, plus dist/manifest.xml when it exists).
// Exit code 0 when all are valid; 1 with one line per problem otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The XSD directory, or null when OFFICE_MANIFEST_XSD_DIR is not set (the XSD step is then skipped). */
export function schemaDir(env = process.env) {
  const dir = env.OFFICE_MANIFEST_XSD_DIR?.trim();
  return dir ? resolve(dir) : null;
}
export const xsdSkipped =
  'XSD step skipped: OFFICE_MANIFEST_XSD_DIR is not set (point it at a folder with OfficeAppManifestV1_1.xsd and the schemas it imports, e.g. ../shared/office-manifest-schemas); the other checks ran';
const NS = {
  o: 'http://schemas.microsoft.com/office/appforoffice/1.1',
  bt: 'http://schemas.microsoft.com/office/officeappbasictypes/1.0',
  v10: 'http://schemas.microsoft.com/office/mailappversionoverrides',
  v11: 'http://schemas.microsoft.com/office/mailappversionoverrides/1.1',
};
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Width and height of a PNG file, or null when it is not a PNG. */
export function pngSize(buf) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (buf.length < 24 || !sig.every((b, i) => buf[i] === b)) return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** Which resource collection a resid-bearing element refers to. */
function kindOf(localName, parentLocalName) {
  if (localName === 'Image') return 'Images';
  if (localName === 'SourceLocation' || localName === 'FunctionFile') return 'Urls';
  if (localName === 'Label' || localName === 'Title') return 'ShortStrings';
  if (localName === 'Description') return 'LongStrings';
  if (parentLocalName === 'Icon') return 'Images';
  return null;
}

export async function validateManifest(file, { assetsDir = join(root, 'assets'), xsdDir = schemaDir() } = {}) {
  const lx = await import('libxml2-wasm');
  const { xmlRegisterFsInputProviders } = await import('libxml2-wasm/lib/nodejs.mjs');
  xmlRegisterFsInputProviders();
  const problems = [];
  const xml = readFileSync(file);

  let doc;
  try {
    doc = lx.XmlDocument.fromBuffer(xml, { url: file });
  } catch (e) {
    return [`${file}: not well-formed XML: ${e.message}`];
  }

  // 1. XSD (when the schemas are given)
  if (xsdDir) {
    const xsdPath = join(xsdDir, 'OfficeAppManifestV1_1.xsd');
    if (!existsSync(xsdPath)) {
      doc.dispose();
      return [`OFFICE_MANIFEST_XSD_DIR: ${xsdPath} does not exist`];
    }
    const xsdDoc = lx.XmlDocument.fromBuffer(readFileSync(xsdPath), { url: xsdPath });
    const validator = lx.XsdValidator.fromDoc(xsdDoc);
    try {
      validator.validate(doc);
    } catch (e) {
      const details = e.details ?? [];
      if (details.length === 0) problems.push(`${file}: XSD: ${e.message}`);
      for (const d of details) problems.push(`${file}:${d.line ?? '?'}: XSD: ${String(d.message).trim()}`);
    } finally {
      validator.dispose();
      xsdDoc.dispose();
    }
  }

  // 2. Id is a GUID
  const id = doc.get('/o:OfficeApp/o:Id', NS)?.content.trim() ?? '';
  if (!GUID.test(id)) problems.push(`${file}: Id "${id}" is not a GUID`);

  // 3. every URL is https
  const urlNodes = [
    ...doc.find('//@DefaultValue[starts-with(., "http") or contains(., "://")]', NS),
    ...doc.find('//o:Override/@Value[contains(., "://")]', NS),
    ...doc.find('//o:AppDomain', NS),
  ];
  for (const n of urlNodes) {
    const v = n.content.trim();
    if (!v.startsWith('https://')) problems.push(`${file}:${n.line || n.parent?.line || '?'}: URL is not https: ${v}`);
    else {
      try {
        new URL(v);
      } catch {
        problems.push(`${file}: not a URL: ${v}`);
      }
    }
  }

  // 4. every resid resolves, within its own VersionOverrides block
  for (const block of doc.find('//v10:VersionOverrides | //v11:VersionOverrides', NS)) {
    const ns = block.namespaceUri;
    const resources = {};
    for (const kind of ['Images', 'Urls', 'ShortStrings', 'LongStrings']) {
      resources[kind] = new Set(
        block.find(`./x:Resources/bt:${kind}/*/@id`, { ...NS, x: ns }).map((a) => a.content),
      );
    }
    // resids in this block, excluding those inside a nested VersionOverrides
    const refs = block.find(`.//*[@resid][count(ancestor::*[local-name()="VersionOverrides"]) = ${countAncestors(block) + 1}]`, NS);
    for (const el of refs) {
      const resid = el.attr('resid')?.value ?? '';
      const kind = kindOf(localName(el.name), localName(el.parent?.name ?? ''));
      if (!kind) {
        problems.push(`${file}:${el.line}: cannot tell which resources <${el.name} resid="${resid}"> refers to`);
      } else if (!resources[kind].has(resid)) {
        problems.push(`${file}:${el.line}: resid "${resid}" on <${localName(el.name)}> is not defined in ${kind} of this VersionOverrides`);
      }
    }
  }

  // 5. icons exist with the right sizes
  const icons = [];
  const iconUrl = doc.get('/o:OfficeApp/o:IconUrl/@DefaultValue', NS)?.content;
  if (iconUrl) icons.push({ url: iconUrl, size: 64, what: 'IconUrl' });
  const hiRes = doc.get('/o:OfficeApp/o:HighResolutionIconUrl/@DefaultValue', NS)?.content;
  if (hiRes) icons.push({ url: hiRes, size: 128, what: 'HighResolutionIconUrl' });
  for (const block of doc.find('//v10:VersionOverrides | //v11:VersionOverrides', NS)) {
    const x = { ...NS, x: block.namespaceUri };
    const byId = new Map(block.find('./x:Resources/bt:Images/bt:Image', x).map((e) => [e.attr('id')?.value, e.attr('DefaultValue')?.value]));
    for (const ref of block.find('.//bt:Image[@size and @resid]', x)) {
      const url = byId.get(ref.attr('resid')?.value);
      if (url) icons.push({ url, size: Number(ref.attr('size')?.value), what: `Icon ${ref.attr('resid')?.value}` });
    }
  }
  const seen = new Set();
  for (const icon of icons) {
    const key = `${icon.url}@${icon.size}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let pathname;
    try {
      pathname = new URL(icon.url).pathname;
    } catch {
      continue; // reported above
    }
    const m = /\/assets\/([^/]+\.png)$/.exec(pathname);
    if (!m) {
      problems.push(`${file}: ${icon.what} ${icon.url} is not one of the project's assets/*.png`);
      continue;
    }
    const local = join(assetsDir, m[1]);
    if (!existsSync(local)) {
      problems.push(`${file}: ${icon.what}: ${local} does not exist (run npm run icons)`);
      continue;
    }
    const dim = pngSize(readFileSync(local));
    if (!dim) problems.push(`${file}: ${icon.what}: ${local} is not a PNG`);
    else if (dim.width !== icon.size || dim.height !== icon.size) {
      problems.push(`${file}: ${icon.what}: ${local} is ${dim.width}x${dim.height}, expected ${icon.size}x${icon.size}`);
    }
  }

  // 6. both surfaces, pinning in v1.1 only, the sign-out command exists
  const v11 = doc.get('//v11:VersionOverrides', NS);
  if (!v11) problems.push(`${file}: no nested VersionOverrides 1.1 block`);
  else if (!v11.get('.//v11:SupportsPinning[. = "true"]', NS)) problems.push(`${file}: the task pane button is not pinnable in VersionOverrides 1.1`);
  doc.dispose();
  return problems;
}

function localName(name) {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}
function countAncestors(el) {
  let n = 0;
  for (let p = el.parent; p; p = p.parent) if (localName(p.name) === 'VersionOverrides') n++;
  return n;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    files.push(join(root, 'manifest.xml'));
    if (existsSync(join(root, 'dist', 'manifest.xml'))) files.push(join(root, 'dist', 'manifest.xml'));
  }
  let failed = false;
  const xsd = schemaDir();
  if (!xsd) console.log(xsdSkipped);
  for (const f of files) {
    const problems = await validateManifest(resolve(f));
    if (problems.length) {
      failed = true;
      for (const p of problems) console.error(p);
      console.error(`✗ ${f}: ${problems.length} problem(s)`);
    } else {
      console.log(`✓ ${f}: valid (${xsd ? 'XSD, ' : ''}resids, https, GUID, icons)`);
    }
  }
  process.exit(failed ? 1 : 0);
}
