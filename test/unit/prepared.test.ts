import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Db } from '../../src/server/db/database';
import { prepared, PreparedByCount } from '../../src/server/db/prepared';
import { CachedStatementDatabase } from '../../src/server/db/statement-cache';

interface T {
  t: { id: number; name: string; n: number };
}

describe('statements compiled once (db/prepared.ts)', () => {
  let db: Kysely<T>;
  beforeEach(async () => {
    db = new Kysely<T>({ dialect: new SqliteDialect({ database: new CachedStatementDatabase(new SQLite(':memory:')) }) });
    await sql`create table t (id integer primary key, name text, n integer)`.execute(db);
    await db.insertInto('t').values([{ id: 1, name: 'a', n: 0 }, { id: 2, name: 'b', n: 0 }]).execute();
  });
  afterEach(() => db.destroy());
  const as = (k: Kysely<T>) => k as unknown as Db;

  it('builds the query once and binds new values at each run, on the store and in a transaction', async () => {
    let builds = 0;
    const bump = prepared(['id', 'by'], (d, $) => {
      builds += 1;
      return (d as unknown as Kysely<T>).updateTable('t').set({ n: sql`n + ${$('by')}` }).where('id', '=', $('id')).returning('n');
    });
    expect(await bump.first(as(db), { id: 1, by: 5 })).toEqual({ n: 5 });
    await db.transaction().execute(async (trx) => {
      expect(await bump.affected(as(trx), { id: 2, by: 3 })).toBe(1);
    });
    expect(await bump.first(as(db), { id: 1, by: 2 })).toEqual({ n: 7 });
    expect(await bump.affected(as(db), { id: 9, by: 1 })).toBe(0);
    expect(builds).toBe(1);
    expect(await db.selectFrom('t').select(['id', 'n']).orderBy('id').execute()).toEqual([{ id: 1, n: 7 }, { id: 2, n: 3 }]);
  });

  it('keeps constants of the query, and a placeholder used twice takes one value', async () => {
    const find = prepared(['n'], (d, $) => (d as unknown as Kysely<T>).selectFrom('t').select('id').where('name', '=', 'b').where((eb) => eb.or([eb('n', '=', $('n')), eb('id', '=', $('n'))])));
    expect(await find.rows(as(db), { n: 0 })).toEqual([{ id: 2 }]);
    expect(await find.rows(as(db), { n: 2 })).toEqual([{ id: 2 }]);
    expect(await find.rows(as(db), { n: 1 })).toEqual([]);
  });

  it('fails loudly on a missing value or a placeholder the query does not bind', async () => {
    const byId = prepared(['id'], (d, $) => (d as unknown as Kysely<T>).selectFrom('t').selectAll().where('id', '=', $('id')));
    expect(() => byId.run(as(db), {} as { id: number })).toThrow('no value for id');
    const unbound = prepared(['id', 'name'], (d, $) => (d as unknown as Kysely<T>).selectFrom('t').selectAll().where('id', '=', $('id')));
    expect(() => unbound.sql(as(db))).toThrow('placeholder name is not bound');
  });

  it('multi-row statements: one compiled statement per row count', async () => {
    const insert = new PreparedByCount((count) => {
      const names = Array.from({ length: count }, (_, i) => `id${i}`);
      return prepared(names, (d, $) => (d as unknown as Kysely<T>).insertInto('t').values(names.map((name) => ({ id: $(name), name: 'x', n: 1 }))));
    });
    expect(insert.for(2)).toBe(insert.for(2));
    expect(await insert.for(2).affected(as(db), { id0: 10, id1: 11 })).toBe(2);
    expect(await insert.for(1).affected(as(db), { id0: 12 })).toBe(1);
    expect((await db.selectFrom('t').select('id').where('name', '=', 'x').orderBy('id').execute()).map((r) => r.id)).toEqual([10, 11, 12]);
  });
});
