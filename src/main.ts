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
const prerendered = target.firstChild !== null;
const atLibrary = routeHash(parseRoute(location.hash)) === routeHash({ name: 'library', query: EMPTY_QUERY, focusSearch: false });
if (prerendered && !atLibrary) target.replaceChildren();

export default prerendered && atLibrary ? hydrate(App, { target }) : mount(App, { target });
