// What arrived at the server, for tests to assert on ("no chunk was sent while paused", "the final
// chunk was retried"). Never holds a KS or any other secret.

export interface LoggedRequest {
  service: string;
  action: string;
  /** Date.now() when the request arrived. */
  at: number;
  resume?: boolean;
  resumeAt?: number;
  finalChunk?: boolean;
  /** Size of the uploaded file part. */
  bytes?: number;
  uploadTokenId?: string;
  entryId?: string;
  /** 'pending' while running, then 'ok' | a Kaltura error code | 'fault:<kind>' | 'aborted'. */
  outcome: string;
  /** Faults that shaped the call without replacing its answer (latency, stall, slowMerge). */
  faults?: string[];
}

const MAX_ENTRIES = 10_000;

export class RequestLog {
  private entries: LoggedRequest[] = [];

  add(entry: LoggedRequest): LoggedRequest {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return entry;
  }

  list(): LoggedRequest[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}
