/**
 * GET /manifest.xml: the add-in manifest for this server, made at run time from
 * PUBLIC_URL (and SUPPORT_URL), so an admin downloads it from the server and
 * uploads it in the Microsoft 365 admin center; no rebuild per deployment.
 */
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../app';
import type { ManifestSettings } from './definition';
import { renderXmlManifest } from './xml';

export const manifestPaths = { xml: '/manifest.xml' } as const;

export function manifestSettings(config: Pick<AppConfig, 'publicUrl' | 'supportUrl'>): ManifestSettings {
  return { publicUrl: config.publicUrl, ...(config.supportUrl ? { supportUrl: config.supportUrl } : {}) };
}

export function addinManifestRoutes(app: FastifyInstance, config: AppConfig): void {
  // Rendered once: the configuration does not change while the process runs.
  const xml = renderXmlManifest(manifestSettings(config));
  app.get(manifestPaths.xml, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/xml; charset=utf-8').header('cache-control', 'no-cache').send(xml),
  );
}
