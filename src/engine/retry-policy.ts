import type { UploadError } from '../errors.js';

export interface RetryOptions {
  /** Retries of one request before the upload fails; the count restarts whenever bytes move. @default 8 */
  retries?: number;
  /** First delay in ms; each next one doubles. @default 500 */
  minDelay?: number;
  /** Largest delay in ms (a server's Retry-After may ask for more, up to 4×). @default 20000 */
  maxDelay?: number;
}

export const defaultRetry: Required<RetryOptions> = { retries: 8, minDelay: 500, maxDelay: 20_000 };

/**
 * How long to wait before retry number `attempt` (1-based), or undefined when the budget is spent.
 * Exponential backoff with "equal jitter" (half fixed, half random) so parallel chunks that failed
 * together do not come back together; a server's Retry-After wins when it asks for longer.
 */
export function retryDelay(attempt: number, options: Required<RetryOptions>, retryAfterMs?: number, random = Math.random): number | undefined {
  if (attempt > options.retries) return undefined;
  const base = Math.min(options.maxDelay, options.minDelay * 2 ** (attempt - 1));
  const delay = base / 2 + (random() * base) / 2;
  return retryAfterMs == null ? delay : Math.min(Math.max(delay, retryAfterMs), options.maxDelay * 4);
}

/**
 * Whether a failed request is replayed with a new KS: an INVALID_KS answer, when `ks` is a
 * function. Otherwise a request is tried again only when its error is `retryable`.
 */
export const refreshesKs = (error: UploadError, ksIsFunction: boolean): boolean => error.code === 'INVALID_KS' && ksIsFunction;
