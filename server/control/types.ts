// The shapes that cross from the local API to the browser side: fault rules, the request log, what
// the server holds for a token or an entry, and the timings a test may change. The server uses
// them, and test/helpers/kaltura-server.ts, demo/faults.ts and tools/soak import them with
// `import type`, so there is one definition and the two sides cannot drift apart.
//
// This module imports nothing: a browser-side `import type` of it must not pull in Node's types
// (or any other module) to type-check.

/**
 * What a fault rule does to a call it matches:
 * - `drop`: destroys the connection while the request body is still arriving (the client sees a
 *   network error): as the file part starts, or once `afterBytes` bytes of it have arrived (a link
 *   that goes down mid-upload; only file bytes count, so give such a rule `action: 'upload'`).
 * - `http500` / `http503` / `http429`: answers that HTTP status with an HTML page instead of
 *   running the call; `retryAfter` (seconds) adds a `Retry-After` header.
 * - `stall`: stops reading the request body for `ms`, then carries on. Without `ms` the call is
 *   never answered: the rest of the body is read and thrown away (so the server notices when the
 *   client gives up).
 * - `latency`: delays the response of every matching call by `ms` (`{ kind: 'latency', ms: 60 }`
 *   with no service/action: 60 ms on every response).
 * - `slowMerge`: delays the final-chunk merge of uploadToken.upload by `ms`.
 * - `expireKs`: the KS is refused as expired (`INVALID_KS`): every KS issued before the rule was
 *   set, or, when `times` is given, the KS of the next `times` matching calls that carry one.
 * - `bandwidth`: reads the file part of each matching request at most `bytesPerSecond`: per
 *   request (a per-connection limit), or, with `shared`, for all of them together (one link that
 *   every request crosses). Combine with `latency` to model a long, thin link.
 * - `loseAnswer`: runs the call, then closes the connection instead of answering (a proxy that
 *   timed out, a link that dropped after the server finished): the client cannot know. A rule for
 *   a call inside a multirequest (`service: 'media', action: 'add'`) loses the whole answer once
 *   that call ran.
 * - `exception`: answers a KalturaAPIException `code` (HTTP 200) instead of running the call, as
 *   Kaltura does for its passing failures: `INTERNAL_SERVERL_ERROR` (the default, sic),
 *   `INTERNAL_DATABASE_ERROR`, `LOCK_TIMED_OUT`, `ACTION_BLOCKED` (its rate limit), or any code
 *   this server knows (`UPLOAD_TOKEN_CANNOT_RESUME`, ...). Inside a multirequest it replaces that
 *   call's result; the others run.
 * - `emptyBody`: Kaltura dying mid-request (`KExternalErrors::dieError`): HTTP 200, an empty body
 *   and `X-Kaltura: error-<code>` (default 24, MULTIREQUEST_PROXY_FAILED) instead of running the
 *   call; inside a multirequest, the calls before it have run.
 * - `failConversion`: the simulated conversion of a video or audio entry whose content arrives
 *   while the rule is active ends in -1 ERROR_CONVERTING instead of 2 READY (after
 *   `conversionMs`, as a real one would). It matches conversions, not calls: leave `service`,
 *   `action` and `finalChunk` out; `times: 1` fails the next one only.
 *
 * - `hostileUrls`: a compromised or hostile service: the call runs, and every `thumbnailUrl`,
 *   `dataUrl` and `downloadUrl` in its answer (an entry, a list of them, a multirequest item)
 *   becomes the rule's `thumbnailUrl` / `dataUrl` (e.g. `javascript:alert(1)`), as given.
 *
 * - `gatewayTimeout`: runs the call, then answers HTTP 504 (a proxy that gave up waiting while the
 *   server did the work): unlike `loseAnswer`, the browser hears an answer, so it never sends the
 *   request again by itself; the client's own retry follows.
 * - `runTwice`: runs the request twice and answers the second run, as a browser does that sends
 *   a request again by itself when its reused connection closed before any answer (Chromium
 *   does, for a POST too); `runs: 3` for a re-send that was itself sent again. A request that
 *   carries a file runs once.
 *
 * `exception`, `emptyBody`, `loseAnswer` and `hostileUrls` match every call, also each one inside a
 * multirequest; the other kinds match the HTTP request (a multirequest as `multirequest`).
 */
export type FaultKind =
  | 'drop' | 'http500' | 'http503' | 'http429' | 'stall' | 'latency' | 'slowMerge' | 'expireKs' | 'bandwidth' | 'loseAnswer'
  | 'exception' | 'emptyBody' | 'failConversion' | 'hostileUrls' | 'runTwice' | 'gatewayTimeout';

/**
 * A fault the server injects into matching API calls, the way real networks and real Kaltura
 * misbehave. Only test commands (`setFaults`) and the demo's `POST /__dev/faults` set rules, never
 * an API call. A rule matches a call when `service` and `action` (case-insensitive; omitted = any)
 * and `finalChunk` and `resume` (omitted = any) match; it then fires with `probability` until it has fired
 * `times` times.
 */
export interface FaultRule {
  kind: FaultKind;
  /** Kaltura's service name (`uploadToken`, `media`, `multirequest`, ...). */
  service?: string;
  /** Kaltura's action name (`upload`, `addContent`, ...). */
  action?: string;
  /** uploadToken.upload only: true matches the final chunk, false the others; other calls never match a rule that sets it. */
  finalChunk?: boolean;
  /** uploadToken.upload only: false matches a request that (re)starts the file (`resume=false`), true one that continues it. */
  resume?: boolean;
  /** Chance that a matching call fires the rule. @default 1 */
  probability?: number;
  /** The rule fires at most this many times. @default no limit */
  times?: number;
  /** `stall`, `latency`, `slowMerge`: how long, in milliseconds. */
  ms?: number;
  /** `http500` / `http503` / `http429`: the `Retry-After` header, in seconds. */
  retryAfter?: number;
  /** `bandwidth`: the highest rate (> 0) at which a matching request's file part is read. */
  bytesPerSecond?: number;
  /** `exception`: the Kaltura error code (default `INTERNAL_SERVERL_ERROR`); `emptyBody`: the N of `error-N` (default `24`). */
  code?: string;
  /** `bandwidth`: one link for every matching request (the rate is their sum), not one each. */
  shared?: boolean;
  /** `drop`: cut the connection once this many bytes of the file part have arrived. */
  afterBytes?: number;
  /** `exception`: the message instead of the code's own (a hostile or broken service's text, markup and all). */
  message?: string;
  /** `runTwice`: how many times the request runs in all (the last run is answered). @default 2 */
  runs?: number;
  /** `hostileUrls`: what every `thumbnailUrl` in the answer becomes. */
  thumbnailUrl?: string;
  /** `hostileUrls`: what every `dataUrl` and `downloadUrl` in the answer becomes. */
  dataUrl?: string;
}

/**
 * One API call as the server saw it, for tests to assert on ("no chunk was sent while paused",
 * "the final chunk was retried"). Never holds a KS or any other secret. Service and action are
 * lower-cased; a multirequest logs one line (`multirequest`, action '') plus one per item (with
 * `item`): the HTTP requests are the lines without `item`.
 */
export interface LoggedRequest {
  service: string;
  action: string;
  /** A call inside a multirequest: its position there (1 = the first call). */
  item?: number;
  /** Date.now() when the request arrived. */
  at: number;
  /** Date.now() when the handling of the request ended (answered, failed or cut off); unset while in flight. */
  doneAt?: number;
  /** uploadToken.upload: the chunk's parameters as the server read them. */
  resume?: boolean;
  resumeAt?: number;
  finalChunk?: boolean;
  /** Bytes of the uploaded file part (uploadToken.upload). */
  bytes?: number;
  /** The token the call names (also inside media.addContent's resource). */
  uploadTokenId?: string;
  /** The entry the call names (media.get, media.addContent, ...). */
  entryId?: string;
  /** The entries a list asks for (`filter:idIn`, as sent: comma-separated). */
  idIn?: string;
  /**
   * 'pending' while in flight, then 'ok' | a Kaltura error code | 'fault:<kind>' (also
   * 'fault:exception' and 'fault:emptyBody') | 'aborted' (the client went away) | 'restart' (the
   * server restarted while the call waited).
   */
  outcome: string;
  /**
   * Faults that shaped the call without replacing its answer: 'latency', 'stall', 'slowMerge',
   * 'bandwidth'; 'loseAnswer' (the call ran, no answer was sent).
   */
  faults?: string[];
}

/** How many API requests the server handled at once (test command `requestConcurrency`). */
export interface RequestConcurrency {
  /** Requests being handled now. */
  inFlight: number;
  /** The most handled at once since the last reset (or the server's start). */
  max: number;
}

/** What the server holds for an upload token (test command `tokenInfo`). */
export interface TokenInfo {
  status: number;
  uploadedFileSize: number | null;
  fileSize: number | null;
  /** sha256 (hex) of the token's contiguous bytes from offset 0; null when it has no file. */
  sha256: string | null;
  /** The token's contiguous bytes from offset 0 (what `uploadedFileSize` says once a call settled). */
  size: number;
  /** Stretches of bytes received past a gap (Kaltura's parked chunks, merged where they touch). */
  parkedChunks: number;
}

/** What the server holds for a media entry (test command `entryInfo`). */
export interface EntryInfo {
  status: number;
  mediaType?: number;
  name: string;
  description?: string;
  tags?: string;
  categories?: string;
  referenceId?: string;
  conversionProfileId?: number;
  /** The owner (the KS user that created it). */
  userId?: string;
  /** sha256 (hex) of the entry's content file; null before content arrived. */
  sha256: string | null;
  size: number | null;
  uploadTokenId?: string;
  /** KalturaEntryReplacementStatus (0 NONE ... 4 FAILED), once a replacement was asked for. */
  replacementStatus?: number;
  /** The temporary entry of a replacement in progress. */
  replacingEntryId?: string;
  /** The link a KalturaUrlResource imported the content from. */
  sourceUrl?: string;
}

/** Server timings a test may change on a running server (test command `setOptions`). */
export interface TunableOptions {
  /**
   * How long a final chunk waits for missing chunks before UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE
   * (Kaltura: `upload_final_chunk_max_append_time`, 45 one-second rounds). @default 45000
   * (web-test-runner: 10000)
   */
  finalChunkWaitMs: number;
  /**
   * A PARTIAL token not updated for this long refuses uploads with UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED
   * (Kaltura: `upload_token_max_resume_time`). @default 604800 (7 days)
   */
  maxResumeSeconds: number;
  /**
   * Simulated conversion of video/audio: the entry stays 1 PRECONVERT this long, then 2 READY
   * (or -1 ERROR_CONVERTING, fault `failConversion`). @default 3000 (web-test-runner: 0, so tests
   * that do not care never wait; those that do set it)
   */
  conversionMs: number;
  /**
   * The `uploadUrl` tokens name (Kaltura: the data centre's upload host, e.g.
   * `https://ny-upload.kaltura.com`); '' leaves it out, as a single-DC deployment does. The host
   * must reach this same server. @default ''
   */
  uploadUrl: string;
  /**
   * The partner has FEATURE_ENTRY_REPLACEMENT_APPROVAL: a replacement waits at 2
   * READY_BUT_NOT_APPROVED until media.approveReplace (which a plain USER KS may not call).
   * @default false
   */
  replacementApproval: boolean;
  /** A KalturaUrlResource import that has not finished its download after this many ms fails (-2 ERROR_IMPORTING). @default 60000 */
  importTimeoutMs: number;
  /** A KalturaUrlResource import larger than this many bytes fails (-2 ERROR_IMPORTING). @default 2147483648 (2 GiB) */
  importMaxBytes: number;
}

/** What a test may ask of a KS the server makes with its own session.start. */
export interface KsOptions {
  /** @default 'test-user' for a USER KS, '' for an ADMIN one */
  userId?: string;
  /** Seconds until it expires. @default 86400 */
  expiry?: number;
  /** e.g. `edit:*`. @default none */
  privileges?: string;
}
