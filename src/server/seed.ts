/**
 * The first organization and its administrator, on an empty database only.
 * - Production (NODE_ENV=production): from BOOTSTRAP_ORG and BOOTSTRAP_ADMIN, or
 *   nothing at all (and the start says how to make them). Never a demo org.
 * - Development: a "Demo Organization" with admin@demo.example, so a person can sign in.
 * The password is random and goes into a 0600 file, never into a log; it is
 * marked for change at first sign-in (services/password-change.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Services } from './services';
import { cliContext } from './services/audit';

export interface BootstrapSettings {
  production: boolean;
  /** BOOTSTRAP_ORG and BOOTSTRAP_ADMIN, both or neither (config.ts checks). */
  bootstrap: { org: string; admin: string } | null;
}

export type SeedResult =
  | {
      created: true;
      demo: boolean;
      orgName: string;
      username: string;
      /** The file (0600) that holds the first password: kept out of logs. */
      passwordFile: string;
    }
  | { created: false; reason: 'production-without-bootstrap' };

/** What to do when a production database has no organization: shown at start and by `npm run migrate`. */
export const noBootstrapHelp =
  'The database has no organization yet, and in production none is made up. Either set BOOTSTRAP_ORG="Your Company" and ' +
  'BOOTSTRAP_ADMIN=admin@yourcompany.example and start again (the first password is written to DATA_DIR/initial-admin-password), or run ' +
  '`npm run admin -- create-org --name "Your Company"` and `npm run admin -- create-user --org "Your Company" --username admin@yourcompany.example --role admin`.';

export async function seedIfEmpty(services: Services, dataDir: string, settings: BootstrapSettings = { production: false, bootstrap: null }): Promise<SeedResult | null> {
  const any = await services.db.selectFrom('orgs').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const first = settings.bootstrap
    ? { orgName: settings.bootstrap.org, username: settings.bootstrap.admin, displayName: 'Administrator', demo: false }
    : settings.production
      ? null
      : { orgName: 'Demo Organization', username: 'admin@demo.example', displayName: 'Demo Admin', demo: true };
  if (!first) return { created: false, reason: 'production-without-bootstrap' };
  const actor = { ...cliContext, actorId: null };
  const org = await services.administration.createOrg(first.orgName, {}, actor);
  // A random password: a well-known first password would be a standing invitation.
  const password = `${first.demo ? 'demo-' : ''}${crypto.randomBytes(15).toString('base64url')}`;
  const admin = await services.administration.createUser({ orgId: org.id, username: first.username, password, role: 'admin', displayName: first.displayName }, actor);
  // A generated password is for the first sign-in only: the portal then asks for a new one before anything else.
  await services.passwordChange.mark(admin.id);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(dataDir, 'initial-admin-password');
  fs.writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
  fs.chmodSync(passwordFile, 0o600);
  return { created: true, demo: first.demo, orgName: org.name, username: first.username.toLowerCase(), passwordFile };
}
