/** Every route group of the API, registered in one place (add a group: one line here). */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../db/database';
import type { Services } from '../services';
import type { AppConfig } from '../app';
import { accountRoutes } from './account';
import { adminRoutes } from './admin';
import { approvalRoutes } from './approvals';
import { authRoutes } from './auth';
import { deliveryRoutes } from './delivery';
import { healthRoutes } from './health';
import { portalRoutes } from './portal';
import { registrationRoutes } from './registrations';
import { passkeyRoutes } from './passkeys';
import { preferenceRoutes } from './preferences';
import { addinManifestRoutes } from '../addin-manifest/routes';

export interface RouteContext {
  services: Services;
  store: Store;
  config: AppConfig;
}

export async function registerRoutes(app: FastifyInstance, { services, store, config }: RouteContext): Promise<void> {
  healthRoutes(app, store);
  authRoutes(app, services);
  accountRoutes(app, services);
  preferenceRoutes(app, services);
  registrationRoutes(app, services);
  passkeyRoutes(app, services);
  deliveryRoutes(app, services, config);
  adminRoutes(app, services);
  approvalRoutes(app, services);
  portalRoutes(app, config);
  addinManifestRoutes(app, config);
}
