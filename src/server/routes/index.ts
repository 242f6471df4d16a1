/** Every route group of the API, registered in one place (add a group: one line here). */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../db/database';
import type { Services } from '../services';
import type { AppConfig } from '../app';
import { accountRoutes } from './account';
import { authRoutes } from './auth';
import { healthRoutes } from './health';
import { registrationRoutes } from './registrations';

export interface RouteContext {
  services: Services;
  store: Store;
  config: AppConfig;
}

export async function registerRoutes(app: FastifyInstance, { services, store }: RouteContext): Promise<void> {
  healthRoutes(app, store);
  authRoutes(app, services);
  accountRoutes(app, services);
  registrationRoutes(app, services);
}
