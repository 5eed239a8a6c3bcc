// Kaltura API v3 on the wire, in one place: URLs, bodies, timeouts, and turning answers into data
// or UploadErrors. API errors arrive as HTTP 200 with `objectType: "KalturaAPIException"`
// (kaltura-protocol.md 1.5, 2.3), so success is decided by the body, not the status.
import { rememberKs, UploadError } from '../errors.js';
import { connectionSlot } from './connection-budget.js';
import type { HttpAnswer, Transport } from './transport.js';

/** How long a request may show no progress (or wait for its answer) while the browser is offline. */
const OFFLINE_GRACE_MS = 2000;

/**
 * Service URLs that have answered this page (any HTTP answer). A network error from one that never
 * did (refused connection, DNS failure, CORS) is not waited for long: more tries rarely help.
 */
export const answered = new Set<string>();

/** True only where the browser says it has no network and will announce its return (`online`). */
export function isOffline(): boolean {
  return typeof globalThis.addEventListener === 'function' && globalThis.navigator?.onLine === false;
}

export interface CallContext {
  serviceUrl: string;
  ks: string;
  partnerId?: number;
  clientTag: string;
  signal: AbortSignal;
  transport: Transport;
  /** Give up (TIMEOUT, retryable) on a chunk that shows no upload progress, or a JSON call with no answer, for this many ms. */
  stallTimeout: number;
  /** Give up on a chunk whose answer has not come this many ms after it was sent in full (the final merge may take 45 s). */
  answerTimeout: number;
  /** Where chunks go instead of `serviceUrl`: the token's `uploadUrl` (its data centre's upload host), when asked for. */
  uploadUrl?: string;
  /** The request waits until fewer than this many requests of the page are in flight to its host. */
  maxConnections: number;
  /**
   * Once out, the request is not aborted by `signal` (only by its watchdog): a call that makes
   * something (a token, an entry) must bring its answer home, else what it made is nobody's.
   */
  keep?: boolean;
}

/** Kaltura's passing failures, answered as exceptions (kaltura-protocol.md 14.5): worth another try after a backoff. */
const TRANSIENT = /^(INTERNAL_.*|LOCK_TIMED_OUT|ACTION_BLOCKED)$/; // INTERNAL_SERVERL_ERROR (sic), _DATABASE_, _SERVER_

/**
 * `{serviceUrl}/api_v3/service/{service}[/action/{action}]?format=1`; a trailing `/` or `/api_v3` on
 * serviceUrl is tolerated. `format=1` goes in the query too: PHP drops every field of a body over
 * its `post_max_size`, `format` with them, and the answer would then be XML.
 */
export const endpoint = (serviceUrl: string, service: string, action?: string) =>
  `${serviceUrl.replace(/\/+(api_v3\/*)?$/, '')}/api_v3/service/${service}${action ? `/action/${action}` : ''}?format=1`;

/** A JSON call (a multirequest when `service` is `multirequest`). The KS travels in the body, never in the URL. */
export const callKaltura = <T>(ctx: CallContext, service: string, action: string | undefined, params: Record<string, unknown>): Promise<T> =>
  send<T>(ctx, action ? `${service}.${action}` : service, endpoint(ctx.serviceUrl, service, action), JSON.stringify({ ...params, ...commonParams(ctx) }));

/** What every call sends; its KS is remembered at the one place a KS leaves, so no UploadError shows it. */
function commonParams(ctx: CallContext) {
  rememberKs(ctx.ks);
  return { ks: ctx.ks, format: 1, clientTag: ctx.clientTag, ...(ctx.partnerId != null && { partnerId: ctx.partnerId }) };
}

export interface ChunkRequest {
  uploadTokenId: string;
  data: Blob;
  fileName: string;
  resume: boolean;
  resumeAt: number;
  finalChunk: boolean;
}

/**
 * What an upload's progress callback may answer: an UploadError stops the request with it (a
 * whole-file request found too slow), anything else lets it go on.
 */
export type ProgressVerdict = UploadError | void;

/**
 * A multipart call: the parameters first, then one file part (Kaltura takes a stored file's
 * extension from its name). `onProgress` gets bytes of the whole body sent, and its size.
 */
export function callKalturaForm<T>(ctx: CallContext, service: string, action: string | undefined, params: Record<string, unknown>, file: [field: string, data: Blob, fileName: string], onProgress?: (loaded: number, total: number) => ProgressVerdict): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...commonParams(ctx), ...params })) form.append(k, String(v));
  form.append(...file);
  return send<T>(ctx, action ? `${service}.${action}` : service, endpoint(ctx.serviceUrl, service, action), form, onProgress);
}

/** `uploadToken.upload` as multipart, `fileData` named after the file. `onProgress` gets bytes of the chunk sent. */
export function uploadChunk<T>(ctx: CallContext, chunk: ChunkRequest, onProgress: (sent: number) => ProgressVerdict): Promise<T> {
  const size = chunk.data.size;
  const { uploadTokenId, resume, resumeAt, finalChunk } = chunk;
  // The body is the chunk plus a little multipart framing: report the chunk's share of it.
  // Chunks go to the token's data centre when asked for (`uploadUrl`), everything else to serviceUrl.
  return callKalturaForm<T>({ ...ctx, serviceUrl: ctx.uploadUrl || ctx.serviceUrl }, 'uploadtoken', 'upload', { uploadTokenId, resume, resumeAt, finalChunk }, ['fileData', chunk.data, chunk.fileName], (loaded, total) =>
    onProgress(Math.min(size, Math.round((loaded / total) * size))));
}

/**
 * Sends one request through the transport with a watchdog: a JSON call must be answered within
 * `stallTimeout`; a form body must show progress at least that often while it goes out, and once
 * it is out the answer must come within `answerTimeout`. The request first waits for a slot in
 * the page's budget for its host; the watchdog starts once it has one, when it really goes out.
 */
async function send<T>(ctx: CallContext, call: string, url: string, body: string | FormData, onProgress?: (loaded: number, total: number) => ProgressVerdict): Promise<T> {
  const release = await connectionSlot(url, ctx.maxConnections, ctx.signal);
  const watchdog = new AbortController();
  const signal = ctx.keep ? watchdog.signal : AbortSignal.any([ctx.signal, watchdog.signal]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settled = false;
  const arm = (ms: number, what: string) => {
    clearTimeout(timer);
    // Offline is a hint: a request that stops moving for a moment is as good as dead (a dropped
    // link leaves it hanging); one that still moves (to localhost, say) goes on.
    if (isOffline()) ms = Math.min(ms, OFFLINE_GRACE_MS);
    // A progress report after the answer must not start a timer nobody clears.
    if (!settled) timer = setTimeout(() => watchdog.abort(new UploadError('TIMEOUT', `${call}: ${what} for ${ms} ms`, { retryable: true, call })), ms);
  };
  const stalled = () => arm(ctx.stallTimeout, onProgress ? 'no upload progress' : 'no answer');
  stalled();
  const offline = () => arm(OFFLINE_GRACE_MS, 'offline, no progress');
  globalThis.addEventListener?.('offline', offline);
  let answer: HttpAnswer;
  try {
    answer = await new Promise<HttpAnswer>((resolve, reject) => {
      // Settle on abort even if the transport is slow to notice it.
      const aborted = () => reject(abortError(signal));
      if (signal.aborted) return aborted();
      signal.addEventListener('abort', aborted);
      ctx
        .transport({
          url, body, signal,
          onProgress: onProgress && ((loaded, total) => {
            loaded < total ? stalled() : arm(ctx.answerTimeout, 'no answer');
            const stop = onProgress(loaded, total);
            if (stop) watchdog.abort(stop);
          }),
        })
        // No answer at all (offline, DNS, refused, dropped, CORS): another try may get through.
        .then(resolve, (cause) => reject(signal.aborted ? abortError(signal) : new UploadError('NETWORK_ERROR', `${call}: no answer (network error)`, { retryable: true, call, cause })))
        .finally(() => signal.removeEventListener('abort', aborted));
    });
    answered.add(ctx.serviceUrl);
  } finally {
    release();
    settled = true;
    clearTimeout(timer);
    globalThis.removeEventListener?.('offline', offline);
  }
  return parseAnswer<T>(call, answer.status, answer.text, answer.retryAfter, answer.xKaltura);
}

/**
 * Turns an HTTP answer into the result, or the UploadError it stands for. `xKaltura` (the
 * `X-Kaltura` header) says why Kaltura died without a body (`error-24`), for the message.
 */
export function parseAnswer<T>(call: string, status: number, text: string, retryAfter: string | null, xKaltura?: string | null): T {
  if (status < 200 || status >= 300) {
    throw new UploadError('HTTP_ERROR', `${call}: HTTP ${status}`, {
      status, call, retryAfterMs: parseRetryAfter(retryAfter), retryable: status >= 500 || status === 429 || status === 408,
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    // A proxy or captive portal page, or Kaltura dying with an empty body: another try may go through.
    throw new UploadError('BAD_RESPONSE', `${call}: the answer is not JSON${xKaltura ? ` (X-Kaltura: ${xKaltura})` : ''}`, { call, cause, retryable: true });
  }
  const error = apiException(body, call);
  if (error) throw error;
  return body as T;
}

/**
 * The UploadError for a KalturaAPIException body (also used for multirequest items), else
 * undefined. Transient codes are retryable; ACTION_BLOCKED (the rate limit, whose window is 10 s by
 * default) asks for a longer wait.
 */
export function apiException(body: unknown, call: string): UploadError | undefined {
  const b = body as { objectType?: string; code?: string; message?: string; args?: unknown } | null;
  if (b?.objectType !== 'KalturaAPIException') return undefined;
  // Kaltura sends `args: []` (an empty PHP array) when there are none.
  const args = b.args && !Array.isArray(b.args) ? (b.args as Record<string, string>) : undefined;
  const code = b.code ?? 'UNKNOWN_ERROR';
  return new UploadError(code, b.message ?? call, {
    call, args, retryable: TRANSIENT.test(code), retryAfterMs: code === 'ACTION_BLOCKED' ? 10_000 : undefined,
  });
}

export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Aborts carry their reason (an UploadError from pause, cancel or the watchdog) or become CANCELLED. */
function abortError(signal: AbortSignal): UploadError {
  return signal.reason instanceof UploadError ? signal.reason : new UploadError('CANCELLED', 'The request was aborted');
}
