/**
 * Starts the real API server in-process on 127.0.0.1 with a fresh SQLite file
 * in a temporary directory (or the PostgreSQL database in TEST_DATABASE_URL),
 * a movable clock, and typed clients. Tests talk to it over real HTTP.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppConfig } from '../../src/server/app';
import { migrateToLatest, openStore, type Store } from '../../src/server/db/database';
import { createServices, type ServiceOptions, type Services } from '../../src/server/services';
import { cliContext } from '../../src/server/services/audit';
import { ManualClock } from '../../src/server/services/clock';
import type { Limits } from '../../src/server/services/limits';
import type { OrgPolicy } from '../../src/server/services/policy';
import { ApiClient } from '../../src/shared/api-client';
import { createTestDatabase } from './database';

export interface TestServer {
  baseUrl: string;
  app: FastifyInstance;
  services: Services;
  store: Store;
  clock: ManualClock;
  dataDir: string;
  /** This server at http://localhost:port: passkeys work there (WebAuthn takes no IP address as RP id). */
  passkeyUrl: string;
  /** A fresh client (no token) against this server. */
  client(): ApiClient;
  close(): Promise<void>;
}

export interface TestServerOptions {
  limits?: Partial<Limits>;
  /** Email/SMS delivery (e.g. a loopback SMTP server and SMS provider); default: the dev outbox. */
  delivery?: ServiceOptions['delivery'];
  config?: Partial<AppConfig>;
  /** Extra route plugins under test (admin, delivery…). */
  plugins?: Parameters<typeof buildApp>[0]['plugins'];
  /** Runs after services are built, before the app (e.g. to register factor handlers). */
  configure?: (services: Services) => void | Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-test-'));
  const database = await createTestDatabase(dataDir);
  const store = await openStore(database.config);
  await migrateToLatest(store.db);
  const clock = new ManualClock(Date.UTC(2026, 10, 28, 9, 0, 0));
  const services = createServices({ db: store.db, secretKey: crypto.randomBytes(32), clock, limits: options.limits, delivery: options.delivery });
  await options.configure?.(services);
  const config: AppConfig = {
    trustProxy: false,
    webRoot: path.resolve('dist'),
    corsOrigins: [],
    production: false,
    publicUrl: 'http://127.0.0.1',
    logLevel: 'silent',
    ...options.config,
  };
  const app = await buildApp({ config, store, services, plugins: options.plugins });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  const passkeyUrl = `http://localhost:${port}`;
  // The passkeys' relying party is PUBLIC_URL; here, the server's own localhost address once its port is known.
  services.passkeys.useOrigin(options.config?.publicUrl ?? passkeyUrl);
  return {
    baseUrl,
    app,
    services,
    store,
    clock,
    dataDir,
    passkeyUrl,
    client: () => new ApiClient({ baseUrl }),
    async close() {
      await app.close();
      await services.notifications.flush();
      services.delivery.close();
      await store.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const operator = { ...cliContext, actorId: null };

export interface TestOrg {
  id: string;
  name: string;
}

export async function createOrg(server: TestServer, policy: Partial<OrgPolicy> = {}, name = `Org ${crypto.randomUUID().slice(0, 8)}`): Promise<TestOrg> {
  return server.services.administration.createOrg(name, policy, operator);
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  orgId: string;
}

let userCounter = 0;

export async function createUser(
  server: TestServer,
  org: TestOrg,
  options: { role?: 'admin' | 'user'; username?: string; email?: string } = {},
): Promise<TestUser> {
  userCounter += 1;
  const username = options.username ?? `user${userCounter}-${crypto.randomUUID().slice(0, 6)}@example.com`;
  const password = `correct horse ${crypto.randomUUID()}`;
  const user = await server.services.administration.createUser(
    { orgId: org.id, username, password, role: options.role ?? 'user', email: options.email ?? username },
    operator,
  );
  return { id: user.id, username: user.username, password, orgId: org.id };
}

/** A session with a fresh step-up, for a user without 2FA (so the password alone signs in and steps up). */
export async function steppedUpSession(server: TestServer, user: TestUser): Promise<ApiClient> {
  const client = server.client();
  const first = await client.signInWithPassword({ username: user.username, password: user.password });
  if (first.next !== 'done') throw new Error(`expected done, got ${first.next}`);
  client.setToken(first.session!.token);
  await client.stepUp({ password: user.password });
  return client;
}
