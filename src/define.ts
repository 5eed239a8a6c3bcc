// Registers <kaltura-uploader>; does nothing if the tag is already defined.
import { KalturaUploaderElement } from './element/kaltura-uploader.js';

if (!customElements.get('kaltura-uploader')) customElements.define('kaltura-uploader', KalturaUploaderElement);

declare global {
  interface HTMLElementTagNameMap {
    'kaltura-uploader': KalturaUploaderElement;
  }
}
