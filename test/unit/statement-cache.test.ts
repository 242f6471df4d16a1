import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { CachedStatementDatabase } from '../../src/server/db/statement-cache';

describe('SQLite prepared-statement cache', () => {
  let connection: SQLite.Database;
  let cache: CachedStatementDatabase;

  beforeEach(() => {
    connection = new SQLite(':memory:');
    cache = new CachedStatementDatabase(connection, 3);
  });

  afterEach(() => {
    if (connection.open) cache.close();
  });

  it('reuses one statement per SQL text', () => {
    const first = cache.prepare('select 1 as x');
    expect(cache.prepare('select 1 as x')).toBe(first);
    expect(cache.prepare('select 2 as x')).not.toBe(first);
    expect(cache.size).toBe(2);
  });

  it('is bounded: the least recently used text goes first', () => {
    const a = cache.prepare('select 1');
    cache.prepare('select 2');
    cache.prepare('select 3');
    expect(cache.prepare('select 1')).toBe(a); // now most recent
    cache.prepare('select 4'); // evicts "select 2"
    expect(cache.size).toBe(3);
    expect(cache.prepare('select 1')).toBe(a);
    const again = cache.prepare('select 2');
    expect(cache.size).toBe(3);
    expect(cache.prepare('select 2')).toBe(again);
  });

  it('gives a fresh statement while the cached one is still iterating', () => {
    connection.exec('create table t (n integer); insert into t values (1), (2), (3)');
    const text = 'select n from t order by n';
    const iterating = cache.prepare(text).iterate([]);
    expect(iterating.next().value).toEqual({ n: 1 });
    const other = cache.prepare(text);
    expect(other.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...iterating]).toEqual([{ n: 2 }, { n: 3 }]);
  });

  it('follows schema changes and works under Kysely (queries, transactions, streams)', async () => {
    const db = new Kysely<{ t: { n: number } }>({ dialect: new SqliteDialect({ database: cache }) });
    await sql`create table t (n integer)`.execute(db);
    await db.insertInto('t').values([{ n: 1 }, { n: 2 }]).execute();
    expect(await db.selectFrom('t').selectAll().orderBy('n').execute()).toEqual([{ n: 1 }, { n: 2 }]);
    await sql`alter table t add column m integer`.execute(db);
    expect(await db.selectFrom('t').selectAll().orderBy('n').execute()).toEqual([{ n: 1, m: null }, { n: 2, m: null }]);
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('t').values({ n: 3 }).execute();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const streamed: number[] = [];
    for await (const row of db.selectFrom('t').select('n').orderBy('n').stream()) streamed.push(row.n);
    expect(streamed).toEqual([1, 2]);
    await db.destroy();
    expect(connection.open).toBe(false);
  });
});
