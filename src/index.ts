// The public, side-effect-free entry point. Register the element with
// `import 'kaltura-chunked-upload/define'`.
export { ChunkedUpload } from './engine/chunked-upload.js';
export { UploadError } from './errors.js';
export { KalturaUploaderElement } from './element/kaltura-uploader.js';
