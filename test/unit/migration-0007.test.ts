/** 0007_deployment on a database that already has two organizations of the same name (made before names were unique). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { migrateTo, migrateToLatest, openStore } from '../../src/server/db/database';

test('renames the later duplicate "<name> (<id>)", then names are unique case-insensitively', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-0007-'));
  const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'db.sqlite') });
  try {
    // The schema before 0007, as an older version left it.
    await migrateTo(store.db, '0005_approval_requests');
    const org = (id: string, name: string, created: number) => ({
      id, name, created_at: created, require_2fa: 0, allowed_methods: '["totp"]', session_max_age_s: 43200, session_idle_s: 3600, allow_email_to_addin_mailbox: 0,
    });
    await store.db.insertInto('orgs').values([org('o1', 'Contoso', 1), org('o2', 'contoso', 2), org('o3', 'Fabrikam', 3)]).execute();

    expect(await migrateToLatest(store.db)).toContain('0007_deployment');
    const names = (await store.db.selectFrom('orgs').select(['id', 'name']).orderBy('id').execute()).map((o) => o.name);
    expect(names).toEqual(['Contoso', 'contoso (o2)', 'Fabrikam']);
    // The unique index on lower(name) is in place (the refusal of a duplicate name over HTTP is in test/api/server-start.test.ts).
    const indexes = (await sql<{ name: string; unique: number }>`PRAGMA index_list(orgs)`.execute(store.db)).rows;
    expect(indexes).toContainEqual(expect.objectContaining({ name: 'orgs_name_unique', unique: 1 }));
    const definition = (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'orgs_name_unique'`.execute(store.db)).rows[0];
    expect(definition?.sql).toMatch(/ON orgs \(lower\(name\)\)/);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
