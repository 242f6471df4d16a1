/**
 * Hot statements built once. Kysely builds, freezes and compiles a query tree on every call (≈ 17 % of a
 * verification's CPU before this); a statement on the hot paths (verify, session check, password and device
 * sign-in) is instead built and compiled once, with named placeholders, and later runs only bind its values.
 *
 * `prepared(['id'], (db, $) => db.updateTable('x').set({ n: 1 }).where('id', '=', $('id')))` compiles the query
 * the first time it runs (with the dialect of the store or transaction it runs on: the same SQL) and answers
 * the compiled text with the placeholders' positions; `run(db, { id })` executes it on `db` (the store or a
 * transaction). On SQLite the SQL text then hits the prepared-statement cache (statement-cache.ts), so
 * nothing is parsed or planned again either.
 *
 * A placeholder is a marker value the builder treats as any other parameter; compiling checks that each
 * name landed among the parameters, and running checks that each is given (a bug fails loudly, at once).
 * Values the builder inlines instead of binding (`is null`, identifiers) cannot be placeholders.
 */
import type { Compilable, CompiledQuery, QueryResult } from 'kysely';
import type { Db } from './database';

const marker = '\u0000axis-prepared:';

export class Prepared<P extends string, R> {
  private compiled: { query: CompiledQuery<R>; slots: ({ name: P } | { value: unknown })[] } | undefined;

  constructor(
    private readonly names: readonly P[],
    private readonly build: (db: Db, $: (name: P) => never) => Compilable<R>,
  ) {}

  private compile(db: Db) {
    const query = this.build(db, (name) => `${marker}${name}` as never).compile();
    const slots = query.parameters.map((value) => {
      if (typeof value === 'string' && value.startsWith(marker)) {
        const name = value.slice(marker.length) as P;
        if (!this.names.includes(name)) throw new Error(`Prepared statement: unknown placeholder ${name}`);
        return { name };
      }
      return { value };
    });
    for (const name of this.names) {
      if (!slots.some((slot) => 'name' in slot && slot.name === name)) throw new Error(`Prepared statement: placeholder ${name} is not bound in: ${query.sql}`);
    }
    return { query, slots };
  }

  /** Runs the statement on `db` (the store or a transaction) with these values. */
  run(db: Db, values: Readonly<Record<P, unknown>>): Promise<QueryResult<R>> {
    this.compiled ??= this.compile(db);
    const { query, slots } = this.compiled;
    const parameters = slots.map((slot) => {
      if (!('name' in slot)) return slot.value;
      const value = values[slot.name];
      if (value === undefined) throw new Error(`Prepared statement: no value for ${slot.name}`);
      return value;
    });
    return db.executeQuery<R>({ ...query, parameters });
  }

  async rows(db: Db, values: Readonly<Record<P, unknown>>): Promise<R[]> {
    return (await this.run(db, values)).rows;
  }

  async first(db: Db, values: Readonly<Record<P, unknown>>): Promise<R | undefined> {
    return (await this.run(db, values)).rows[0];
  }

  /** Rows an UPDATE/DELETE/INSERT changed (with RETURNING, SQLite reports rows, not a count: the rows it returned). */
  async affected(db: Db, values: Readonly<Record<P, unknown>>): Promise<number> {
    const result = await this.run(db, values);
    return result.numAffectedRows !== undefined ? Number(result.numAffectedRows) : result.rows.length;
  }

  /** The SQL it runs (tests, diagnostics). */
  sql(db: Db): string {
    this.compiled ??= this.compile(db);
    return this.compiled.query.sql;
  }
}

export function prepared<P extends string, R>(names: readonly P[], build: (db: Db, $: (name: P) => never) => Compilable<R>): Prepared<P, R> {
  return new Prepared(names, build);
}

/**
 * Statements whose shape varies with a count (a multi-row INSERT of n rows): one Prepared per count, made on
 * first use. The counts a route uses are few (1–3); anything unusual still works (it is compiled once too).
 */
export class PreparedByCount<P extends string, R> {
  private readonly byCount = new Map<number, Prepared<P, R>>();

  constructor(private readonly make: (count: number) => Prepared<P, R>) {}

  for(count: number): Prepared<P, R> {
    let statement = this.byCount.get(count);
    if (!statement) {
      statement = this.make(count);
      if (this.byCount.size < 16) this.byCount.set(count, statement);
    }
    return statement;
  }
}
