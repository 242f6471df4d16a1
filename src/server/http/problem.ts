/** Every error leaves as application/problem+json with a stable code; a client's mistake is never a 500. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, problemTypeBase, type Problem } from '../../shared/errors';
import { ServiceError } from '../services/errors';
import { databaseRetryAfterSeconds, isDatabaseUnavailable } from '../db/outage';

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function problem(status: number, code: ErrorCode, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: problemTypeBase + code, title: titles[status] ?? 'Error', status, code, detail, ...extra };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  if (body.retryAfter) reply.header('retry-after', String(body.retryAfter));
  if (body.status === 401) reply.header('www-authenticate', 'Bearer realm="axis-cloudsync"');
  return reply.code(body.status).type('application/problem+json').send(body);
}

/** Maps whatever was thrown to a problem. */
export function toProblem(error: FastifyError | Error, request: FastifyRequest): Problem {
  if (error instanceof ServiceError) {
    return problem(error.status, error.code, error.message, error.retryAfter ? { retryAfter: error.retryAfter } : {});
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const errors = fastifyError.validation.map((v) => ({
      path: `${fastifyError.validationContext ?? 'body'}${v.instancePath || ''}`,
      message: v.keyword === 'additionalProperties' ? `unknown field "${String((v.params as { additionalProperty?: string }).additionalProperty)}"` : (v.message ?? 'is not valid'),
    }));
    return problem(400, ErrorCode.invalidRequest, `The request is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, { errors });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, ErrorCode.payloadTooLarge, 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, ErrorCode.unsupportedMediaType, 'Send the request body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, ErrorCode.invalidRequest, 'The request body is empty; send a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem(400, ErrorCode.invalidRequest, 'The request body is not valid JSON.');
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    return problem(status, status === 404 ? ErrorCode.notFound : ErrorCode.invalidRequest, 'The request could not be processed.');
  }
  if (isDatabaseUnavailable(error)) {
    request.log.error({ err: error }, 'database unavailable');
    return problem(503, ErrorCode.unavailable, 'The service cannot reach its database right now. Nothing was changed; try again in a moment.', { retryAfter: databaseRetryAfterSeconds });
  }
  request.log.error({ err: error }, 'unhandled error');
  return problem(500, ErrorCode.internal, 'Something went wrong on our side. Try again in a moment.');
}
