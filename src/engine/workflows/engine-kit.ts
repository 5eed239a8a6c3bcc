// The parts of the engine the workflows chunk works with, handed over by chunked-upload.ts when it
// loads the chunk. The chunk imports none of them itself (types only): a module shared by the
// engine and a lazy chunk is split into a chunk of its own, and that plumbing alone would cost the
// engine's up-front bundle more than these workflows' hooks.
import type { UploadError } from '../../errors.js';
import type { callKaltura } from '../../kaltura/client.js';
import type { KsSession } from '../ks-session.js';
import type { callContext, resolveOptions } from '../options.js';
import type { request } from '../request-loop.js';
import type { UploadMachine } from '../upload-machine.js';
import type { sleep } from '../waits.js';

/**
 * The parts, in this order. A tuple, not an object: its names would be spelled out in the engine's
 * bundle, while a tuple minifies to its values.
 */
export type EngineParts = [
  request: typeof request,
  callKaltura: typeof callKaltura,
  callContext: typeof callContext,
  resolveOptions: typeof resolveOptions,
  sleep: typeof sleep,
  UploadError: typeof UploadError,
  KsSession: typeof KsSession,
  UploadMachine: typeof UploadMachine,
];

/** The parts by name, as the workflows use them. */
export interface EngineKit {
  request: typeof request;
  callKaltura: typeof callKaltura;
  callContext: typeof callContext;
  resolveOptions: typeof resolveOptions;
  sleep: typeof sleep;
  UploadError: typeof UploadError;
  KsSession: typeof KsSession;
  UploadMachine: typeof UploadMachine;
}

export function engineKit([request, callKaltura, callContext, resolveOptions, sleep, UploadError, KsSession, UploadMachine]: EngineParts): EngineKit {
  return { request, callKaltura, callContext, resolveOptions, sleep, UploadError, KsSession, UploadMachine };
}
