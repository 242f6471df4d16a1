/**
 * A wrong method on a known path answers 405 with `Allow`, not 404: the
 * not-found handler asks here which methods the path's routes take.
 */
import type { FastifyInstance } from 'fastify';

interface KnownRoute {
  pattern: RegExp;
  methods: Set<string>;
}

function toPattern(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}

export class KnownRoutes {
  private readonly routes = new Map<string, KnownRoute>();

  /** Call before any route is added. */
  track(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      // The static files' catch-all (GET /*) takes every path: counting it would turn every 405 into a 404.
      if (route.url === '/*') return;
      const known = this.routes.get(route.url) ?? { pattern: toPattern(route.url), methods: new Set<string>() };
      for (const method of [route.method].flat()) known.methods.add(method);
      this.routes.set(route.url, known);
    });
  }

  /** The methods some route takes at this path (empty: the path is unknown). */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes.values()) if (route.pattern.test(path)) route.methods.forEach((m) => methods.add(m));
    return [...methods].sort();
  }
}
