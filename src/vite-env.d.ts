/// <reference types="svelte" />
/// <reference types="vite/client" />

declare module 'virtual:catalogue' {
  import type { Catalogue } from './domain/catalogue';
  const catalogue: Catalogue;
  export default catalogue;
}
