// What arrived at the server, for tests to assert on ("no chunk was sent while paused", "the final
// chunk was retried"). Never holds a KS or any other secret. The line's shape, `LoggedRequest`, is
// in types.ts, shared with the browser side.
import type { LoggedRequest } from './types.ts';

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
