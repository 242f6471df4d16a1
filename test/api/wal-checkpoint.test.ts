/**
 * SQLite WAL checkpoints run in a background worker (src/server/db/checkpointer.ts), not inside a
 * request's COMMIT. Real store on a real file: the writes below stay far under the main connection's
 * own checkpoint threshold, so only the worker can move them into the database file.
 * Always SQLite (its own file), whatever TEST_DATABASE_URL says: PostgreSQL has no such worker.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/server/db/database';
import { backstopPages } from '../../src/server/db/checkpointer';

async function pagesInFile(store: Store, file: string): Promise<{ expected: number; inFile: number }> {
  const pageSize = (await sql<{ page_size: number }>`pragma page_size`.execute(store.db)).rows[0]!.page_size;
  const pageCount = (await sql<{ page_count: number }>`pragma page_count`.execute(store.db)).rows[0]!.page_count;
  return { expected: pageCount, inFile: Math.floor(fs.statSync(file).size / pageSize) };
}

describe('SQLite WAL checkpoints (background worker)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-wal-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('committed pages reach the database file without any commit checkpointing', async () => {
    const file = path.join(dir, 'db.sqlite');
    const store = await openStore({ kind: 'sqlite', file });
    const failures: string[] = [];
    store.startBackgroundCheckpoints!((reason) => failures.push(reason));
    try {
      const threshold = (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db)).rows[0]!.wal_autocheckpoint;
      expect(threshold).toBe(backstopPages);
      await sql`create table filler (id integer primary key, body text not null)`.execute(store.db);
      // ≈ 500 commits of a few pages each: well under the backstop, so the commits themselves never checkpoint.
      for (let i = 0; i < 500; i += 1) {
        await store.db.transaction().execute(async (trx) => {
          await sql`insert into filler (body) values (${'x'.repeat(400)})`.execute(trx);
        });
      }
      const before = await pagesInFile(store, file);
      expect(before.expected).toBeGreaterThan(40);
      // The worker checkpoints every 200 ms: wait (bounded) until the file holds every page.
      let now = before;
      for (let tries = 0; tries < 100 && now.inFile < now.expected; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        now = await pagesInFile(store, file);
      }
      expect(now.inFile).toBe(now.expected);
      const rows = (await sql<{ n: number }>`select count(*) as n from filler`.execute(store.db)).rows[0]!.n;
      expect(rows).toBe(500);
      expect(failures).toEqual([]);
    } finally {
      await store.close();
    }
  });

  test("closing the store closes the worker's connection too (the last close removes the -wal file)", async () => {
    const file = path.join(dir, 'db.sqlite');
    const store = await openStore({ kind: 'sqlite', file });
    store.startBackgroundCheckpoints!(() => undefined);
    await sql`create table filler (id integer primary key)`.execute(store.db);
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    await store.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });
});
