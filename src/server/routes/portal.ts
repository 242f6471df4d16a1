/**
 * The web portal's page: GET /portal serves the built portal.html (the portal
 * routes itself with #/… fragments), with the portal's security headers. The
 * portal keeps its bearer token in memory and sessionStorage and sends it in
 * the Authorization header: no cookies, so no CSRF token is needed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '../../shared/errors';
import type { AppConfig } from '../app';
import { localProblem, sendProblem } from '../http/problem';
import { portalCsp } from '../http/security-headers';

export const portalPath = '/portal';


function isPortalPage(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  return pathname === portalPath || pathname === `${portalPath}/` || pathname === `${portalPath}.html`;
}

export function portalRoutes(app: FastifyInstance, config: AppConfig): void {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isPortalPage(request.url)) return;
    reply.header('content-security-policy', portalCsp);
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    reply.header('cache-control', 'no-store');
  });

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    let html: string;
    try {
      html = await fs.readFile(path.join(config.webRoot, 'portal.html'), 'utf8');
    } catch {
      return sendProblem(reply, localProblem(request, 503, ErrorCode.unavailable, { id: 'server.error.portalNotBuilt' }));
    }
    return reply.type('text/html; charset=utf-8').send(html);
  };
  app.get(portalPath, { schema: { hide: true } }, page);
  // "/portal/" would resolve the page's relative script URLs under /portal/: send it to /portal.
  app.get(`${portalPath}/`, { schema: { hide: true } }, async (_request, reply) => reply.redirect(portalPath, 301));
}
