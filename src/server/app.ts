/**
 * The HTTP face of the auth API: Fastify with the contract's schemas, problem+json
 * errors, OpenAPI, health checks and the built web files. No rules here.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import cors from '@fastify/cors';
import { ErrorCode } from '../shared/errors';
import { apiPrefix } from '../shared/routes';
import type { Config } from './config';
import type { Store } from './db/database';
import { clientErrorHandler, frameworkErrors, localProblem, sendProblem, toProblem } from './http/problem';
import type { Services } from './services';
import { registerRoutes } from './routes';
import { installAuthHook } from './http/auth';
import { installPasswordChangeGate } from './http/password-change-gate';
import { installMetrics } from './metrics/plugin';
import { genReqId, installRequestId } from './http/request-id';
import { KnownRoutes } from './http/method-not-allowed';
import { problemPageRoutes } from './http/problem-pages';
import { transformDocument, transformRoute } from './http/openapi';
import { installSecurityHeaders } from './http/security-headers';
import { registerStaticFiles } from './http/static-files';

export type AppConfig = Pick<Config, 'trustProxy' | 'webRoot' | 'corsOrigins' | 'production' | 'publicUrl' | 'logLevel'> & Partial<Pick<Config, 'metrics' | 'supportUrl'>>;

export interface AppOptions {
  config: AppConfig;
  store: Store;
  services: Services;
  https?: { key: Buffer | string; cert: Buffer | string } | null;
  /** Extra route plugins for tests; the product's routes are all in routes/index.ts. */
  plugins?: ((app: FastifyInstance) => void | Promise<void>)[];
}

/** Small bodies only: the largest legitimate request is a password change. */
export const bodyLimitBytes = 16 * 1024;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, store, services } = options;
  const fastifyOptions: FastifyServerOptions & { https?: unknown } = {
    logger: {
      level: config.logLevel,
      // Belt and braces: nothing that could carry a secret is ever logged.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'res.headers["set-cookie"]'],
    },
    trustProxy: config.trustProxy as FastifyServerOptions['trustProxy'],
    bodyLimit: bodyLimitBytes,
    return503OnClosing: true,
    requestIdHeader: false,
    genReqId,
    frameworkErrors,
    clientErrorHandler,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
  };
  if (options.https) fastifyOptions.https = options.https;
  const app = Fastify(fastifyOptions as FastifyServerOptions) as unknown as FastifyInstance;

  app.setErrorHandler((error, request, reply) => sendProblem(reply, toProblem(error as Error, request)));
  const knownRoutes = new KnownRoutes();
  knownRoutes.track(app);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = knownRoutes.allowed(path);
    // A route that takes this method and still lands here (reply.callNotFound) means "no such record": 404.
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(reply, localProblem(request, 405, ErrorCode.methodNotAllowed, { id: 'server.error.routeMethod', values: { path, method: request.method, allowed: allowed.join(', ') } }));
    }
    return sendProblem(reply, localProblem(request, 404, ErrorCode.notFound, { id: 'server.error.nothingHere', values: { method: request.method, path } }));
  });
  // Bodies are JSON only: text/plain (which Fastify parses by default) answers 415, not a confusing 400.
  app.removeContentTypeParser('text/plain');
  installRequestId(app);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (request.url.startsWith(apiPrefix)) reply.header('cache-control', 'no-store');
    if (config.production) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });

  if (config.corsOrigins.length > 0) {
    await app.register(cors, { origin: config.corsOrigins, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], maxAge: 600, exposedHeaders: ['x-request-id', 'retry-after'] });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'AXIS CloudSync Two-Step Authentication API', version: '1.0.0', description: 'Errors are application/problem+json with a stable `code`.' },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: transformRoute,
    transformObject: transformDocument as never,
  });

  installMetrics(app, { services, store, settings: config.metrics });
  installSecurityHeaders(app);
  installAuthHook(app, services);
  installPasswordChangeGate(app, services);
  await registerRoutes(app, { services, store, config });
  for (const plugin of options.plugins ?? []) await plugin(app);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  problemPageRoutes(app);

  await registerStaticFiles(app, config.webRoot);

  await app.ready();
  return app;
}
