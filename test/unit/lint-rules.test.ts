/** `npm run lint` is ESLint with the rules the issue asks for: typescript-eslint, React hooks and Office add-in rules, and no formatting rules. */
import { execFile } from 'node:child_process';
import path from 'node:path';

const eslint = path.resolve('node_modules/eslint/bin/eslint.js');

jest.setTimeout(60_000);

test('the lint catches a hook called conditionally, an Office context.sync in a loop, and an unused variable; not formatting', async () => {
  const child = execFile(process.execPath, [eslint, '--stdin', '--stdin-filename', 'src/office/lint-probe.tsx', '--format', 'json'], { maxBuffer: 8 * 1024 * 1024 });
  const output = new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', () => resolve(out));
  });
  child.stdin!.end(
    [
      "import { useState } from 'react';",
      'export function Probe({ on }: { on: boolean }) {',
      '  if (on) { const [v] = useState(0); return v; }',
      '  const unused = 1;',
      '  return    null;',
      '}',
      'export async function sync(context: { sync(): Promise<void> }, items: number[]) {',
      '  for (const _item of items) { await context.sync(); }',
      '}',
    ].join('\n'),
  );
  const ruleIds = (JSON.parse(await output) as { messages: { ruleId: string }[] }[]).flatMap((r) => r.messages.map((m) => m.ruleId));
  expect(ruleIds).toEqual(expect.arrayContaining(['react-hooks/rules-of-hooks', 'office-addins/no-context-sync-in-loop', '@typescript-eslint/no-unused-vars']));
  expect(ruleIds.filter((id) => id?.startsWith('prettier/'))).toEqual([]);
});
