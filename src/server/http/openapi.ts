/**
 * The OpenAPI contract, tidied in one place so that every route (present and
 * future) comes out the same without its file saying so: an operationId from
 * the method and path, `security: []` on public routes, the shared Problem
 * answers (400/401/503 where they can happen, and a default), and the
 * contract's named schemas (src/shared) in `components.schemas` as $refs
 * instead of inline copies. `npm test` lints the result with Redocly.
 */
import { Type, Kind, type TSchema } from '@sinclair/typebox';
import type { FastifySchema, RouteOptions } from 'fastify';
import * as schemas from '../../shared/schemas';
import * as adminSchemas from '../../shared/admin-schemas';
import { ErrorCode, problemTypeBase } from '../../shared/errors';

type Json = Record<string, unknown>;
const marker = 'x-axis-schema';

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: `A page about the code, relative to the API origin: ${problemTypeBase}<code>` }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    code: Type.Unsafe<ErrorCode>({ type: 'string', enum: Object.values(ErrorCode), description: 'Stable, machine-readable; clients branch on it' }),
    detail: Type.String({ description: 'For people, in the language the request asked for (Accept-Language; see Content-Language); may change' }),
    retryAfter: Type.Optional(Type.Integer({ minimum: 1, description: 'Seconds until another attempt is worth making (also in Retry-After)' })),
    pause: Type.Optional(Type.Unsafe<'short' | 'lock'>({ type: 'string', enum: ['short', 'lock'], description: 'invalid_code with Retry-After: "short" is the growing pause between tries after several wrong codes, "lock" the account lock' })),
    triesBeforePause: Type.Optional(Type.Integer({ minimum: 1, description: 'invalid_code with no pause yet: how many more codes can be tried before a wrong one starts the pauses' })),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }), { description: 'invalid_request: each field that is wrong' })),
  },
  { description: 'RFC 9457 problem details (application/problem+json)' },
);

const problemRef = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemRef } } });

export const openApiComponents = {
  schemas: {} as Record<string, unknown>,
  responses: {
    BadRequest: problemResponse('invalid_request (the body, query or path does not match the contract), or weak_password'),
    Unauthorized: problemResponse('No usable token, or wrong credentials or code (see the code); carries WWW-Authenticate: Bearer'),
    Unavailable: problemResponse('unavailable: the database cannot be reached; nothing was changed; see Retry-After'),
    Error: problemResponse('Any other error, as problem+json with a stable code (forbidden, not_found, conflict, rate_limited, …)'),
  },
};

/** The contract's object schemas by their structure (JSON text) → their export name. */
const named = new Map<string, string>();
for (const [name, value] of Object.entries({ ...schemas, ...adminSchemas })) {
  const schema = value as TSchema;
  if (schema && typeof schema === 'object' && Kind in schema && schema.type === 'object') {
    const key = JSON.stringify(schema);
    if (!named.has(key)) named.set(key, name);
  }
}

/** A copy of a route schema in which every part that is one of the contract's named schemas carries its name. */
function markNamed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(markNamed);
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Json = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = markNamed(value);
  const name = named.get(JSON.stringify(schema));
  if (name) copy[marker] = name;
  return copy;
}

function operationId(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v\d+/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .flatMap((part) => part.split(/[-_]/))
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return method.toLowerCase() + words.join('');
}

/** @fastify/swagger `transform`: per route, before the document is built. */
export function transformRoute({ schema, url, route }: { schema: FastifySchema; url: string; route: RouteOptions }): { schema: FastifySchema; url: string } {
  if (!schema || (schema as { hide?: boolean }).hide) return { schema, url };
  const s = { ...(schema as Json) };
  const method = [route.method].flat()[0] ?? 'GET';
  s.operationId ??= operationId(method, url);
  const secured = Array.isArray(s.security) && s.security.length > 0;
  if (!secured) s.security = [];
  const response: Json = { ...((s.response as Json | undefined) ?? {}) };
  for (const [status, value] of Object.entries(response)) response[status] = markNamed(value);
  if (s.body) s.body = markNamed(s.body);
  const produces = s.produces as string[] | undefined;
  if (produces && !response['200']) response['200'] = { description: `The file (${produces.join(', ')})`, type: 'string' };
  s.response = response;
  return { schema: s as FastifySchema, url };
}

/** @fastify/swagger `transformObject`: the whole document, once built. */
export function transformDocument({ openapiObject }: { openapiObject: Partial<Json> }): Json {
  const doc = openapiObject as Json & { paths?: Record<string, Record<string, Json>>; components?: Json };
  const components = (doc.components ??= {}) as Json & { schemas?: Json; responses?: Json };
  const componentSchemas = (components.schemas ??= {}) as Json;
  components.responses = { ...openApiComponents.responses, ...(components.responses as Json | undefined) };
  componentSchemas.Problem = JSON.parse(JSON.stringify(ProblemSchema));

  const hoist = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(hoist);
    if (!node || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) if (key !== marker) out[key] = hoist(value);
    const name = (node as Json)[marker];
    if (typeof name !== 'string') return out;
    componentSchemas[name] ??= out;
    return { $ref: `#/components/schemas/${name}` };
  };

  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      if (operation.requestBody) operation.requestBody = hoist(operation.requestBody);
      const responses = (operation.responses = hoist(operation.responses ?? {}) as Json);
      const hasInput = Boolean(operation.requestBody) || (Array.isArray(operation.parameters) && operation.parameters.length > 0);
      const secured = Array.isArray(operation.security) && operation.security.length > 0;
      if (hasInput) responses['400'] ??= { $ref: '#/components/responses/BadRequest' };
      if (secured || path.includes('/auth/')) responses['401'] ??= { $ref: '#/components/responses/Unauthorized' };
      if (path.startsWith('/api/') || path === '/readyz') responses['503'] ??= { $ref: '#/components/responses/Unavailable' };
      responses.default ??= { $ref: '#/components/responses/Error' };
    }
  }
  return doc;
}
