/**
 * GET /manifest.xml: the add-in manifest for this server, made at run time from
 * PUBLIC_URL (and SUPPORT_URL), so an admin downloads it from the server and
 * uploads it in the Microsoft 365 admin center; no rebuild per deployment.
 * GET /manifest.json: the unified manifest for the same add-in, made the same way;
 * GET /manifest.zip: its app package (manifest.json + icons), the file admin centers take.
 */
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../app';
import type { ManifestSettings } from './definition';
import path from 'node:path';
import { assetsDir, renderAppPackage } from './app-package';
import { renderJsonManifest } from './json';
import { renderXmlManifest } from './xml';

export const manifestPaths = { xml: '/manifest.xml', json: '/manifest.json', appPackage: '/manifest.zip' } as const;

export function manifestSettings(config: Pick<AppConfig, 'publicUrl' | 'supportUrl'>): ManifestSettings {
  return { publicUrl: config.publicUrl, ...(config.supportUrl ? { supportUrl: config.supportUrl } : {}) };
}

export function addinManifestRoutes(app: FastifyInstance, config: AppConfig): void {
  // Rendered once: the configuration does not change while the process runs.
  const xml = renderXmlManifest(manifestSettings(config));
  const json = renderJsonManifest(manifestSettings(config));
  // Made at the first request: a server without the icons still starts (and says what is missing here).
  let appPackage: Buffer | null = null;
  app.get(manifestPaths.xml, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/xml; charset=utf-8').header('cache-control', 'no-cache').send(xml),
  );
  app.get(manifestPaths.json, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').header('cache-control', 'no-cache').send(json),
  );
  app.get(manifestPaths.appPackage, { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('application/zip')
      .header('content-disposition', 'attachment; filename="cloudsync-outlook-app.zip"')
      .header('cache-control', 'no-cache')
      .send((appPackage ??= renderAppPackage(manifestSettings(config), [path.join(config.webRoot, 'assets'), assetsDir]))),
  );
}
