/**
 * The built web files (dist/): brotli or gzip made at build time
 * (compression-webpack-plugin) when the browser accepts it, content-hashed
 * bundles cached for a year as immutable, HTML revalidated at every open
 * (no-cache) so a new release is picked up at once, other files (icons) for a day.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** main.1a2b3c4d.js, 123.1a2b3c4d.chunk.js and their source maps: the name changes when the content does. */
const hashedAsset = /\.[0-9a-f]{8}(\.chunk)?\.(js|css)(\.map)?$/;

/** The kinds of file the build precompresses (webpack.config.js, CompressionPlugin). */
const compressible = /\.(js|css|html|svg|xml)(\.br|\.gz)?$/;

export const cachePolicy = {
  hashed: 'public, max-age=31536000, immutable',
  html: 'no-cache',
  other: 'public, max-age=86400',
} as const;

/** The cache-control header for a built file (named without a .br/.gz suffix). */
export function cacheControlFor(file: string): string {
  const name = path.basename(file).replace(/\.(br|gz)$/, '');
  if (hashedAsset.test(name)) return cachePolicy.hashed;
  if (name.endsWith('.html')) return cachePolicy.html;
  return cachePolicy.other;
}

export async function registerStaticFiles(app: FastifyInstance, webRoot: string): Promise<void> {
  if (!fs.existsSync(webRoot)) return;
  await app.register(fastifyStatic, {
    root: webRoot,
    prefix: '/',
    index: false,
    // One catch-all route: explicit routes (/manifest.xml, /portal…) win; a missing file is our 404.
    wildcard: true,
    preCompressed: true,
    cacheControl: false,
    // Dot files (the build's stamps) are not for the web.
    dotfiles: 'deny',
    setHeaders: (res, file) => {
      res.setHeader('cache-control', cacheControlFor(file));
      // Shared caches must keep the br, gzip and plain answers apart.
      if (compressible.test(file)) res.setHeader('vary', 'accept-encoding');
    },
  });
}
