// How much one request may make the server read, hold and do. Where Kaltura has a limit it is
// Kaltura's, from its PHP settings (kaltura/server configurations/php/kaltura.template.ini and
// kaltura-fpm.template.ini: post_max_size 2024M, upload_max_filesize 2000M, max_input_vars 10000,
// memory_limit 256M, max_execution_time 60) and PHP's own defaults (json_decode depth 512,
// max_input_nesting_level 64). Where it has none the limit is ours, and says so.
//
// A body over its limit is treated as PHP treats one over post_max_size: its fields (and files)
// are dropped and the call is answered from the URL's parameters alone, so a KS or `format` sent
// only in the body is missing (MISSING_KS, in XML). That answer misleads a person, so the server
// also logs one line saying what happened. The body is not read: the answer goes out at once.
import type { IncomingMessage } from 'node:http';

const MiB = 1024 * 1024;

export const LIMITS = {
  /** Kaltura (PHP post_max_size 2024M): a larger body loses all its fields and files. */
  bodyBytes: 2024 * MiB,
  /** Kaltura (PHP upload_max_filesize 2000M): a larger file part is no upload (UPLOAD_ERROR). */
  fileBytes: 2000 * MiB,
  /** Kaltura (PHP max_input_vars 10000): fields past this many are dropped. */
  formFields: 10_000,
  /** PHP's max_input_nesting_level: a form name nested deeper (`a[b][c]…`) is dropped. */
  formNesting: 64,
  /** PHP json_decode's default depth: deeper JSON is no body at all. */
  jsonDepth: 512,
  /**
   * Ours. JSON and form-encoded bodies are read into memory and parsed at once; Kaltura bounds them
   * only by memory_limit (256M). 4 MiB holds a multirequest of thousands of calls and parses in a
   * few milliseconds, so one body cannot hold up the other clients.
   */
  textBodyBytes: 4 * MiB,
  /**
   * Ours. Kaltura runs any number of calls in a multirequest, until PHP's max_execution_time (60 s)
   * ends the process. Here a larger one is refused whole with MULTIREQUEST_TOO_LARGE, before any
   * call runs.
   */
  multiRequestCalls: 1000,
} as const;

/** The body was not read because it is over its limit; the call goes on with the URL's parameters. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';

  constructor(
    /** 'JSON' / 'form' / 'multipart'. */
    readonly kind: string,
    /** Bytes the client declared or sent before it was stopped. */
    readonly bytes: number,
    readonly limit: number,
    readonly why: string,
  ) {
    super(`${kind} body of ${mib(bytes)} is over the ${mib(limit)} limit (${why})`);
  }

  /** The one log line for a person wondering why their call was answered MISSING_KS (`call`: never the URL, it may hold a KS). */
  logLine(call: string): string {
    return `[kaltura-api] ${call}: ${this.message}; its fields were dropped as Kaltura drops them, ` +
      'so the call was answered from the URL parameters alone (a ks or format sent only in the body is missing)';
  }
}

/** The Content-Length a client declared, or undefined (chunked, or none). */
export function declaredLength(req: IncomingMessage): number | undefined {
  const value = Number(req.headers['content-length']);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** True when no array or object in `value` is nested deeper than `max` (checked without recursion). */
export function withinDepth(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return false;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return true;
}

const mib = (bytes: number) => (bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${bytes} bytes`);
