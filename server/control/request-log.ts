// What arrived at the server, for tests to assert on ("no chunk was sent while paused", "the final
// chunk was retried"), and how many requests it handled at once ("never more than 6 in flight").
// Never holds a KS or any other secret. The shapes, `LoggedRequest` and `RequestConcurrency`, are
// in types.ts, shared with the browser side.
import type { LoggedRequest, RequestConcurrency } from './types.ts';

const MAX_ENTRIES = 10_000;

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private inFlight = 0;
  private max = 0;

  /** A request is being handled; the function returned says it is over (calling it again does nothing). */
  begin(): () => void {
    this.max = Math.max(this.max, ++this.inFlight);
    let over = false;
    return () => {
      if (over) return;
      over = true;
      this.inFlight--;
    };
  }

  concurrency(): RequestConcurrency {
    return { inFlight: this.inFlight, max: this.max };
  }

  add(entry: LoggedRequest): LoggedRequest {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return entry;
  }

  list(): LoggedRequest[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** Empties the log; the most at once starts again from the requests in flight now. */
  clear(): void {
    this.entries = [];
    this.max = this.inFlight;
  }
}
