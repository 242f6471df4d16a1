/** The contract clients are generated from passes `redocly lint` (recommended rules, redocly.yaml): 0 errors, only the 3 explained warnings. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '../helpers/server';

const run = promisify(execFile);
let server: TestServer;
let document: any;
beforeAll(async () => {
  server = await startTestServer();
  document = await (await fetch(`${server.baseUrl}/api/openapi.json`)).json();
});
afterAll(() => server.close());

test('redocly lint: 0 errors and only the explained warnings', async () => {
  const file = path.join(server.dataDir, 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(document, null, 2));
  const cli = path.resolve('node_modules/@redocly/cli/bin/cli.js');
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  const result = await run(process.execPath, [cli, 'lint', file, '--config', path.resolve('redocly.yaml'), '--format', 'json'], { env, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { stdout: string; stderr: string }) => error,
  );
  const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; location: { pointer: string }[] }[] };
  expect(report.problems.filter((p) => (p as { severity?: string }).severity === 'error')).toEqual([]);
  expect(report.totals.errors).toBe(0);
  expect(report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}`).sort()).toEqual([
    'info-license #/info',
    'operation-4xx-response #/paths/~1healthz/get/responses',
    'operation-4xx-response #/paths/~1readyz/get/responses',
  ]);
}, 60_000);

test('every operation has a unique operationId; public routes say security: []', () => {
  const ids: string[] = [];
  for (const [route, operations] of Object.entries<Record<string, any>>(document.paths)) {
    for (const [method, operation] of Object.entries<any>(operations)) {
      expect({ route, method, operationId: typeof operation.operationId }).toEqual({ route, method, operationId: 'string' });
      expect(Array.isArray(operation.security)).toBe(true);
      ids.push(operation.operationId);
    }
  }
  expect(new Set(ids).size).toBe(ids.length);
  expect(document.paths['/api/v1/auth/password'].post.security).toEqual([]);
  expect(document.paths['/api/v1/me'].get.security).toEqual([{ bearer: [] }]);
});

test('errors are documented with one shared Problem schema; named schemas are $refs, the CSV export declares text/csv', () => {
  expect(document.components.schemas.Problem.properties.code.enum).toContain('invalid_code');
  const signIn = document.paths['/api/v1/auth/password'].post;
  expect(signIn.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PasswordSignInRequest' });
  expect(signIn.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SignInResponse' });
  expect(signIn.responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
  expect(document.components.responses.Unauthorized.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
  expect(Object.keys(document.paths['/api/v1/admin/audit/export'].get.responses['200'].content)).toEqual(['text/csv']);
});
