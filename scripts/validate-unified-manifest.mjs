#!/usr/bin/env node
// Offline validation of a unified manifest (manifest.json) against Microsoft's
// published JSON schema for its manifestVersion, from the schema files the
// @microsoft/app-manifest package ships (nothing is fetched). Same validator
// settings as that package's AppManifestUtils.validateAgainstSchema (draft-04
// Ajv, all errors, uri/email/regex formats).
// Usage: node scripts/validate-unified-manifest.mjs manifest.json [...]   ("-" reads stdin)
// Exit code 0 when all are valid; 1 with one line per problem otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

export function schemaFile(manifestVersion) {
  const pkg = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return join(pkg, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

/** Problems of one manifest object ([] when valid). */
export function unifiedManifestErrors(manifest) {
  const file = schemaFile(String(manifest?.manifestVersion));
  if (!existsSync(file)) return [`manifestVersion ${JSON.stringify(manifest?.manifestVersion)}: no such schema in @microsoft/app-manifest`];
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  addFormats.default(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2);
  if (files.length === 0 || files.includes('--help')) {
    console.log('Usage: npm run validate:unified -- manifest.json [...]   ("-" reads stdin)');
    process.exit(files.length === 0 ? 2 : 0);
  }
  let failed = false;
  for (const file of files) {
    const errors = unifiedManifestErrors(JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8')));
    if (errors.length === 0) console.log(`${file}: valid (unified manifest schema, offline)`);
    for (const e of errors) console.log(`${file}: ${e}`);
    failed ||= errors.length > 0;
  }
  process.exit(failed ? 1 : 0);
}
