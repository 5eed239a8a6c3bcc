// What the engine loads (with `import()`) for a source that is not a Blob, and turns into bytes by
// offset (a StreamSource): a ReadableStream, read from here on; the same stream given to a new
// ChunkedUpload after a failed one (its reading never stopped: the new upload goes on with it,
// and with the resume store's record, on the same token); or an interrupted stream upload, as
// `listInterruptedUploads()` lists it, continued from browser storage after a reload.
import type { UploadError } from '../../errors.js';
import type { InterruptedUpload } from '../resume-store.js';
import { StreamSource } from './stream-source.js';

export { forgetSpilled } from './spill-store.js';

/** Sources being read, by stream: a stream can be read once, and its bytes outlive a failed upload. */
const reading = new WeakMap<ReadableStream, StreamSource>();

/** The key of a new stream upload: `stream:` (how lists tell a stream from a file's fingerprint) and a random part. */
const newKey = () => `stream:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/**
 * The source for `input`, once its first byte is read (EMPTY_FILE when the stream ends without
 * one). `onRead` is told as bytes come. INVALID_OPTIONS for a stream without `fileName`, or for
 * anything that is neither a stream nor an interrupted stream upload. `Errors` is the engine's
 * UploadError class.
 */
export async function openSource(input: unknown, { fileName }: { fileName?: string }, onRead: () => void, Errors: typeof UploadError): Promise<StreamSource> {
  let source: StreamSource;
  if (input instanceof ReadableStream) {
    if (!fileName) throw new Errors('INVALID_OPTIONS', '`fileName` is required for a stream');
    source = reading.get(input) ?? StreamSource.read(input, newKey(), Errors);
    reading.set(input, source);
  } else if ((input as InterruptedUpload | undefined)?.stream) {
    const { key, fileName: name, fileSize } = input as InterruptedUpload;
    source = await StreamSource.restore(key, Errors, fileSize);
    source.name = name;
  } else {
    throw new Errors('INVALID_OPTIONS', '`file` must be a File, a Blob, a ReadableStream, or an interrupted stream upload');
  }
  source.onRead = onRead;
  await source.grow(1);
  if (!source.size) throw new Errors('EMPTY_FILE', `"${fileName || source.name}" is empty: the stream gave no bytes`);
  return source;
}
