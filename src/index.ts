// The public, side-effect-free entry point. Register the element with
// `import 'kaltura-chunked-upload/define'`.
export { ChunkedUpload, DEFAULT_CHUNK_SIZE, DEFAULT_CONCURRENCY } from './engine/chunked-upload.js';
export type {
  ChunkedUploadEventMap, ChunkedUploadOptions, KsSource, UploadProgressDetail, UploadResult, UploadState, UploadStateDetail,
} from './engine/chunked-upload.js';
export type { RetryOptions } from './engine/retry-policy.js';
export { UploadError, isUploadError } from './errors.js';
export type { LocalErrorCode, UploadErrorCode, UploadErrorInit } from './errors.js';
export type { EntryFields, KalturaMediaEntry, KalturaUploadToken, UploadTokenStatus } from './kaltura/types.js';
export { KalturaUploaderElement } from './element/kaltura-uploader.js';
