/** On an empty database: a demo organization and its admin, printed once so a person can sign in. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Services } from './services';
import { cliContext } from './services/audit';

export interface SeedResult {
  orgName: string;
  username: string;
  /** The file (0600) that holds the first password: kept out of logs. */
  passwordFile: string;
}

export async function seedIfEmpty(services: Services, dataDir: string): Promise<SeedResult | null> {
  const any = await services.db.selectFrom('orgs').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const actor = { ...cliContext, actorId: null };
  const org = await services.administration.createOrg('Demo Organization', {}, actor);
  // A random password: a well-known demo password would be a standing invitation.
  const password = `demo-${crypto.randomBytes(9).toString('base64url')}`;
  const username = 'admin@demo.example';
  await services.administration.createUser({ orgId: org.id, username, password, role: 'admin', displayName: 'Demo Admin' }, actor);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(dataDir, 'initial-admin-password');
  fs.writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
  return { orgName: org.name, username, passwordFile };
}
