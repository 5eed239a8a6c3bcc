// The local Kaltura-compatible API: one object holding the options, the persisted store, sessions,
// fault rules and request log, with `handle(req, res)` for /api_v3 requests and the media URLs
// beside it (thumbnails, playManifest: media/media-routes.ts). The adapters
// (adapters/: vite-plugin.ts, wtr-adapter.ts, start-server.ts) only route requests to it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultController } from '../control/faults.ts';
import { handleApiRequest, type ApiCore } from './http-handler.ts';
import { handleMediaRequest } from '../media/media-routes.ts';
import { isMediaPath } from '../media/media-urls.ts';
import { KeyedLock } from '../state/keyed-lock.ts';
import { SessionType } from '../state/ks.ts';
import { refreshEntry } from '../services/media-replacement.ts';
import { defaultOptions, type ServerOptions } from './options.ts';
import { RequestLog } from '../control/request-log.ts';
import type { EntryInfo, KsOptions, TokenInfo, TunableOptions } from '../control/types.ts';
import { TokenSignal } from '../state/token-signal.ts';
import { dataDirAdminSecret } from '../state/admin-secret.ts';
import { Sessions } from '../state/sessions.ts';
import { Store } from '../state/store.ts';
import { MetadataProfiles } from '../state/metadata-profiles.ts';
import { contiguousSize, fileSize } from '../state/token-file.ts';

/** How long a restart waits for the old handlers to end (each is bounded by its own fault timings). */
const RESTART_GRACE_MS = 5000;

export class KalturaApi implements ApiCore {
  readonly options: ServerOptions;
  readonly store: Store;
  readonly locks = new KeyedLock();
  readonly faults = new FaultController();
  readonly requests = new RequestLog();
  readonly sessions: Sessions;
  readonly tokenChanged = new TokenSignal();
  readonly metadataProfiles: MetadataProfiles;
  private inFlight = new Set<ServerResponse>();
  /** Requests being handled (they outlive their connection until their handler returns). */
  private running = new Set<Promise<void>>();
  private ready: Promise<void>;

  constructor(options: Partial<ServerOptions> = {}) {
    const merged = { ...defaultOptions(), ...options };
    this.options = { ...merged, adminSecret: merged.adminSecret ?? dataDirAdminSecret(merged.dataDir) };
    this.store = new Store(this.options.dataDir);
    this.metadataProfiles = new MetadataProfiles(this.options.dataDir);
    this.sessions = new Sessions(() => this.options);
    this.ready = this.store.load().then(() => this.metadataProfiles.load());
    this.ready.catch(() => {}); // reported by whenReady() and every request
  }

  /** Resolves once the state is loaded from the data dir (requests wait for it on their own). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Handles one /api_v3 or media request (`isKalturaPath`). Never rejects: adapters call it without awaiting. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.ready;
      const handling = isMediaPath(req.url) ? this.handleMedia(req, res) : handleApiRequest(this, req, res);
      this.running.add(handling);
      await handling.finally(() => this.running.delete(handling));
    } catch (error) {
      console.error('[kaltura-api] request failed:', error instanceof Error ? error.message : error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end();
    }
  }

  private async handleMedia(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const untrack = this.track(res);
    try {
      await handleMediaRequest(this.store, req, res);
    } finally {
      untrack();
    }
  }

  track(res: ServerResponse): () => void {
    this.inFlight.add(res);
    const over = this.requests.begin();
    return () => {
      this.inFlight.delete(res);
      over();
    };
  }

  /**
   * What a process restart does: requests in flight lose their connection, in-memory state is
   * dropped and read back from the data dir.
   */
  async restart(): Promise<void> {
    const previous = this.ready;
    this.ready = (async () => {
      // New requests wait here, as they would for a process that is starting up.
      await previous.catch(() => {});
      for (const res of this.inFlight) res.socket?.destroy();
      this.inFlight.clear();
      // The old process's handlers end before the new one reads the data dir: a final chunk
      // waiting for its predecessors stops waiting, the others fail on their cut connection.
      // Otherwise a handler finishing late could write state over what was just loaded.
      this.tokenChanged.close();
      const old = Promise.allSettled([...this.running]);
      await Promise.race([old, new Promise((resolve) => setTimeout(resolve, RESTART_GRACE_MS))]);
      await this.store.load();
      this.metadataProfiles.load();
      this.tokenChanged.open();
    })();
    this.ready.catch(() => {}); // reported by the caller and every request
    await this.ready;
  }

  setOptions(options: Partial<TunableOptions>): void {
    if (options.replacementApproval !== undefined) this.options.replacementApproval = !!options.replacementApproval;
    for (const key of ['finalChunkWaitMs', 'maxResumeSeconds', 'conversionMs', 'importTimeoutMs', 'importMaxBytes'] as const) {
      const value = options[key];
      if (value === undefined) continue;
      if (typeof value !== 'number' || !(value >= 0)) throw new TypeError(`${key} must be a number ≥ 0`);
      this.options[key] = value;
    }
    if (options.uploadUrl !== undefined) {
      if (options.uploadUrl !== '' && !/^https?:\/\/[^/]+$/.test(options.uploadUrl)) throw new TypeError('uploadUrl must be "" or http(s)://host[:port]');
      this.options.uploadUrl = options.uploadUrl;
    }
  }

  /** A KS from the server's own session.start (tests and the demo's stand-in backend). */
  startSession(opts: KsOptions & { type?: number } = {}): string {
    const type = opts.type ?? SessionType.USER;
    return this.sessions.start({
      secret: this.options.adminSecret,
      userId: opts.userId ?? (type === SessionType.USER ? 'test-user' : ''),
      type,
      partnerId: this.options.partnerId,
      expiry: opts.expiry ?? 86_400,
      privileges: opts.privileges ?? null,
    });
  }

  async tokenInfo(id: string): Promise<TokenInfo | null> {
    await this.ready;
    const token = this.store.tokens.get(id);
    if (!token) return null;
    const file = this.store.tokenFile(id);
    const exists = token.hasFile && fs.existsSync(file);
    const ranges = token.ranges ?? [];
    const size = contiguousSize(ranges);
    return {
      status: token.status,
      uploadedFileSize: token.uploadedFileSize ?? null,
      fileSize: token.fileSize ?? null,
      sha256: exists ? await sha256File(file, size) : null,
      size: exists ? size : 0,
      parkedChunks: ranges.filter(([start]) => start > 0).length,
    };
  }

  async entryInfo(id: string): Promise<EntryInfo | null> {
    await this.ready;
    const entry = this.store.entries.get(id);
    if (!entry) return null;
    if (refreshEntry(this, entry)) await this.store.save(entry);
    const file = this.store.entryFile(id);
    const exists = entry.contentSize !== undefined && fs.existsSync(file);
    const info: EntryInfo = { status: entry.status, name: entry.name, sha256: exists ? await sha256File(file) : null, size: exists ? await fileSize(file) : null };
    if (entry.mediaType !== undefined) info.mediaType = entry.mediaType;
    if (entry.description !== undefined) info.description = entry.description;
    if (entry.tags !== undefined) info.tags = entry.tags;
    if (entry.categories !== undefined) info.categories = entry.categories;
    if (entry.referenceId !== undefined) info.referenceId = entry.referenceId;
    if (entry.conversionProfileId !== undefined) info.conversionProfileId = entry.conversionProfileId;
    if (entry.userId) info.userId = entry.userId;
    if (entry.uploadTokenId !== undefined) info.uploadTokenId = entry.uploadTokenId;
    if (entry.replacementStatus !== undefined) info.replacementStatus = entry.replacementStatus;
    if (entry.replacingEntryId !== undefined) info.replacingEntryId = entry.replacingEntryId;
    if (entry.sourceUrl !== undefined) info.sourceUrl = entry.sourceUrl;
    return info;
  }

  /** Waits for pending state writes (before the process exits or the data dir is removed). */
  async close(): Promise<void> {
    for (const res of this.inFlight) res.socket?.destroy();
    await this.ready.catch(() => {});
    await this.store.flush();
    this.store.release();
  }
}

/** sha256 (hex) of a file, or of its first `length` bytes. */
async function sha256File(file: string, length?: number): Promise<string> {
  const hash = createHash('sha256');
  if (length === 0) return hash.digest('hex');
  for await (const chunk of fs.createReadStream(file, { end: length === undefined ? undefined : length - 1 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
