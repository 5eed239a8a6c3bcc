// Service `uploadToken` (UploadTokenService.php + kUploadTokenMgr.php): add, get, upload, list,
// delete, with Kaltura's chunk semantics. See the protocol notes, sections 4-7.
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { assertWritable, castScalar, enumType, type ApiObject, type ObjectType } from '../core/arguments.ts';
import { ApiError } from '../core/errors.ts';
import { listResponse, page, pagerType } from '../core/list.ts';
import { attachUploadedContent } from './media-content.ts';
import type { ParamMap, UploadedFile } from '../core/request-params.ts';
import type { CallContext, ServerParts, ServiceDef } from '../core/service.ts';
import { newTokenId, type TokenRecord } from '../state/store.ts';
import { addRange, contiguousSize, rangeWriter, writeAt } from '../state/token-file.ts';

export const TokenStatus = { PENDING: 0, PARTIAL_UPLOAD: 1, FULL_UPLOAD: 2, CLOSED: 3, TIMED_OUT: 4, DELETED: 5 } as const;
/** Internal status 6 ERROR is not in the API enum (it is never set here either). */
const TOKEN_ERROR = 6;

const tokenStatusEnum = enumType('KalturaUploadTokenStatus', [0, 1, 2, 3, 4, 5]);
const nullableBoolean = enumType('KalturaNullableBoolean', [-1, 0, 1]);

export const uploadTokenType: ObjectType = {
  kind: 'object',
  name: 'KalturaUploadToken',
  properties: {
    id: { type: 'string', access: 'readonly' },
    partnerId: { type: 'int', access: 'readonly' },
    userId: { type: 'string', access: 'readonly' },
    status: { type: tokenStatusEnum, access: 'readonly' },
    fileName: { type: 'string', access: 'insert' },
    fileSize: { type: 'float', access: 'insert' },
    uploadedFileSize: { type: 'float', access: 'readonly' },
    createdAt: { type: 'int', access: 'readonly' },
    updatedAt: { type: 'int', access: 'readonly' },
    uploadUrl: { type: 'string', access: 'readonly' },
    autoFinalize: { type: nullableBoolean, access: 'insert' },
    attachedObjectType: { type: 'string', access: 'readonly' },
    attachedObjectId: { type: 'string', access: 'readonly' },
  },
};

const uploadTokenFilterType: ObjectType = {
  kind: 'object',
  name: 'KalturaUploadTokenFilter',
  properties: {
    orderBy: { type: 'string' },
    idEqual: { type: 'string' },
    idIn: { type: 'string' },
    userIdEqual: { type: 'string' },
    statusEqual: { type: tokenStatusEnum },
    statusIn: { type: 'string' },
    fileNameEqual: { type: 'string' },
    fileSizeEqual: { type: 'float' },
  },
};

/**
 * The API view of a token: seconds for times, nulls dropped by the serializer. The sizes are JSON
 * strings, as kaltura.com sends them: they are BIGINT columns, which Propel hydrates as strings
 * (`BaseUploadToken::hydrate`) and the API copies without a cast (protocol notes 14.1).
 */
export function tokenView(t: TokenRecord, uploadUrl = ''): Record<string, unknown> {
  return {
    id: t.id,
    partnerId: t.partnerId,
    userId: t.userId || null,
    status: t.status,
    fileName: t.fileName,
    fileSize: bigint(t.fileSize),
    uploadedFileSize: bigint(t.uploadedFileSize),
    createdAt: Math.floor(t.createdAt / 1000),
    updatedAt: Math.floor(t.updatedAt / 1000),
    autoFinalize: t.autoFinalize,
    uploadUrl: uploadUrl || undefined,
    attachedObjectType: t.attachedObjectType,
    attachedObjectId: t.attachedObjectId,
    objectType: 'KalturaUploadToken',
  };
}

const bigint = (n: number | undefined): string | undefined => (n === undefined ? undefined : String(n));

/** A token the caller may see: same partner, and for a USER KS the same user (restrictPeerToCurrentUser). */
export function findToken(ctx: CallContext, id: unknown): TokenRecord | undefined {
  const token = typeof id === 'string' ? ctx.server.store.tokens.get(id) : undefined;
  if (!token || token.partnerId !== ctx.session.partnerId) return undefined;
  if (!ctx.session.isAdmin && token.userId !== ctx.session.userId) return undefined;
  return token;
}

function requireToken(ctx: CallContext, id: unknown): TokenRecord {
  const token = findToken(ctx, id);
  if (!token) throw new ApiError('UPLOAD_TOKEN_NOT_FOUND');
  return token;
}

export const uploadTokenService: ServiceDef = {
  add: {
    params: [{ name: 'uploadToken', type: uploadTokenType, optional: true }],
    async run(ctx, args) {
      const input = args.uploadToken as ApiObject | null;
      if (input) assertWritable(input, 'insert');
      const values = input?.values ?? {};
      const autoFinalize = values.autoFinalize === true;
      if (autoFinalize && !values.fileSize) throw new ApiError('UPLOAD_TOKEN_MISSING_FILE_SIZE');
      const now = Date.now();
      const token: TokenRecord = {
        id: newTokenId(),
        partnerId: ctx.session.partnerId,
        userId: ctx.session.userId,
        status: TokenStatus.PENDING,
        fileName: (values.fileName as string | undefined) || undefined,
        fileSize: typeof values.fileSize === 'number' ? values.fileSize : undefined,
        autoFinalize,
        createdAt: now,
        updatedAt: now,
        hasFile: false,
      };
      const { store } = ctx.server;
      await fs.promises.mkdir(store.tokenDir(token.id), { recursive: true });
      store.tokens.set(token.id, token);
      await store.save(token);
      return tokenView(token, ctx.server.options.uploadUrl);
    },
  },

  get: {
    params: [{ name: 'uploadTokenId', type: 'string' }],
    async run(ctx, args) {
      return tokenView(requireToken(ctx, args.uploadTokenId), ctx.server.options.uploadUrl);
    },
  },

  upload: {
    params: [
      { name: 'uploadTokenId', type: 'string' },
      { name: 'fileData', type: 'file' },
      { name: 'resume', type: 'bool', optional: true, default: false },
      { name: 'finalChunk', type: 'bool', optional: true, default: true },
      { name: 'resumeAt', type: 'float', optional: true, default: -1 },
    ],
    async run(ctx, args) {
      const token = requireToken(ctx, args.uploadTokenId);
      if (ctx.log) ctx.log.uploadTokenId = token.id;
      const chunk = args.fileData as UploadedFile;
      await uploadChunk(ctx.server, token, chunk, {
        resume: args.resume as boolean,
        finalChunk: args.finalChunk as boolean,
        resumeAt: args.resumeAt as number,
        async beforeFinalMerge() {
          const slow = ctx.server.faults.take(['slowMerge'], { service: 'uploadtoken', action: 'upload', finalChunk: true });
          if (!slow) return;
          if (ctx.log) (ctx.log.faults ??= []).push('slowMerge');
          await sleep(slow.ms ?? 0);
        },
      });
      return tokenView(token, ctx.server.options.uploadUrl);
    },
  },

  delete: {
    params: [{ name: 'uploadTokenId', type: 'string' }],
    async run(ctx, args) {
      const token = requireToken(ctx, args.uploadTokenId);
      // Status only: Kaltura leaves the file where it is.
      token.status = TokenStatus.DELETED;
      token.updatedAt = Date.now();
      await ctx.server.store.save(token);
      ctx.server.tokenChanged.notify(token.id);
      return null;
    },
  },

  list: {
    params: [
      { name: 'filter', type: uploadTokenFilterType, optional: true },
      { name: 'pager', type: pagerType, optional: true },
    ],
    async run(ctx, args) {
      const f = ((args.filter as { values: Record<string, unknown> } | null)?.values ?? {}) as {
        orderBy?: string; idEqual?: string; idIn?: string; userIdEqual?: string; statusEqual?: number;
        statusIn?: string; fileNameEqual?: string; fileSizeEqual?: number;
      };
      let statusIn = f.statusIn?.split(',').map((s) => Number(s.trim()));
      // A file-name lookup without a status filter only sees live tokens (UploadTokenService::listAction).
      if (f.fileNameEqual && f.statusEqual === undefined && !statusIn) statusIn = [0, 1, 2];
      const oldest = Date.now() - ctx.server.options.maxResumeSeconds * 1000;
      const ids = f.idIn?.split(',').map((s) => s.trim());
      const tokens = [...ctx.server.store.tokens.values()].filter(
        (t) =>
          findToken(ctx, t.id) &&
          (f.idEqual === undefined || t.id === f.idEqual) &&
          (!ids || ids.includes(t.id)) &&
          (f.userIdEqual === undefined || t.userId === f.userIdEqual) &&
          (f.statusEqual === undefined || t.status === f.statusEqual) &&
          (!statusIn || statusIn.includes(t.status)) &&
          (f.fileNameEqual === undefined || t.fileName === f.fileNameEqual) &&
          (f.fileSizeEqual === undefined || t.fileSize === f.fileSizeEqual) &&
          // A resumable-token lookup skips tokens past the resume window.
          !(f.fileNameEqual && f.statusEqual === TokenStatus.PARTIAL_UPLOAD && t.updatedAt < oldest),
      );
      tokens.sort((a, b) => (f.orderBy === '-createdAt' ? b.createdAt - a.createdAt : a.createdAt - b.createdAt));
      return listResponse(page(tokens, args.pager).map((t) => tokenView(t, ctx.server.options.uploadUrl)), tokens.length, 'KalturaUploadTokenListResponse');
    },
  },
};

export interface ChunkRequest {
  resume: boolean;
  finalChunk: boolean;
  resumeAt: number;
  /** Runs once a closing chunk is parked, before the merge starts (the slowMerge fault). */
  beforeFinalMerge(): Promise<void>;
}

/** validateForUpload + checkUploadTokenAllowedStatus, in Kaltura's order. */
function checkUploadAllowed(server: ServerParts, token: TokenRecord): void {
  if (token.status === TOKEN_ERROR) throw new ApiError('MAX_ALLOWED_CHUNK_COUNT_EXCEEDED');
  const maxResume = server.options.maxResumeSeconds;
  if (token.status === TokenStatus.PARTIAL_UPLOAD && token.updatedAt < Date.now() - maxResume * 1000) {
    throw new ApiError('UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED', maxResume);
  }
  if (token.status !== TokenStatus.PENDING && token.status !== TokenStatus.PARTIAL_UPLOAD) {
    throw new ApiError('UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD');
  }
}

/**
 * Where a chunk's bytes can go as they arrive, before the call runs: the token's file at
 * `resumeAt`, when the request is a continuing chunk (resume=true, resumeAt ≥ 0) of a token that
 * this KS may upload to and that takes bytes. Else undefined, and the bytes go to incoming/ first
 * (the call's own checks then answer, as for any upload). Bytes written here count only once the
 * call succeeds (its range is added), and never overwrite received ones.
 */
export function inPlaceWriter(server: ServerParts, params: ParamMap): { open(): Writable; generation: number } | undefined {
  if (String(params.service).toLowerCase() !== 'uploadtoken' || String(params.action).toLowerCase() !== 'upload') return undefined;
  try {
    const resumeAt = castScalar('float', params.resumeAt ?? -1, 'resumeAt') as number;
    if (castScalar('bool', params.resume ?? false, 'resume') !== true || !Number.isSafeInteger(resumeAt) || resumeAt < 0) return undefined;
    const ks = server.sessions.open(String(params.ks));
    server.sessions.checkValid(ks);
    const session = { partnerId: ks.partnerId, userId: ks.userId, isAdmin: ks.type === 2, privileges: ks.privilegeMap };
    const token = findToken({ server, session, log: undefined, origin: '', trusted: false }, params.uploadTokenId);
    if (!token?.hasFile || (token.status !== TokenStatus.PENDING && token.status !== TokenStatus.PARTIAL_UPLOAD)) return undefined;
    const file = server.store.tokenFile(token.id);
    return { open: () => rangeWriter(file, resumeAt, () => token.ranges ?? []), generation: token.generation ?? 0 };
  } catch {
    return undefined; // a bad KS or parameter: the call itself will say so
  }
}

/**
 * kUploadTokenMgr::uploadFileToToken. The chunk's bytes are on disk already, at their offset in the
 * token's file or under incoming/; this records them (copying them into place first if need be)
 * under the token's lock, so concurrent chunks never interleave their bookkeeping.
 */
async function uploadChunk(server: ServerParts, token: TokenRecord, chunk: UploadedFile, request: ChunkRequest): Promise<void> {
  const { store, locks } = server;
  checkUploadAllowed(server, token);
  if (!token.fileName && chunk.fileName) token.fileName = chunk.fileName;
  // Empty chunk rule: a zero-byte middle chunk past offset 0 is dismissed, the call succeeds.
  if (chunk.size === 0 && !request.finalChunk && request.resumeAt > 0) return store.save(token);

  const { resume, finalChunk } = request;
  // Offsets are whole bytes (PHP's fseek truncates). Kaltura parks a chunk with a negative offset
  // other than -1 where it is never merged; any negative offset appends here instead.
  const resumeAt = request.resumeAt < 0 ? -1 : Math.floor(request.resumeAt);
  const file = store.tokenFile(token.id);
  const status = finalChunk ? TokenStatus.FULL_UPLOAD : TokenStatus.PARTIAL_UPLOAD;

  if (!resume) {
    // (Re)start the file with this chunk; resumeAt is ignored. A new file: chunks of the old one
    // still arriving are not counted (`generation`).
    await locks.run(token.id, async () => {
      checkUploadAllowed(server, token);
      await fs.promises.mkdir(store.tokenDir(token.id), { recursive: true });
      await fs.promises.rename(chunk.path, file);
      token.hasFile = true;
      token.generation = (token.generation ?? 0) + 1;
      token.ranges = addRange([], 0, chunk.size);
      await settle(server, token, status);
    });
    return;
  }

  if (!token.hasFile || !fs.existsSync(file)) throw new ApiError('UPLOAD_TOKEN_CANNOT_RESUME');
  if (!Number.isSafeInteger(resumeAt)) throw new ApiError('UPLOAD_ERROR'); // no file can have such an offset

  /** Counts the chunk's bytes at `at` as received, copying them there first when they are not yet. */
  const place = async (at: number) => {
    const received = () => token.ranges ?? [];
    if (chunk.inPlace === undefined) await writeAt(file, chunk.path, at, received);
    // Written into a file that resume=false has replaced since: dropped, as Kaltura silently drops
    // a chunk it cannot park; the final chunk's size check asks for it again.
    else if (chunk.inPlace !== (token.generation ?? 0)) return;
    token.ranges = addRange(received(), at, at + chunk.size);
  };

  // Not the closing chunk (or the old "overwrite from the start" final at offset 0: no size check).
  // resumeAt -1 appends at the current end, with no ordering or size check.
  if (!finalChunk || resumeAt <= 0) {
    await locks.run(token.id, async () => {
      checkUploadAllowed(server, token);
      await place(resumeAt < 0 ? contiguousSize(token.ranges ?? []) : resumeAt);
      await settle(server, token, status);
    });
    return;
  }

  // The closing chunk: it defines the expected size, then waits (bounded) for the chunks before it.
  const expected = resumeAt + chunk.size;
  await locks.run(token.id, () => place(resumeAt));
  await store.save(token);
  server.tokenChanged.notify(token.id);
  await request.beforeFinalMerge();
  const deadline = Date.now() + server.options.finalChunkWaitMs;
  let size = contiguousSize(token.ranges ?? []);
  while (size < expected && Date.now() < deadline) {
    // Kaltura re-checks once a second; waking on every new chunk is quicker and as safe.
    await server.tokenChanged.wait(token.id, Math.min(1000, deadline - Date.now()));
    size = contiguousSize(token.ranges ?? []);
  }
  await locks.run(token.id, async () => {
    if (size !== expected) {
      // The token stays PARTIAL and the received bytes stay: the final chunk may be sent again.
      token.uploadedFileSize = size;
      await store.save(token);
      throw new ApiError('UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE');
    }
    // settle re-checks the status: another final request may have finished meanwhile.
    await settle(server, token, TokenStatus.FULL_UPLOAD);
  });
}

/**
 * Records the new size and status; a complete token attached to an entry hands its file over
 * (2 → 3). Completing re-reads the status under the lock, as uploadedLockImpl does: a token that is
 * no longer PENDING/PARTIAL (another final chunk won) gives UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD.
 */
async function settle(server: ServerParts, token: TokenRecord, status: number): Promise<void> {
  const full = status === TokenStatus.FULL_UPLOAD;
  if (full && token.status !== TokenStatus.PENDING && token.status !== TokenStatus.PARTIAL_UPLOAD) {
    throw new ApiError('UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD');
  }
  const size = contiguousSize(token.ranges ?? []);
  // A whole file is exactly its bytes: cut what stray writes past the end may have left there.
  if (full) await fs.promises.truncate(server.store.tokenFile(token.id), size);
  token.uploadedFileSize = size;
  token.updatedAt = Date.now();
  // A chunk that was in flight when the token was deleted must not bring it back: Kaltura saves
  // only changed columns, so a middle chunk leaves the DELETED status as it is.
  if (token.status !== TokenStatus.DELETED) token.status = status;
  const entry = full && token.entryId ? await attachUploadedContent(server, token) : undefined;
  await server.store.save(entry, token);
  server.tokenChanged.notify(token.id);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
