// STUB: replaced by the local API work (issue 2).
import type { Plugin } from 'vite';
export function kalturaApiVitePlugin(_options: { devRoutes?: boolean } = {}): Plugin {
  return { name: 'kaltura-api' };
}
