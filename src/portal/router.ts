/** The portal's pages live behind #/… fragments, so the server serves one URL: /portal. */
import { useEffect, useState } from 'react';

export type Route = 'security' | 'admin/policies' | 'admin/users' | 'admin/audit' | 'admin/deploy';
export const routes: readonly Route[] = ['security', 'admin/policies', 'admin/users', 'admin/audit', 'admin/deploy'];

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return (routes as readonly string[]).includes(path) ? (path as Route) : 'security';
}

export const href = (route: Route) => `#/${route}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}
