// Registers <kaltura-uploader>; does nothing if the tag is already defined, or where there is no
// custom element registry (server-side rendering, Node), so importing it never throws.
import { KalturaUploaderElement } from './element/kaltura-uploader.js';

if (typeof customElements !== 'undefined' && !customElements.get('kaltura-uploader')) {
  customElements.define('kaltura-uploader', KalturaUploaderElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'kaltura-uploader': KalturaUploaderElement;
  }
}
