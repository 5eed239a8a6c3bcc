// Kaltura API v3 on the wire, in one place: URLs, bodies, and turning answers into data or
// UploadErrors. API errors arrive as HTTP 200 with `objectType: "KalturaAPIException"`
// (kaltura-protocol.md 1.5, 2.3), so success is decided by the body, not the status.
import { UploadError } from '../errors.js';

export interface CallContext {
  serviceUrl: string;
  ks: string;
  partnerId?: number;
  clientTag: string;
  signal: AbortSignal;
  /** Give up on a JSON call that has not answered after this many ms (TIMEOUT, retryable). */
  timeout: number;
}

export const endpoint = (serviceUrl: string, service: string, action: string) =>
  `${serviceUrl.replace(/\/+$/, '')}/api_v3/service/${service}/action/${action}`;

/** A JSON call. The KS travels in the body, never in the URL. */
export async function callKaltura<T>(ctx: CallContext, service: string, action: string, params: Record<string, unknown>): Promise<T> {
  const call = `${service}.${action}`;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new UploadError('TIMEOUT', `${call}: no answer after ${ctx.timeout} ms`, { retryable: true, call })), ctx.timeout);
  const signal = AbortSignal.any([ctx.signal, deadline.signal]);
  const failed = (cause: unknown) => (signal.aborted ? abortError(signal) : networkError(call, cause));
  try {
    const response = await fetch(endpoint(ctx.serviceUrl, service, action), {
      method: 'POST',
      // Kaltura parses a JSON body only when Content-Type is exactly application/json.
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ ...params, ...commonParams(ctx) }),
      signal,
    }).catch((cause) => Promise.reject(failed(cause)));
    const text = await response.text().catch((cause) => Promise.reject(failed(cause)));
    return parseAnswer<T>(call, response.status, text, response.headers.get('Retry-After'));
  } finally {
    clearTimeout(timer);
  }
}

function commonParams(ctx: CallContext) {
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

export interface ChunkTimeouts {
  /** Abort when no upload progress is seen for this long while the body is being sent. */
  stallTimeout: number;
  /** Abort when the answer takes this long after the body was sent (the final chunk's merge may wait). */
  responseTimeout: number;
}

/**
 * `uploadToken.upload` through XMLHttpRequest, the only browser API that reports upload progress.
 * Multipart: the parameters first, then `fileData` named after the file (Kaltura takes the stored
 * file's extension from it).
 */
export function uploadChunk<T>(ctx: CallContext, chunk: ChunkRequest, timeouts: ChunkTimeouts, onProgress: (loaded: number) => void): Promise<T> {
  const call = 'uploadtoken.upload';
  return new Promise<T>((resolve, reject) => {
    if (ctx.signal.aborted) return reject(abortError(ctx.signal));
    const form = new FormData();
    const fields = {
      ...commonParams(ctx),
      uploadTokenId: chunk.uploadTokenId,
      resume: chunk.resume,
      resumeAt: chunk.resumeAt,
      finalChunk: chunk.finalChunk,
    };
    for (const [k, v] of Object.entries(fields)) form.append(k, String(v));
    form.append('fileData', chunk.data, chunk.fileName);

    const xhr = new XMLHttpRequest();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(new UploadError('TIMEOUT', `${call}: no progress for ${ms} ms`, { retryable: true, call }), true), ms);
    };
    const onAbort = () => finish(abortError(ctx.signal), true);
    const finish = (error: UploadError | undefined, abort = false, value?: T) => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      if (abort) xhr.abort();
      if (error) reject(error);
      else resolve(value as T);
    };
    xhr.upload.onprogress = (e) => {
      arm(timeouts.stallTimeout);
      onProgress(e.loaded);
    };
    xhr.upload.onload = () => arm(timeouts.responseTimeout);
    xhr.onerror = () => finish(networkError(call));
    xhr.onload = () => {
      try {
        finish(undefined, false, parseAnswer<T>(call, xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After')));
      } catch (e) {
        finish(e as UploadError);
      }
    };
    ctx.signal.addEventListener('abort', onAbort);
    xhr.open('POST', endpoint(ctx.serviceUrl, 'uploadtoken', 'upload'));
    xhr.setRequestHeader('Accept', 'application/json');
    arm(timeouts.stallTimeout);
    xhr.send(form);
  });
}

/** Turns an HTTP answer into the result, or the UploadError it stands for. */
export function parseAnswer<T>(call: string, status: number, text: string, retryAfter: string | null): T {
  if (status < 200 || status >= 300) {
    const retryAfterMs = parseRetryAfter(retryAfter);
    throw new UploadError('HTTP_ERROR', `${call}: the server answered HTTP ${status}`, {
      status, call, retryAfterMs, retryable: status >= 500 || status === 429 || status === 408,
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new UploadError('BAD_RESPONSE', `${call}: the answer is not JSON`, { call, cause, retryable: true });
  }
  const error = apiException(body, call);
  if (error) throw error;
  return body as T;
}

/** The UploadError for a KalturaAPIException body (also used for multirequest items), else undefined. */
export function apiException(body: unknown, call: string): UploadError | undefined {
  const b = body as { objectType?: string; code?: string; message?: string; args?: unknown } | null;
  if (b?.objectType !== 'KalturaAPIException') return undefined;
  const args = b.args && !Array.isArray(b.args) ? (b.args as Record<string, string>) : undefined;
  return new UploadError(b.code ?? 'UNKNOWN_ERROR', b.message ?? call, { call, args });
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function networkError(call: string, cause?: unknown) {
  return new UploadError('NETWORK_ERROR', `${call}: the request got no answer (network error)`, { retryable: true, call, cause });
}

/** Aborts carry their reason (an UploadError from pause/cancel) or become CANCELLED. */
function abortError(signal: AbortSignal): UploadError {
  return signal.reason instanceof UploadError ? signal.reason : new UploadError('CANCELLED', 'The request was aborted');
}
