/** The built admin CLI (what `npm run admin` runs; npm test builds before jest), run as a separate process. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const adminCliPath = path.resolve('build/server/cli/admin.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `admin <args>` with exactly `env`; a non-zero exit is a result, not a throw. */
export async function runAdminCli(env: NodeJS.ProcessEnv, args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [adminCliPath, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as CliResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
