/**
 * Experiment (not the product): preloaded into the API server with
 * `npm run bench -- --variant stmt-cache`, it makes better-sqlite3 reuse a
 * prepared statement per SQL text instead of preparing it on every query
 * (Kysely's SQLite driver calls db.prepare(sql) for each execution). The
 * product's queries have a few dozen distinct texts, so the cache stays small.
 * Measures what a statement cache in the store would buy.
 */
import SQLite from 'better-sqlite3';

type Prepare = (this: SQLite.Database, source: string) => SQLite.Statement;
const proto = SQLite.prototype as unknown as { prepare: Prepare };
const original = proto.prepare;
const caches = new WeakMap<object, Map<string, SQLite.Statement>>();

proto.prepare = function prepare(this: SQLite.Database, source: string) {
  let cache = caches.get(this);
  if (!cache) {
    cache = new Map();
    caches.set(this, cache);
  }
  let statement = cache.get(source);
  if (!statement) {
    statement = original.call(this, source);
    if (cache.size < 500) cache.set(source, statement);
  }
  return statement;
};
