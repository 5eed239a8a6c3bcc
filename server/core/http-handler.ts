// The HTTP side of /api_v3 (api_v3/web/index.php + KalturaFrontController::run): CORS headers on
// everything and OPTIONS answered at once, parameters read and merged, injected faults applied
// (to the request, and to each call: also to each call inside a multirequest), one call or a
// multirequest dispatched, and the result written with HTTP 200, errors included.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { castScalar } from './arguments.ts';
import { BodyTooLargeError } from './body-limits.ts';
import { dispatch } from './dispatcher.ts';
import { ApiError, DieError, toApiError, type ErrorCode } from './errors.ts';
import type { CallInfo } from '../control/faults.ts';
import { runMultiRequest } from './multirequest.ts';
import { isTrustedRequest } from './origin-policy.ts';
import type { RequestLog } from '../control/request-log.ts';
import type { LoggedRequest } from '../control/types.ts';
import { groupParams, readRequestParams, RequestAbortedError, UploadedFile, urlRequestParams, type ParamMap } from './request-params.ts';
import { ResponseFormat, serialize } from './serializer.ts';
import { inPlaceWriter } from '../services/upload-token.ts';
import type { ServerParts } from './service.ts';

export interface ApiCore extends ServerParts {
  requests: RequestLog;
  /** Registers an in-flight request (a restart cuts these off); returns its unregister function. */
  track(res: ServerResponse): () => void;
}

const COMMON_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Server, Content-Length, Content-Range, Date, X-Kaltura, X-Kaltura-Session, X-Me',
  Expires: 'Sun, 19 Nov 2000 08:52:00 GMT',
  'Cache-Control': 'no-store, no-cache, must-revalidate, post-check=0, pre-check=0',
  Pragma: 'no-cache',
};

const PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Headers': 'Origin, X-Requested-With, Content-Type, Accept, Range, Cache-Control',
  'Access-Control-Allow-Methods': 'POST, GET, HEAD, OPTIONS',
  'Access-Control-Max-Age': '86400',
};

/** How long the rest of a refused body is read (and thrown away) after the answer, so a client still sending gets it. */
const DRAIN_REFUSED_MS = 30_000;

const HTTP_FAULTS = { http500: [500, 'Internal Server Error'], http503: [503, 'Service Unavailable'], http429: [429, 'Too Many Requests'] } as const;

export async function handleApiRequest(core: ApiCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const arrivedAt = Date.now();
  for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
  if (req.method === 'OPTIONS') {
    res.writeHead(200, { ...PREFLIGHT_HEADERS, 'Content-Length': '0' }).end();
    req.resume();
    return;
  }
  const untrack = core.track(res);
  const files: UploadedFile[] = [];
  let url = new URL('http://localhost/api_v3/');
  let log: LoggedRequest | undefined;
  let call: CallInfo = { service: '', action: '' };
  let refused: BodyTooLargeError | undefined;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
    const raw = await readRequestParams(req, url, core.store.incomingDir, files, {
      beforeFiles: async (known) => {
        call = describeCall(groupParams(known));
        log = core.requests.add({ ...call, at: arrivedAt, ...uploadFields(call, groupParams(known)), outcome: 'pending' });
        const dropAfter = await bodyFaults(core, call, req, res, log);
        const bandwidth = core.faults.take(['bandwidth'], call);
        if (bandwidth) (log.faults ??= []).push('bandwidth');
        // A chunk for a token that takes bytes goes straight to its offset in the token's file.
        return { pace: bandwidth && core.faults.pacer(bandwidth), dropAfter, sink: inPlaceWriter(core, groupParams(known)) };
      },
    }).catch((error: unknown) => {
      // Too large to read: answered from the URL alone, as Kaltura answers a body over post_max_size.
      if (!(error instanceof BodyTooLargeError)) throw error;
      refused = error;
      return urlRequestParams(url);
    });
    const params = groupParams(raw);
    // Fields after the file part (or a body without files) complete the picture.
    call = describeCall(params);
    if (refused) console.warn(refused.logLine(call.action ? `${call.service}.${call.action}` : call.service || 'a request'));
    log ??= core.requests.add({ ...call, at: arrivedAt, outcome: 'pending' });
    Object.assign(log, call, uploadFields(call, params));

    const httpFault = core.faults.take(['http500', 'http503', 'http429'], call);
    if (httpFault) {
      log.outcome = `fault:${httpFault.kind}`;
      await responseLatency(core, call, log);
      const [status, text] = HTTP_FAULTS[httpFault.kind as keyof typeof HTTP_FAULTS];
      const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8' };
      if (httpFault.retryAfter !== undefined) headers['Retry-After'] = String(httpFault.retryAfter);
      res.writeHead(status, headers).end(`<html><head><title>${status} ${text}</title></head><body><h1>${text}</h1></body></html>\n`);
      return;
    }

    const answer: Answer = {};
    const origin = requestOrigin(req);
    const trusted = isTrustedRequest(req, core.options.trustedOrigins);
    const run = async () => {
      if (call.service !== 'multirequest') return runCall(core, params, arrivedAt, answer, origin, trusted, log);
      const result = await runMultiRequest(params, (sub, item) => runCall(core, sub, arrivedAt, answer, origin, trusted, undefined, item));
      log!.outcome = result instanceof ApiError ? result.code : 'ok';
      loseAnswerFault(core, call, log!, answer);
      return result;
    };
    // Sent again by the browser itself: the first run's answer goes nowhere.
    const again = files.length === 0 ? core.faults.take(['runTwice'], call) : undefined;
    if (again) (log.faults ??= []).push('runTwice');
    for (let runs = again?.runs ?? 2; again && runs > 1; runs--) await run();
    const result = await run();
    await responseLatency(core, call, log);
    // A proxy that gave up while the call ran: the work is done, the client hears 504.
    if (core.faults.take(['gatewayTimeout'], call)) {
      (log.faults ??= []).push('gatewayTimeout');
      res.writeHead(504, { 'Content-Type': 'text/html; charset=utf-8' }).end('<html><head><title>504 Gateway Timeout</title></head><body><h1>Gateway Timeout</h1></body></html>\n');
      return;
    }
    if (answer.lost) {
      req.socket?.destroy();
      return;
    }
    writeResult(res, result, params, url);
  } catch (error) {
    if (error instanceof DieError) {
      if (log?.outcome === 'pending') log.outcome = 'fault:emptyBody';
      res.writeHead(200, { 'X-Kaltura': `error-${error.code}`, 'X-Kaltura-App': error.message, 'Content-Length': '0' }).end();
      return;
    }
    if (error instanceof RequestAbortedError) {
      if (log?.outcome === 'pending') log.outcome = error.outcome;
      req.socket?.destroy();
      return;
    }
    // Reading the request itself failed unexpectedly: answer as Kaltura does, without details.
    console.error('[kaltura-api] request failed:', error instanceof Error ? error.message : error);
    if (log) log.outcome = 'INTERNAL_SERVERL_ERROR';
    if (!res.headersSent && !res.destroyed) writeResult(res, new ApiError('INTERNAL_SERVERL_ERROR'), { format: 1 }, url);
  } finally {
    if (log) log.doneAt = Date.now();
    if (refused) drainRefused(req);
    untrack();
    // Chunks the action did not move into a token stay in incoming/: remove them.
    await Promise.all(files.map((f) => fs.promises.rm(f.path, { force: true })));
  }
}

/** Reads away the rest of a body that was answered without being read, for a bounded time. */
function drainRefused(req: IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  const timer = setTimeout(() => req.socket?.destroy(), DRAIN_REFUSED_MS).unref();
  const done = () => clearTimeout(timer);
  req.once('end', done).once('close', done);
  req.resume();
}

/** What the calls of one request decided about its answer. */
interface Answer {
  /** A loseAnswer fault fired: the connection closes instead. */
  lost?: boolean;
}

/**
 * Runs one call (a multirequest item, at position `item`, gets its own log line) with the faults
 * that act on calls: an injected exception or empty body instead of the call, a lost answer after
 * it. `origin` is where the request came in (for URLs in answers). Errors come back as an ApiError result; an empty body is thrown (a DieError).
 */
async function runCall(core: ApiCore, params: ParamMap, arrivedAt: number, answer: Answer, origin: string, trusted: boolean, log?: LoggedRequest, item?: number): Promise<unknown> {
  const call = describeCall(params);
  const entry = log ?? core.requests.add({ ...call, item, at: arrivedAt, ...uploadFields(call, params), outcome: 'pending' });
  const fault = core.faults.take(['exception', 'emptyBody'], call);
  if (fault) {
    entry.outcome = `fault:${fault.kind}`;
    if (fault.kind === 'emptyBody') throw new DieError(fault.code ?? '24', 'tried to dump not the first request');
    const code = (fault.code ?? 'INTERNAL_SERVERL_ERROR') as ErrorCode;
    const error = new ApiError(code, ...faultArgs(code, call, params));
    if (typeof fault.message === 'string') error.message = fault.message;
    return error;
  }
  let result: unknown;
  try {
    result = await dispatch(core, params, entry, origin, trusted);
    entry.outcome = 'ok';
    const hostile = core.faults.take(['hostileUrls'], call);
    if (hostile) {
      (entry.faults ??= []).push('hostileUrls');
      result = withUrls(result, hostile);
    }
  } catch (error) {
    if (error instanceof RequestAbortedError) throw error; // no answer at all (the connection is gone)
    const apiError = toApiError(error);
    if (!(error instanceof ApiError)) {
      console.error(`[kaltura-api] ${call.service}.${call.action} failed:`, error instanceof Error ? error.stack : error);
    }
    entry.outcome = apiError.code;
    result = apiError;
  }
  loseAnswerFault(core, call, entry, answer);
  return result;
}

/**
 * The arguments Kaltura fills an injected error with: ACTION_BLOCKED names the call; INVALID_KS
 * echoes the KS it refuses, as Kaltura does for one it cannot open (`Invalid KS "<ks>", Error
 * "-1,INVALID_STR"`), so clients are tested against the message that really carries their KS.
 */
function faultArgs(code: ErrorCode, call: CallInfo, params: ParamMap): unknown[] {
  if (code === 'ACTION_BLOCKED') return [call.action, call.service];
  if (code === 'INVALID_KS') return [typeof params.ks === 'string' ? params.ks : '', -1, 'INVALID_STR'];
  return [];
}

/** `value` (an answer) with every media URL in it replaced as a hostileUrls rule says. */
function withUrls(value: unknown, rule: { thumbnailUrl?: string; dataUrl?: string }): unknown {
  if (Array.isArray(value)) return value.map((v) => withUrls(v, rule));
  if (value === null || typeof value !== 'object' || value instanceof ApiError) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const url = key === 'thumbnailUrl' ? rule.thumbnailUrl : key === 'dataUrl' || key === 'downloadUrl' ? rule.dataUrl : undefined;
    out[key] = url !== undefined && typeof v === 'string' ? url : withUrls(v, rule);
  }
  return out;
}

/** Whether a loseAnswer rule fires for a call that ran: then no answer is sent. */
function loseAnswerFault(core: ApiCore, call: CallInfo, log: LoggedRequest, answer: Answer): void {
  if (!core.faults.take(['loseAnswer'], call)) return;
  (log.faults ??= []).push('loseAnswer');
  answer.lost = true;
}

/**
 * Faults that act while the body is still arriving: drop the connection (now, or returns after how
 * many file bytes), or stall.
 */
async function bodyFaults(core: ApiCore, call: CallInfo, req: IncomingMessage, res: ServerResponse, log: LoggedRequest): Promise<number | undefined> {
  const drop = core.faults.take(['drop'], call);
  if (drop?.afterBytes) return drop.afterBytes;
  if (drop) {
    log.outcome = 'fault:drop';
    req.socket?.destroy();
    throw new RequestAbortedError('dropped by fault', 'fault:drop');
  }
  const stall = core.faults.take(['stall'], call);
  if (!stall) return;
  (log.faults ??= []).push('stall');
  const closed = new Promise<'closed'>((resolve) => res.once('close', () => resolve('closed')));
  if (stall.ms !== undefined) {
    // The body is not read meanwhile (TCP back-pressure reaches the client), then the call goes on.
    if ((await Promise.race([closed, sleep(stall.ms)])) === 'closed') throw new RequestAbortedError('client gave up during a stall', 'fault:stall');
    return;
  }
  // Never answered. The rest of the body is read and thrown away: a socket that is not read would
  // not notice the client leaving, and the request would hang here for good.
  log.outcome = 'fault:stall';
  req.unpipe();
  req.resume();
  await closed;
  throw new RequestAbortedError('client gave up during a stall', 'fault:stall');
}

async function responseLatency(core: ApiCore, call: CallInfo, log: LoggedRequest): Promise<void> {
  const ms = core.faults.latency(call);
  if (ms <= 0) return;
  (log.faults ??= []).push('latency');
  await sleep(ms);
}

function writeResult(res: ServerResponse, result: unknown, params: ParamMap, url: URL): void {
  if (res.destroyed) return;
  const format = params.format == null || params.format === '' ? ResponseFormat.XML : (castScalar('int', params.format, 'format') as number);
  const out = serialize(result, format, url.searchParams.get('callback') ?? undefined);
  if (!out) {
    // KalturaFrontController answers an unknown format with an empty body and these headers.
    res.writeHead(200, { 'X-Kaltura': 'error- UNKNOWN_RESPONSE_FORMAT', 'X-Kaltura-App': 'exiting on error UNKNOWN_RESPONSE_FORMAT' }).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': out.contentType, 'Content-Length': Buffer.byteLength(out.body) }).end(out.body);
}

/** Where the request was sent (`http://127.0.0.1:8480`), as the client addressed this server. */
export function requestOrigin(req: IncomingMessage): string {
  const secure = (req.socket as { encrypted?: boolean } | undefined)?.encrypted;
  return `${secure ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
}

/** Service, action and (for uploads) finalChunk and resume, as fault rules match them. */
function describeCall(params: ParamMap): CallInfo {
  const service = typeof params.service === 'string' ? params.service.toLowerCase() : '';
  // A multirequest has no action of its own (clients post to /service/multirequest).
  const action = typeof params.action === 'string' && service !== 'multirequest' ? params.action.toLowerCase() : '';
  const info: CallInfo = { service, action };
  if (service === 'uploadtoken' && action === 'upload') {
    info.finalChunk = params.finalChunk == null ? true : castBool(params.finalChunk);
    info.resume = params.resume == null ? false : castBool(params.resume);
  }
  return info;
}

const castBool = (value: unknown): boolean => castScalar('bool', value, '') as boolean;

/** What the request log keeps about a call: the token and entry it names; for a chunk, where it goes. */
function uploadFields(call: CallInfo, params: ParamMap): Partial<LoggedRequest> {
  const fields: Partial<LoggedRequest> = {};
  // The token and entry a call names, also inside a resource (media.addContent), for tracing.
  const tokenId = params.uploadTokenId ?? (params.resource as ParamMap | undefined)?.token;
  if (typeof tokenId === 'string') fields.uploadTokenId = tokenId;
  if (typeof params.entryId === 'string') fields.entryId = params.entryId;
  const idIn = (params.filter as ParamMap | undefined)?.idIn;
  if (typeof idIn === 'string') fields.idIn = idIn;
  if (call.finalChunk === undefined) return fields;
  fields.finalChunk = call.finalChunk;
  fields.resume = call.resume;
  fields.resumeAt = params.resumeAt == null ? -1 : (castScalar('float', params.resumeAt, 'resumeAt') as number);
  if (params.fileData instanceof UploadedFile) fields.bytes = params.fileData.size;
  return fields;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
