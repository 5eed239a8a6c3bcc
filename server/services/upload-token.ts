// Service `uploadToken` (UploadTokenService.php + kUploadTokenMgr.php): add, get, upload, list,
// delete, with Kaltura's chunk semantics. See the protocol notes, sections 4-7.
import fs from 'node:fs';
import { assertWritable, enumType, type ApiObject, type ObjectType } from '../core/arguments.ts';
import { ApiError } from '../core/errors.ts';
import { listResponse, page, pagerType } from '../core/list.ts';
import { attachUploadedContent } from './media-content.ts';
import type { UploadedFile } from '../core/request-params.ts';
import type { CallContext, ServerParts, ServiceDef } from '../core/service.ts';
import { newTokenId, type TokenRecord } from '../state/store.ts';
import { fileSize, mergeParkedChunks, parkChunk, writeAt } from '../state/token-file.ts';

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
 * kUploadTokenMgr::uploadFileToToken. The chunk's bytes are on disk already; this moves them into
 * the token's file (or parks them) under the token's lock, so concurrent chunks never interleave.
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

  if (!resume) {
    // (Re)start the file with this chunk; resumeAt is ignored.
    await locks.run(token.id, async () => {
      checkUploadAllowed(server, token);
      await fs.promises.mkdir(store.tokenDir(token.id), { recursive: true });
      await fs.promises.rename(chunk.path, file);
      token.hasFile = true;
      await settle(server, token, chunk.size, finalChunk ? TokenStatus.FULL_UPLOAD : TokenStatus.PARTIAL_UPLOAD);
    });
    return;
  }

  if (!token.hasFile || !fs.existsSync(file)) throw new ApiError('UPLOAD_TOKEN_CANNOT_RESUME');
  if (!Number.isSafeInteger(resumeAt)) throw new ApiError('UPLOAD_ERROR'); // no file can have such an offset

  if (resumeAt === -1) {
    // Append at the current end, no ordering or size check.
    await locks.run(token.id, async () => {
      checkUploadAllowed(server, token);
      const size = await writeAt(file, chunk.path, await fileSize(file));
      await settle(server, token, size, finalChunk ? TokenStatus.FULL_UPLOAD : TokenStatus.PARTIAL_UPLOAD);
    });
    return;
  }

  // A final chunk at offset 0 is the old "overwrite from the start" form: no size check.
  if (!finalChunk || resumeAt === 0) {
    await locks.run(token.id, async () => {
      checkUploadAllowed(server, token);
      let size = await mergeParkedChunks(store, token.id);
      if (resumeAt <= size && resumeAt + chunk.size > size) {
        await writeAt(file, chunk.path, resumeAt);
        size = await mergeParkedChunks(store, token.id);
      } else if (resumeAt > size) {
        await parkChunk(store, token.id, resumeAt, chunk.path);
      }
      // Otherwise the chunk lies wholly inside bytes already written: a duplicate, nothing to add.
      await settle(server, token, size, finalChunk ? TokenStatus.FULL_UPLOAD : TokenStatus.PARTIAL_UPLOAD);
    });
    return;
  }

  // The closing chunk: it defines the expected size, then waits (bounded) for the chunks before it.
  const expected = resumeAt + chunk.size;
  await locks.run(token.id, async () => {
    await parkChunk(store, token.id, resumeAt, chunk.path);
  });
  await request.beforeFinalMerge();
  const deadline = Date.now() + server.options.finalChunkWaitMs;
  let size = 0;
  for (;;) {
    size = await locks.run(token.id, () => mergeParkedChunks(store, token.id));
    if (size >= expected || Date.now() >= deadline) break;
    // Kaltura re-checks once a second; waking on every new chunk is quicker and as safe.
    await server.tokenChanged.wait(token.id, Math.min(1000, deadline - Date.now()));
  }
  await locks.run(token.id, async () => {
    if (size !== expected) {
      // The token stays PARTIAL and the parked chunks stay: the final chunk may be sent again.
      token.uploadedFileSize = size;
      await store.save(token);
      throw new ApiError('UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE');
    }
    // settle re-checks the status: another final request may have finished meanwhile.
    await settle(server, token, size, TokenStatus.FULL_UPLOAD);
  });
}

/**
 * Records the new size and status; a complete token attached to an entry hands its file over
 * (2 → 3). Completing re-reads the status under the lock, as uploadedLockImpl does: a token that is
 * no longer PENDING/PARTIAL (another final chunk won) gives UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD.
 */
async function settle(server: ServerParts, token: TokenRecord, size: number, status: number): Promise<void> {
  if (status === TokenStatus.FULL_UPLOAD && token.status !== TokenStatus.PENDING && token.status !== TokenStatus.PARTIAL_UPLOAD) {
    throw new ApiError('UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD');
  }
  token.uploadedFileSize = size;
  token.updatedAt = Date.now();
  // A chunk that was in flight when the token was deleted must not bring it back: Kaltura saves
  // only changed columns, so a middle chunk leaves the DELETED status as it is.
  if (token.status !== TokenStatus.DELETED) token.status = status;
  const entry = status === TokenStatus.FULL_UPLOAD && token.entryId ? await attachUploadedContent(server, token) : undefined;
  await server.store.save(entry, token);
  server.tokenChanged.notify(token.id);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
