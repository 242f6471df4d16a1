/**
 * Offline check of a unified manifest (manifest.json) against Microsoft's
 * published JSON schema: runs scripts/validate-unified-manifest.mjs (what
 * `npm run validate:unified` runs), which uses the schema files that
 * @microsoft/app-manifest ships; nothing is fetched.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const script = path.join(__dirname, '..', '..', 'scripts', 'validate-unified-manifest.mjs');

/** Schema errors of the manifest ([] when valid). */
export function unifiedManifestErrors(manifest: unknown): string[] {
  const run = spawnSync(process.execPath, [script, '-'], { input: JSON.stringify(manifest), encoding: 'utf8' });
  if (run.status === 0) return [];
  const lines = run.stdout.split('\n').filter((l) => l.startsWith('-: ')).map((l) => l.slice(3));
  return lines.length > 0 ? lines : [`validator failed (${run.status}): ${run.stderr}`];
}
