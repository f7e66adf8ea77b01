import { create } from 'zustand';

export type Route =
  | { name: 'list' }
  | { name: 'editor'; id: string; version?: number }
  | { name: 'notFound' };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/scenarios') return { name: 'list' };
  const m = path.match(/^\/scenarios\/([^/]+)(?:\/versions\/(\d+))?$/);
  if (m) return { name: 'editor', id: decodeURIComponent(m[1]), version: m[2] ? Number(m[2]) : undefined };
  return { name: 'notFound' };
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'list':
      return '/';
    case 'editor':
      return `/scenarios/${encodeURIComponent(route.id)}${route.version ? `/versions/${route.version}` : ''}`;
    case 'notFound':
      return '/';
  }
}

/** The address bar is the route: links can be shared and reload lands on the same screen. */
export const useRoute = create<{ route: Route }>(() => ({ route: parseRoute(location.pathname) }));

export function navigate(route: Route, replace = false) {
  const path = routePath(route);
  if (replace) history.replaceState(null, '', path);
  else if (location.pathname !== path) history.pushState(null, '', path);
  useRoute.setState({ route });
}

addEventListener('popstate', () => useRoute.setState({ route: parseRoute(location.pathname) }));
