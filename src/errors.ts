/**
 * Every failure of an upload is an `UploadError`: a `code` a program can switch on, a `message` a
 * person can read, and `retryable` saying whether trying again later may help.
 *
 * Codes are Kaltura's own (`INVALID_KS`, `UPLOAD_TOKEN_NOT_FOUND`, ...) when the server said no,
 * or one of {@link LocalErrorCode} when the problem was found here or on the way.
 */
export type LocalErrorCode =
  | 'INVALID_OPTIONS' // missing serviceUrl / ks, bad chunkSize or concurrency, nameless Blob without fileName
  | 'EMPTY_FILE' // the file has no bytes
  | 'FILE_TOO_LARGE' // the file is larger than `maxFileSize`
  | 'NETWORK_ERROR' // the request never got an answer (offline, DNS, refused, dropped); retryable
  | 'TIMEOUT' // the request stalled (no upload progress) or took too long to answer; retryable
  | 'HTTP_ERROR' // the server answered a non-200 status (5xx/429 are retryable)
  | 'BAD_RESPONSE' // the server answered 200 with something that is not a Kaltura answer
  | 'CANCELLED' // cancel() was called
  | 'KS_PROVIDER_FAILED' // the `ks` function rejected or gave no string, every try (retried with backoff); retryable
  | 'STREAM_ERROR' // a stream source failed while it was read (or its stored bytes are gone); what was read is kept
  | 'RECORDING_NOT_SUPPORTED' // (element) the browser cannot record here (no MediaRecorder, or not a secure context)
  | 'RECORDING_NOT_ALLOWED' // (element) the person (or the page's permissions policy) refused the camera, microphone or screen
  | 'RECORDING_NO_DEVICE' // (element) no camera (or it is in use by another program)
  | 'RECORDING_DEVICE_LOST'; // (element) the camera or microphone went away mid-recording; what was recorded still uploads

export type UploadErrorCode = LocalErrorCode | (string & {});

export interface UploadErrorInit {
  retryable?: boolean;
  cause?: unknown;
  /** Kaltura's error arguments (e.g. `{KSID, ERR_CODE}` for INVALID_KS). */
  args?: Record<string, string>;
  /** HTTP status, for HTTP_ERROR. */
  status?: number;
  /** Milliseconds the server asked us to wait (Retry-After). */
  retryAfterMs?: number;
  /** The Kaltura call that failed, e.g. `uploadtoken.upload`. */
  call?: string;
}

/**
 * Every KS this page has sent (the current ones and those they replaced): a KS is a bearer
 * credential, and Kaltura echoes it in errors (`Invalid KS "<ks>", ...`, with `KSID` in `args`).
 * An UploadError never carries one (public-api.md), whoever makes it, so the scrubbing is here.
 */
const sentKs = new Set<string>();

/** Remembers a KS about to be sent (kaltura/client.ts), so no UploadError made from now on shows it. */
// Not a short string (an empty KS, a placeholder in a test): it is no credential, and scrubbing it would garble every message.
export const rememberKs = (ks: string) => ks.length > 7 && sentKs.add(ks);

/**
 * `text` with every known KS and anything KS-shaped removed: a v2 KS (base64 of `v2|`, `djJ8...`)
 * or a long base64 run (a v1 KS is base64 of a 40-hex signature, `|` and fields: 80+ characters).
 */
export function redactKs(text: string): string {
  for (const ks of sentKs) text = text.split(ks).join('[KS]');
  return text.replace(/djJ8[\w+/=-]*|[\w+/=-]{80,}/g, '[KS]');
}

export class UploadError extends Error {
  override readonly name = 'UploadError';
  declare readonly code: UploadErrorCode;
  declare readonly retryable: boolean;
  declare readonly args?: Record<string, string>;
  declare readonly status?: number;
  declare readonly retryAfterMs?: number;
  declare readonly call?: string;

  constructor(code: UploadErrorCode, message: string, { cause, retryable = false, args, status, retryAfterMs, call }: UploadErrorInit = {}) {
    super(redactKs(message), { cause });
    // The causes are scrubbed in place: message and stack (a read-only one, a DOMException's, is left).
    for (let c = cause; c instanceof Error; c = c.cause) try { c.message = redactKs(c.message); c.stack &&= redactKs(c.stack); } catch {}
    // Arguments too: INVALID_KS names the KS in `KSID` (a reason such as EXPIRED is kept). A KS is base64: no JSON escapes in it.
    args &&= JSON.parse(redactKs(JSON.stringify(args)));
    // Every field set, those left undefined too: an error always has the same shape.
    Object.assign(this, { code, retryable, args, status, retryAfterMs, call });
  }
}

/** True for an `UploadError`, also one made by another copy of this library (matched by name). */
export function isUploadError(e: unknown): e is UploadError {
  return e instanceof UploadError || (e as Error | undefined)?.name === 'UploadError';
}

/** Any thrown value as an UploadError (an unexpected one becomes `UNKNOWN_ERROR`, with the original as `cause`). */
export function toUploadError(e: unknown): UploadError {
  if (isUploadError(e)) return e;
  return new UploadError('UNKNOWN_ERROR', e instanceof Error ? e.message : String(e), { cause: e });
}
