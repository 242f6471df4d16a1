/**
 * `npm run manifest`: writes the committed development manifest (manifest.xml,
 * every URL at https://localhost:3000) from src/server/addin-manifest/.
 *   --public-url URL   print the manifest for URL instead (what a server with
 *                      PUBLIC_URL=URL serves at /manifest.xml).
 */
import fs from 'node:fs';
import path from 'node:path';
import { devOrigin } from '../addin-manifest/definition';
import { renderXmlManifest } from '../addin-manifest/xml';

const args = process.argv.slice(2);
const at = args.indexOf('--public-url');
if (args.includes('--help') || args.includes('-h')) {
  console.log('Usage: npm run manifest [-- --public-url https://cloudsync.example.com]');
  process.exit(0);
}
if (at >= 0) {
  const url = args[at + 1] ?? '';
  if (!/^https:\/\/[^/\s]+/.test(url)) {
    console.error('--public-url needs an https:// URL, e.g. https://cloudsync.example.com');
    process.exit(2);
  }
  process.stdout.write(renderXmlManifest({ publicUrl: url.replace(/\/+$/, '') }));
} else {
  const file = path.resolve(__dirname, '..', '..', '..', 'manifest.xml');
  fs.writeFileSync(file, renderXmlManifest({ publicUrl: devOrigin }));
  console.log(`Wrote ${file}`);
}
