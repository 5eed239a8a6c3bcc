// A small model of Kaltura's upload flow for the scriptable fake transport: what an honest server
// would do with each request the engine sends (tokens, chunks at offsets, the final size check,
// entries, attach-first, multirequests with {N:result:id}). The hostile-answers property tests
// decide, request by request, whether the model acts and whether its answer reaches the engine as
// it is, garbled or not at all; the model is the truth those answers are checked against.
import type { FakeRequest } from './fake-transport.js';

export interface ModelToken {
  id: string;
  status: number;
  bytes: Uint8Array;
  /** Which bytes a chunk wrote. */
  written: boolean[];
  entryId?: string;
}

export interface ModelEntry {
  id: string;
  status: number;
  /** The token whose bytes the entry got (status 1 from then on). */
  content?: Uint8Array;
}

const exception = (code: string) => ({ code, message: `${code} (model)`, objectType: 'KalturaAPIException', args: [] });

export class HonestKaltura {
  readonly tokens = new Map<string, ModelToken>();
  readonly entries = new Map<string, ModelEntry>();
  #next = 1;

  constructor(readonly fileSize: number) {}

  /** Tokens and entries that exist before the upload (a remembered upload to resume). */
  addToken(status: number, uploaded: Uint8Array | undefined, entryId?: string): ModelToken {
    const token = this.#newToken();
    token.status = status;
    if (uploaded) {
      token.bytes.set(uploaded);
      token.written.fill(true, 0, uploaded.length);
    }
    if (entryId) {
      token.entryId = entryId;
      this.entries.set(entryId, { id: entryId, status: status === 3 ? 1 : 0, ...(status === 3 && uploaded ? { content: uploaded } : {}) });
    }
    return token;
  }

  /** Carries out `request` and returns what Kaltura would answer (the JSON value). */
  async handle(request: FakeRequest): Promise<unknown> {
    if (request.service === 'multirequest') {
      const results: unknown[] = [];
      for (let i = 0; String(i) in request.params; i++) {
        let sub: Record<string, unknown>;
        try {
          sub = resolveReferences(request.params[String(i)], results) as Record<string, unknown>;
        } catch {
          results.push(exception('MISSING_MANDATORY_PARAMETER'));
          continue;
        }
        results.push(await this.#call(`${sub.service}.${sub.action}`.toLowerCase(), sub, undefined));
      }
      return results;
    }
    return this.#call(request.name.toLowerCase(), request.params, request.file);
  }

  async #call(name: string, p: Record<string, any>, file: File | undefined): Promise<unknown> {
    switch (name) {
      case 'uploadtoken.add':
        return this.#tokenView(this.#newToken());
      case 'uploadtoken.get': {
        const token = this.tokens.get(p.uploadTokenId);
        return token ? this.#tokenView(token) : exception('UPLOAD_TOKEN_NOT_FOUND');
      }
      case 'uploadtoken.list': {
        const token = this.tokens.get(p.filter?.idEqual);
        const found = token && (p.filter?.statusEqual === undefined || Number(p.filter.statusEqual) === token.status) ? [this.#tokenView(token)] : [];
        return { objects: found, totalCount: found.length };
      }
      case 'uploadtoken.delete': {
        const token = this.tokens.get(p.uploadTokenId);
        if (!token) return exception('UPLOAD_TOKEN_NOT_FOUND');
        token.status = 5;
        return null;
      }
      case 'uploadtoken.upload':
        return this.#upload(p, file ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array());
      case 'media.add': {
        const entry: ModelEntry = { id: `0_entry${this.#next++}`, status: 7 };
        this.entries.set(entry.id, entry);
        return this.#entryView(entry);
      }
      case 'media.addcontent':
        return this.#addContent(String(p.entryId), String(p.resource?.token));
      case 'media.get': {
        const entry = this.entries.get(p.entryId);
        return entry ? this.#entryView(entry) : exception('ENTRY_ID_NOT_FOUND');
      }
      default:
        return exception('SERVICE_DOES_NOT_EXISTS');
    }
  }

  #upload(p: Record<string, string>, data: Uint8Array): unknown {
    const token = this.tokens.get(p.uploadTokenId);
    if (!token) return exception('UPLOAD_TOKEN_NOT_FOUND');
    if (token.status !== 0 && token.status !== 1) return exception('UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD');
    const resume = p.resume === 'true';
    const at = resume ? Number(p.resumeAt) : 0;
    if (!resume) token.written.fill(false);
    if (at + data.length > token.bytes.length) return exception('UPLOAD_ERROR');
    token.bytes.set(data, at);
    token.written.fill(true, at, at + data.length);
    if (p.finalChunk === 'true') {
      if (this.#contiguous(token) < at + data.length) return exception('UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE');
      token.status = 2;
      const entry = token.entryId ? this.entries.get(token.entryId) : undefined;
      if (entry) this.#fill(entry, token);
    } else {
      token.status = 1;
    }
    return this.#tokenView(token);
  }

  #addContent(entryId: string, tokenId: string): unknown {
    const entry = this.entries.get(entryId);
    const token = this.tokens.get(tokenId);
    if (!entry) return exception('ENTRY_ID_NOT_FOUND');
    if (!token) return exception('UPLOAD_TOKEN_NOT_FOUND');
    if (entry.status !== 7) return exception('ENTRY_ALREADY_WITH_CONTENT');
    token.entryId = entry.id;
    if (token.status === 2) this.#fill(entry, token);
    else entry.status = 0; // IMPORT: the final chunk fills it
    return this.#entryView(entry);
  }

  #fill(entry: ModelEntry, token: ModelToken): void {
    entry.content = token.bytes.slice(0, this.#contiguous(token));
    entry.status = 1;
    token.status = 3;
  }

  #contiguous(token: ModelToken): number {
    const gap = token.written.indexOf(false);
    return gap === -1 ? token.written.length : gap;
  }

  #newToken(): ModelToken {
    const token: ModelToken = { id: `0_token${this.#next++}`, status: 0, bytes: new Uint8Array(this.fileSize), written: Array(this.fileSize).fill(false) };
    this.tokens.set(token.id, token);
    return token;
  }

  #tokenView(t: ModelToken) {
    const uploaded = this.#contiguous(t);
    // The entry it went into, as Kaltura names it once addContent attached it (protocol 14.3).
    const attached = t.entryId && { attachedObjectType: 'entry', attachedObjectId: t.entryId };
    return { id: t.id, status: t.status, fileSize: this.fileSize, ...(t.status > 0 && { uploadedFileSize: uploaded }), ...attached, objectType: 'KalturaUploadToken' };
  }

  #entryView(e: ModelEntry) {
    return { id: e.id, name: 'x', status: e.status, objectType: 'KalturaMediaEntry' };
  }
}

/** `{N:result:id}` → the N-th result's id (N counts from 1), as Kaltura resolves it. */
function resolveReferences(value: unknown, results: unknown[]): unknown {
  if (typeof value === 'string') {
    // As Kaltura: a reference that finds nothing fails its call, unrun.
    return value.replace(/\{(\d+):result:?([^}]*)\}/, (ref, n, path: string) => {
      let found: any = results[Number(n) - 1];
      for (const key of path.split(':').filter(Boolean)) found = found?.[key];
      if (found === undefined || found === null || found === '') throw new Error(`MISSING_MANDATORY_PARAMETER ${ref}`);
      return String(found);
    });
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, results)]));
  return value;
}
