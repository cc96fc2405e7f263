/**
 * The current route, kept in step with the location hash so Back, bookmarks and deep links work.
 */
import { parseRoute, routeHash, type Route } from '../domain/routes';

class Router {
  // No location when the first screen is prerendered at build time: that is the library.
  #route = $state.raw<Route>(parseRoute(typeof location === 'undefined' ? '' : location.hash));

  constructor() {
    if (typeof window === 'undefined') return;
    window.addEventListener('hashchange', () => {
      this.#route = parseRoute(location.hash);
    });
  }

  get route(): Route {
    return this.#route;
  }

  /** Goes to a route; `replace` edits the current history entry instead of adding one. */
  go(route: Route, { replace = false } = {}): void {
    const hash = routeHash(route);
    if (hash === location.hash || (hash === '#/' && location.hash === '')) {
      this.#route = route;
      return;
    }
    if (replace) {
      history.replaceState(history.state, '', hash);
      this.#route = parseRoute(hash);
    } else {
      location.hash = hash;
    }
  }
}

export const router = new Router();
