/** 0007_deployment on a database that already has two organizations of the same name (made before names were unique). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
    await expect(store.db.insertInto('orgs').values(org('o4', 'FABRIKAM', 4)).execute()).rejects.toThrow(/UNIQUE/);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
