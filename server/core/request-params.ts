// Reads one HTTP request into Kaltura's parameter map, the way infraRequestUtils::getRequestParams
// does: body (a JSON body, a multipart `json` field, or plain form fields), then uploaded files,
// then the URL (query string, then /key/value path pairs), each later source overriding the earlier
// (array_replace_recursive). Flat names are nested on `:` afterwards by `groupParams`.
// Uploaded files stream straight to disk under the data dir; nothing is buffered whole.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { BodyTooLargeError, declaredLength, LIMITS, withinDepth } from './body-limits.ts';

export type ParamMap = { [key: string]: unknown };

/** A multipart file part, already on disk. `valid` is false when the part was cut short or nameless. */
export class UploadedFile {
  constructor(
    /** Where the part was saved; '' when it went to a `sink` instead. */
    readonly path: string,
    readonly size: number,
    /** The client's file name reduced to a safe base name ('' when it sent none). */
    readonly fileName: string,
    readonly valid: boolean,
    /** Set when the bytes went to a sink (their place in a token's file): the sink's `generation`. */
    readonly inPlace?: number,
  ) {}
}

export interface ReadParamsHooks {
  /**
   * Called once the non-file parameters are known: when the first file part starts, or at the end
   * of a body without files. May delay (the body is not read meanwhile), throw to abort, or ask for
   * the file parts to be read at a limited rate.
   */
  beforeFiles?(params: ParamMap): Promise<FileReadOptions | void>;
}

export interface FileReadOptions {
  /** Milliseconds to hold bytes just read before passing them on (bandwidth shaping). */
  pace?(bytes: number): number;
  /** Cut the request off once this many bytes of a file part have arrived (a fault). */
  dropAfter?: number;
  /** Where the file part goes instead of a new file under incoming/ (a chunk straight to its offset). */
  sink?: { open(): Writable; generation: number };
}

/** The request will get no answer: the client went away, or a fault cut it off (`outcome`). */
export class RequestAbortedError extends Error {
  override readonly name = 'RequestAbortedError';

  constructor(
    message: string,
    readonly outcome = 'aborted',
  ) {
    super(message);
  }
}

/**
 * Parses the request. Every file it writes is added to `files` as soon as it is created (also when
 * parsing fails later), so the caller can delete what the action did not move. A body over its
 * limit (body-limits.ts) is not read: BodyTooLargeError, at once.
 */
export async function readRequestParams(
  req: IncomingMessage,
  url: URL,
  incomingDir: string,
  files: UploadedFile[],
  hooks: ReadParamsHooks = {},
): Promise<ParamMap> {
  const urlParams = urlRequestParams(url);
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  let body: ParamMap = {};
  let fileParams: ParamMap = {};

  if (contentType.startsWith('multipart/form-data')) {
    const declared = declaredLength(req);
    if (declared !== undefined && declared > LIMITS.bodyBytes) throw new BodyTooLargeError('multipart', declared, LIMITS.bodyBytes, "Kaltura's post_max_size");
    const form = await readMultipart(req, incomingDir, files, async (fields) =>
      (await hooks.beforeFiles?.(mergeParams(formBody(fields), urlParams))) ?? {},
    );
    body = formBody(form.fields);
    fileParams = form.fileParams;
    if (!form.sawFile) await hooks.beforeFiles?.(mergeParams(body, urlParams));
  } else {
    const text = await readText(req, contentType === 'application/json' ? 'JSON' : 'form');
    if (contentType === 'application/json') {
      // Only exactly `application/json` (Kaltura compares the whole header) and only an object.
      const trimmed = text?.trim() ?? '';
      if (trimmed.startsWith('{') && trimmed.endsWith('}')) body = parseJsonObject(trimmed) ?? {};
    } else if (contentType.startsWith('application/x-www-form-urlencoded') && text) {
      body = formParams(new URLSearchParams(text));
    }
    await hooks.beforeFiles?.(mergeParams(body, urlParams));
  }
  return mergeParams(mergeParams(body, fileParams), urlParams);
}

/** Query string, then `/key/value` pairs after `/api_v3` (first occurrence in the path wins). */
export function urlRequestParams(url: URL): ParamMap {
  const params = formParams(url.searchParams);
  const segments = url.pathname
    .split('/')
    .filter((s) => s && s !== 'api_v3' && s !== 'index.php')
    .map((s) => safeDecode(s));
  const pathParams: ParamMap = {};
  for (let i = 0; i < segments.length; i += 2) {
    const key = segments[i]!;
    if (!(key in pathParams) && isSafeKey(key)) pathParams[key] = segments[i + 1] ?? '';
  }
  return mergeParams(params, pathParams);
}

/** Nests flat names on `:` (`entry:name` → {entry: {name}}), as KalturaRequestDeserializer::groupParams. */
export function groupParams(params: ParamMap): ParamMap {
  const grouped: ParamMap = {};
  for (const [key, value] of Object.entries(params)) {
    const keys = key.split(':');
    let target = grouped;
    keys.forEach((k, i) => {
      if (!isSafeKey(k)) return;
      if (i === keys.length - 1) {
        target[k] = value;
      } else {
        if (!isMap(target[k])) target[k] = {};
        target = target[k] as ParamMap;
      }
    });
  }
  return grouped;
}

/** array_replace_recursive: `later` wins; maps are merged key by key. */
export function mergeParams(earlier: ParamMap, later: ParamMap): ParamMap {
  const out: ParamMap = { ...earlier };
  for (const [key, value] of Object.entries(later)) {
    if (!isSafeKey(key)) continue;
    out[key] = isMap(out[key]) && isMap(value) ? mergeParams(out[key] as ParamMap, value) : value;
  }
  return out;
}

export const isMap = (v: unknown): v is ParamMap =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof UploadedFile);

// Prototype keys would reach Object.prototype through plain-object assignment.
const isSafeKey = (key: string): boolean => key !== '__proto__' && key !== 'constructor' && key !== 'prototype';

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function parseJsonObject(text: string): ParamMap | undefined {
  try {
    const value: unknown = JSON.parse(text);
    // PHP's `if ($post)`: an empty object counts as no body; so does one json_decode refuses as too deep.
    return isMap(value) && Object.keys(value).length && withinDepth(value, LIMITS.jsonDepth) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Form or query fields with PHP bracket names (`entry[name]=x`) turned into nested maps. */
function formParams(pairs: Iterable<[string, string]>): ParamMap {
  const out: ParamMap = {};
  let count = 0;
  for (const [name, value] of pairs) {
    if (++count > LIMITS.formFields) break; // max_input_vars: PHP drops the rest
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
    const keys = match ? [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)] : [name];
    if (keys.length > LIMITS.formNesting) continue; // max_input_nesting_level
    let target = out;
    keys.forEach((key, i) => {
      const k = key === '' ? String(Object.keys(target).length) : key;
      if (!isSafeKey(k)) return;
      if (i === keys.length - 1) target[k] = value;
      else {
        if (!isMap(target[k])) target[k] = {};
        target = target[k] as ParamMap;
      }
    });
  }
  return out;
}

/** Multipart fields: a `json` field holding an object replaces all other fields (Kaltura's Node client). */
function formBody(fields: [string, string][]): ParamMap {
  const json = fields.find(([name]) => name === 'json');
  return (json && parseJsonObject(json[1].trim())) ?? formParams(fields);
}

/**
 * A JSON or form body, read whole (it is small). Over the limit, reading stops where the client
 * declared or sent too much: the rest is left unread for the handler to drain after its answer.
 */
function readText(req: IncomingMessage, kind: string): Promise<string> {
  const limit = LIMITS.textBodyBytes;
  const why = 'a limit of this local API; Kaltura reads these into its 256M memory_limit';
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) return Promise.reject(new BodyTooLargeError(kind, declared, limit, why));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onAbort);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
      if (size <= limit) return;
      req.pause();
      stop(new BodyTooLargeError(kind, size, limit, why));
    };
    const onEnd = () => stop();
    const onAbort = () => stop(new RequestAbortedError('request body ended early'));
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort);
  });
}

/** Safe base name of a client-supplied file name: no directories, no control characters, ≤ 255 chars. */
export function sanitizeFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean === '.' || clean === '..' ? '' : clean.slice(0, 255);
}

interface MultipartResult {
  fields: [string, string][];
  fileParams: ParamMap;
  sawFile: boolean;
}

function readMultipart(
  req: IncomingMessage,
  incomingDir: string,
  files: UploadedFile[],
  beforeFiles: (fields: [string, string][]) => Promise<FileReadOptions>,
): Promise<MultipartResult> {
  return new Promise((resolve, reject) => {
    const fields: [string, string][] = [];
    const fileParams: ParamMap = {};
    const writes: Promise<void>[] = [];
    const streams: Readable[] = [];
    let hookDone: Promise<FileReadOptions> | undefined;
    let failed = false;
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { fieldSize: LIMITS.textBodyBytes, fileSize: LIMITS.fileBytes, fields: LIMITS.formFields, parts: LIMITS.formFields, headerPairs: 100 },
      });
    } catch {
      // No usable boundary: PHP would see an empty body. Drain it and carry on with the URL params.
      req.resume();
      req.on('end', () => resolve({ fields, fileParams, sawFile: false }));
      req.on('error', () => reject(new RequestAbortedError('request failed')));
      return;
    }
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume(); // discard the rest so the socket can still carry an answer
      // File parts that will get no more bytes: their writes end (and remove what they wrote).
      for (const stream of streams) stream.destroy();
      reject(error);
    };

    // A field cut at its limit would be read as something the client never sent: it is dropped.
    parser.on('field', (name, value, info) => !info.valueTruncated && fields.push([name, value]));
    parser.on('file', (name, stream, info) => {
      streams.push(stream);
      hookDone ??= beforeFiles([...fields]);
      // A hook failure (an injected fault) aborts the whole request; a file that cannot be written
      // whole (a part cut short by malformed multipart) only becomes an invalid upload.
      const write = hookDone.then((options) => {
        const { dropAfter } = options;
        if (dropAfter !== undefined) {
          let seen = 0;
          stream.on('data', (bytes: Buffer) => {
            if ((seen += bytes.length) < dropAfter) return;
            fail(new RequestAbortedError('dropped by fault', 'fault:drop'));
            stream.destroy();
          });
        }
        return saveFile(stream, incomingDir, sanitizeFileName(info.filename), options, files).then((file) => {
          if (isSafeKey(name)) fileParams[name] = file;
        });
      });
      writes.push(write);
      write.catch((error: Error) => {
        stream.resume();
        fail(error);
      });
    });
    parser.on('error', () => {
      // Malformed multipart: keep what was parsed, as PHP does, once the files settle.
      if (failed) return;
      req.unpipe(parser);
      req.resume();
      if (!req.complete && req.destroyed) return fail(new RequestAbortedError('request body ended early'));
      void Promise.allSettled(writes).then(() => !failed && resolve({ fields, fileParams, sawFile: hookDone !== undefined }));
    });
    parser.on('close', () => {
      void Promise.allSettled(writes).then(() => !failed && resolve({ fields, fileParams, sawFile: hookDone !== undefined }));
    });
    req.on('close', () => !req.complete && fail(new RequestAbortedError('client aborted the request')));
    req.on('error', () => fail(new RequestAbortedError('request failed')));
    // A body without Content-Length is counted as it comes: past post_max_size it is dropped whole.
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > LIMITS.bodyBytes) fail(new BodyTooLargeError('multipart', received, LIMITS.bodyBytes, "Kaltura's post_max_size"));
    });
    req.pipe(parser);
  });
}

/**
 * Streams one file part to a fresh file (or to the sink); a part that ends badly is removed and
 * reported invalid (what it wrote to a sink does not count: the call that would count it fails).
 * A file is in `files` from the start, so the request's clean-up finds it even while it is written.
 */
async function saveFile(stream: Readable, incomingDir: string, fileName: string, options: FileReadOptions, files: UploadedFile[]): Promise<UploadedFile> {
  const { sink } = options;
  const target = sink ? '' : path.join(incomingDir, randomUUID());
  if (target) files.push(new UploadedFile(target, 0, '', false));
  let size = 0;
  stream.on('data', (chunk: Buffer) => (size += chunk.length));
  try {
    const out = sink ? sink.open() : fs.createWriteStream(target, { flags: 'wx' });
    await (options.pace ? pipeline(stream, throttle(options.pace), out) : pipeline(stream, out));
    // Over upload_max_filesize: PHP keeps no file (UPLOAD_ERR_INI_SIZE), so this is no upload.
    if ((stream as { truncated?: boolean }).truncated) throw new Error('file part over its limit');
  } catch {
    stream.resume();
    if (target) await fs.promises.rm(target, { force: true });
    return new UploadedFile('', 0, '', false);
  }
  return new UploadedFile(target, size, fileName, fileName !== '', sink?.generation);
}

/**
 * Passes bytes on when `pace` says; back-pressure slows the sender down. A wait of a few ms is
 * skipped (the pace still counts those bytes, so a later wait is longer): a timer per small piece
 * would cost at least a millisecond each and hold a fast link below its rate.
 */
function throttle(pace: (bytes: number) => number): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const wait = pace(chunk.length);
      if (wait <= 5) done(null, chunk);
      else setTimeout(() => done(null, chunk), wait);
    },
  });
}
