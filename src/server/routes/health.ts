/** Liveness (the process answers) and readiness (the database answers). */
import type { FastifyInstance } from 'fastify';
import { HealthResponse } from '../../shared/schemas';
import { ErrorCode } from '../../shared/errors';
import { ping, type Store } from '../db/database';
import { localProblem, sendProblem } from '../http/problem';
import { databaseRetryAfterSeconds } from '../db/outage';

export function healthRoutes(app: FastifyInstance, store: Store): void {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: HealthResponse } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { tags: ['health'], summary: 'Readiness: the database answers', response: { 200: HealthResponse } } }, async (request, reply) => {
    try {
      await ping(store.db);
      return { status: 'ok', database: store.kind };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check: database unreachable');
      return sendProblem(reply, localProblem(request, 503, ErrorCode.unavailable, { id: 'server.error.databaseUnreachable', values: { kind: store.kind } }, { retryAfter: databaseRetryAfterSeconds }));
    }
  });
}
