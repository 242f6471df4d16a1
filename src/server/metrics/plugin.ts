/**
 * Wires the metrics into an app: counts auth events from the audit log and
 * times every request by route pattern; serves /metrics on the management
 * port (MANAGEMENT_PORT, with the health checks) and/or on the main port
 * behind a bearer token (METRICS_TOKEN). Neither is on by default.
 */
import crypto from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ErrorCode } from '../../shared/errors';
import type { Store } from '../db/database';
import { localProblem, sendProblem } from '../http/problem';
import { healthRoutes } from '../routes/health';
import type { Services } from '../services';
import { AuthMetrics } from './auth-metrics';
import type { MetricsSettings } from './config';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: { registry: AuthMetrics['registry']; managementUrl(): string | null };
  }
}

export const metricsOff: MetricsSettings = { managementPort: null, managementHost: '127.0.0.1', token: null };

function tokenMatches(request: FastifyRequest, token: string): boolean {
  const match = /^bearer (.+)$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) return false;
  const given = crypto.createHash('sha256').update(match[1]).digest();
  return crypto.timingSafeEqual(given, crypto.createHash('sha256').update(token).digest());
}

async function scrape(metrics: AuthMetrics, reply: FastifyReply): Promise<string> {
  reply.type(metrics.registry.contentType);
  return metrics.registry.metrics();
}

export function installMetrics(app: FastifyInstance, options: { services: Services; store: Store; settings?: MetricsSettings }): void {
  const settings = options.settings ?? metricsOff;
  const metrics = new AuthMetrics({ pool: options.store.poolStats });
  options.services.audit.listeners.push((entry) => metrics.observe(entry));

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  if (settings.token) {
    const token = settings.token;
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      if (!tokenMatches(request, token)) return sendProblem(reply, localProblem(request, 401, ErrorCode.unauthenticated, { id: 'server.error.metricsToken' }));
      return scrape(metrics, reply);
    });
  }

  let management: FastifyInstance | null = null;
  if (settings.managementPort !== null) {
    const port = settings.managementPort;
    management = Fastify({ logger: false });
    management.get('/metrics', async (_request, reply) => scrape(metrics, reply));
    healthRoutes(management, options.store);
    app.addHook('onReady', async () => {
      await management!.listen({ port, host: settings.managementHost });
    });
    app.addHook('onClose', async () => {
      await management!.close();
    });
  }

  app.decorate('metrics', {
    registry: metrics.registry,
    managementUrl() {
      const address = management?.server.address();
      if (!address || typeof address !== 'object') return null;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${host}:${address.port}`;
    },
  });
}
