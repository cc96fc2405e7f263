import { hydrate, mount } from 'svelte';
import App from './App.svelte';
import { EMPTY_QUERY, parseRoute, routeHash } from './domain/routes';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('PyRecall: #app element missing from index.html');

/**
 * The build prerenders the library as it looks before any data loads (src/build/prerender-plugin.ts).
 * Opened there, the app adopts that markup; opened anywhere else (an article, Review, a search
 * link), it renders afresh instead of hydrating a screen that is not the one asked for.
 */
const atLibrary = () => routeHash(parseRoute(location.hash)) === routeHash({ name: 'library', query: EMPTY_QUERY, focusSearch: false });

/**
 * A module script runs as soon as the document is parsed, which for a small page is before its
 * first paint: hydrating there would hold the prerendered reading path back by the whole hydration.
 * So the app lets the browser paint first (the next frame, then a task), unless the tab is hidden
 * (no frames come there; nothing is painted anyway).
 */
function afterFirstPaint(start: () => void): void {
  if (document.visibilityState !== 'visible') start();
  else requestAnimationFrame(() => setTimeout(start, 0));
}

function start(root: HTMLElement): void {
  // Still at the library? A link in the prerendered page may have been followed in that frame:
  // then render that screen afresh rather than hydrate markup that does not match it.
  if (root.firstChild !== null && atLibrary()) {
    hydrate(App, { target: root });
    return;
  }
  root.replaceChildren();
  mount(App, { target: root });
}

if (target.firstChild !== null && atLibrary()) afterFirstPaint(() => start(target));
else start(target);
