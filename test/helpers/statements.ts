/**
 * Records the SQL statements the in-process test server runs, on either store: better-sqlite3's statement
 * calls (SQLite) or pg's Client#query (PostgreSQL). BEGIN/COMMIT/ROLLBACK count too (Kysely sends them as
 * statements), so a test can say how many transactions and commits a request took.
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';

let recording: string[] | null = null;
const restore: (() => void)[] = [];

function install(): void {
  if (restore.length > 0) return;
  const probe = new SQLite(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
  probe.close();
  for (const method of ['run', 'all', 'get', 'iterate']) {
    const original = proto[method]!;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      recording?.push(this.source);
      return original.apply(this, args);
    };
    restore.push(() => {
      proto[method] = original;
    });
  }
  const clientProto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = clientProto.query;
  clientProto.query = function (this: unknown, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
    if (text) recording?.push(text);
    return query.apply(this, args);
  };
  restore.push(() => {
    clientProto.query = query;
  });
}

/** The statements `work` made the server run (nothing else may run meanwhile). */
export async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  install();
  recording = [];
  try {
    await work();
    return recording;
  } finally {
    recording = null;
  }
}

/** Undoes the patches (afterAll). */
export function stopRecordingStatements(): void {
  while (restore.length > 0) restore.pop()!();
}

export const commits = (statements: string[]) => statements.filter((s) => /^\s*(commit|end)\b/i.test(s)).length;
export const begins = (statements: string[]) => statements.filter((s) => /^\s*begin\b/i.test(s)).length;
export const rollbacks = (statements: string[]) => statements.filter((s) => /^\s*rollback\b/i.test(s)).length;
