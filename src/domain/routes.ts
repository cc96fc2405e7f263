/**
 * The app's URLs. Routes live in the hash (`#/article/abc`), so any path the static host or the
 * service worker serves opens the right screen, online or offline.
 */

export interface LibraryQuery {
  q: string;
  section: string;
  author: string;
  /** A reading status ('to-read', 'reading', 'finished') or '' for any. */
  status: string;
}

export type Route =
  | { name: 'library'; query: LibraryQuery; focusSearch: boolean }
  | { name: 'article'; id: string }
  | { name: 'review' }
  | { name: 'progress' }
  | { name: 'settings' };

export const EMPTY_QUERY: LibraryQuery = { q: '', section: '', author: '', status: '' };
const QUERY_KEYS = ['q', 'section', 'author', 'status'] as const;

const SIMPLE = new Set(['review', 'progress', 'settings']);

/** Reads a route from a location hash such as `#/article/x1y2z3` or `#/?q=gil`. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [path, search = ''] = raw.split('?', 2);
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  const params = new URLSearchParams(search);
  if (parts[0] === 'article' && parts[1]) return { name: 'article', id: parts[1] };
  if (parts[0] && SIMPLE.has(parts[0]) && parts.length === 1) return { name: parts[0] } as Route;
  return {
    name: 'library',
    query: Object.fromEntries(QUERY_KEYS.map((key) => [key, params.get(key) ?? ''])) as unknown as LibraryQuery,
    focusSearch: parts[0] === 'search',
  };
}

/** The hash for a route: the inverse of `parseRoute`. */
export function routeHash(route: Route): string {
  switch (route.name) {
    case 'article':
      return `#/article/${encodeURIComponent(route.id)}`;
    case 'library': {
      const params = new URLSearchParams();
      for (const key of QUERY_KEYS) {
        if (route.query[key]) params.set(key, route.query[key]);
      }
      const search = params.toString();
      return search ? `#/?${search}` : '#/';
    }
    default:
      return `#/${route.name}`;
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
