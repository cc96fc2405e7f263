/**
 * A Vite plugin that turns the catalogue's markdown source into the typed catalogue at build
 * time. The app imports `virtual:catalogue`; a bad row fails the build with `file:line: reason`.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { formatDiagnostic, parseCatalogue } from '../domain/catalogue.ts';

const VIRTUAL_ID = 'virtual:catalogue';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

export interface CataloguePluginOptions {
  /** Path of the markdown source, relative to the project root. */
  file: string;
}

/** Parses and validates the catalogue source; the build fails on any error. */
export function cataloguePlugin(options: CataloguePluginOptions): Plugin {
  let root = process.cwd();
  return {
    name: 'pyrecall:catalogue',
    configResolved(config) {
      root = config.root;
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const path = resolve(root, options.file);
      this.addWatchFile(path);
      const shown = relative(process.cwd(), path) || path;
      const { catalogue, warnings, errors } = parseCatalogue(readFileSync(path, 'utf8'));
      for (const w of warnings) this.warn(formatDiagnostic(shown, w));
      if (errors.length > 0) {
        const list = errors.map((e) => formatDiagnostic(shown, e)).join('\n');
        this.error(`The catalogue has ${errors.length} error(s):\n${list}`);
      }
      // JSON.parse of a string literal is faster to start than the equivalent object literal.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(catalogue))});`;
    },
  };
}
