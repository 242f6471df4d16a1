/**
 * Content-Security-Policy and framing rules for what the server answers, besides the portal's own
 * (routes/portal.ts). The add-in pages hold the bearer session and drive the device key: their scripts come
 * only from this origin and Microsoft's office.js origin (no inline script, no eval), and only the Office hosts
 * that load add-ins may frame them. API answers may be framed by nobody.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where office.js (and the scripts it loads) comes from. */
export const officeJsOrigin = 'https://appsforoffice.microsoft.com';

/**
 * The Office hosts that frame an add-in's pages: Outlook on the web and the new Outlook (outlook.office.com,
 * outlook.office365.com, outlook.cloud.microsoft, outlook.live.com for consumer accounts) and Office on the web.
 * Office desktop (classic Outlook on Windows and Mac) shows the pane in a web view of its own, not in a frame.
 */
export const officeHostAncestors = [
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook.cloud.microsoft',
  'https://outlook.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.officeapps.live.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
];

/**
 * The policy of a page that holds a session: scripts only from `scriptSrc` (no inline script, no eval);
 * Fluent UI (Griffel) inserts <style> elements at run time, so styles need 'unsafe-inline'; QR codes are
 * data: images; only `frameAncestors` may frame it.
 */
export function pageCsp(scriptSrc: string, frameAncestors: string): string {
  return [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/** The add-in's pages: Microsoft's office.js besides our own scripts; framed only by the Office hosts. */
export const addinCsp = pageCsp(`'self' ${officeJsOrigin}`, `'self' ${officeHostAncestors.join(' ')}`);

/** The portal: our own scripts only; nobody may frame it (clickjacking). */
export const portalCsp = pageCsp("'self'", "'none'");

/** API answers are data, never a page: nothing loads from them and nobody frames them. */
export const apiCsp = "default-src 'none'; frame-ancestors 'none'";

export const addinPages = new Set(['/taskpane.html', '/commands.html', '/support.html']);

function pathOf(url: string): string {
  return url.split('?')[0] ?? '';
}

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
    const pathname = pathOf(request.url);
    if (addinPages.has(pathname)) {
      reply.header('content-security-policy', addinCsp);
      return;
    }
    if (pathname.startsWith('/api/') || pathname === '/healthz' || pathname === '/readyz') {
      reply.header('content-security-policy', apiCsp);
      reply.header('x-frame-options', 'DENY');
    }
  });
}
