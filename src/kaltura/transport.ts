// The one I/O edge of the uploader: an HTTP POST. Everything Kaltura-specific (URLs, bodies,
// answers, timeouts) lives above it in client.ts, so a test can swap in a scriptable transport
// and step the engine one request at a time.

export interface HttpRequest {
  url: string;
  /** JSON text (sent as `Content-Type: application/json`) or a multipart form with the chunk. */
  body: string | FormData;
  /** Aborts the request (pause, cancel, a timeout). */
  signal: AbortSignal;
  /** Upload progress of a form body: bytes of the whole request body sent so far, and its size. */
  onProgress?: (loaded: number, total: number) => void;
}

export interface HttpAnswer {
  status: number;
  text: string;
  /** The `Retry-After` header, if any. */
  retryAfter: string | null;
  /** The `X-Kaltura` header, if any: `error-N` when Kaltura died without a body. */
  xKaltura?: string | null;
}

/**
 * Sends one POST and resolves with the answer, whatever its status; rejects only when no answer
 * came (network error, abort).
 */
export type Transport = (request: HttpRequest) => Promise<HttpAnswer>;

/**
 * The browser transport: XMLHttpRequest for everything, because only XHR reports upload progress
 * (tus-js-client's fetch stack notes the same) and one code path is smaller than two. Upload
 * listeners go on chunk forms only: JSON calls need no progress.
 */
export const browserTransport: Transport = ({ url, body, signal, onProgress }) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    signal.addEventListener('abort', abort);
    if (onProgress) {
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded, e.total);
      // The body is on its way in full: the last progress figure may fall short of the total.
      xhr.upload.onload = (e) => onProgress(e.total, e.total);
    }
    xhr.onloadend = () => {
      signal.removeEventListener('abort', abort);
      if (xhr.status) {
        resolve({ status: xhr.status, text: xhr.responseText, retryAfter: xhr.getResponseHeader('Retry-After'), xKaltura: xhr.getResponseHeader('X-Kaltura') });
      } else reject(new Error('XMLHttpRequest failed'));
    };
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    // Kaltura parses a JSON body only when Content-Type is exactly application/json (no charset).
    if (typeof body === 'string') xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.send(body);
  });
