// A scriptable transport for stepping the engine one request at a time (tus-js-client's
// TestHttpStack pattern): the test awaits `nextRequest()`, checks what the engine sent, then
// answers it, fails it or lets it hang. Integration tests use the real local API instead.
import type { HttpAnswer, HttpRequest, Transport } from '../../src/kaltura/transport.js';

export class FakeRequest {
  readonly service: string;
  readonly action: string;
  /** The parameters as the server would read them: the JSON body, or the form's text fields. */
  readonly params: Record<string, any>;
  /** Form field names in the order they were appended. */
  readonly fieldOrder: string[] = [];
  /** The `fileData` part of a chunk upload. */
  readonly file?: File;
  settled = false;

  constructor(
    readonly request: HttpRequest,
    private readonly settle: (answer: HttpAnswer | Error) => void,
  ) {
    const path = new URL(request.url).pathname;
    const [, service, action] = /\/api_v3\/service\/([^/]+)(?:\/action\/([^/]+))?$/.exec(path) ?? [];
    this.service = service;
    this.action = action ?? '';
    if (typeof request.body === 'string') {
      this.params = JSON.parse(request.body);
    } else {
      this.params = {};
      for (const [name, value] of request.body) {
        this.fieldOrder.push(name);
        if (typeof value === 'string') this.params[name] = value;
        else this.file = value;
      }
    }
  }

  get name(): string {
    return this.action ? `${this.service}.${this.action}` : this.service;
  }

  get aborted(): boolean {
    return this.request.signal.aborted;
  }

  /** Reports upload progress of `loaded` chunk bytes (framing is added as a real body has it). */
  progress(loaded: number): void {
    const framing = 500;
    const size = this.file?.size ?? 0;
    this.request.onProgress?.(loaded === size ? size + framing : loaded, size + framing);
  }

  /** Answers with `body` as JSON (a string is sent as it is). */
  respond(body: unknown, status = 200, retryAfter: string | null = null): void {
    this.settled = true;
    this.settle({ status, text: typeof body === 'string' ? body : JSON.stringify(body), retryAfter });
  }

  /** The connection fails with no answer. */
  fail(): void {
    this.settled = true;
    this.settle(new Error('connection reset'));
  }
}

export class FakeTransport {
  /** Every request the engine sent, in order. */
  readonly log: FakeRequest[] = [];
  private unclaimed: FakeRequest[] = [];
  private waiters: ((r: FakeRequest) => void)[] = [];

  readonly transport: Transport = (request) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const r = new FakeRequest(request, (a) => (a instanceof Error ? reject(a) : resolve(a)));
      this.log.push(r);
      const waiter = this.waiters.shift();
      if (waiter) waiter(r);
      else this.unclaimed.push(r);
    });

  /** The next request the engine sends (already sent ones first). */
  nextRequest(timeoutMs = 2000): Promise<FakeRequest> {
    const r = this.unclaimed.shift();
    if (r) return Promise.resolve(r);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no request within ${timeoutMs} ms (sent so far: ${this.log.map((l) => l.name).join(', ')})`));
      }, timeoutMs);
      const waiter = (req: FakeRequest) => {
        clearTimeout(timer);
        resolve(req);
      };
      this.waiters.push(waiter);
    });
  }

  /** The next `n` requests. */
  async nextRequests(n: number): Promise<FakeRequest[]> {
    const out: FakeRequest[] = [];
    while (out.length < n) out.push(await this.nextRequest());
    return out;
  }

  /** Requests sent but not yet taken by `nextRequest()`. */
  get waiting(): FakeRequest[] {
    return [...this.unclaimed];
  }
}

/** Lets pending promise chains and zero-delay timers run, so "nothing else was sent" can be checked. */
export const settle = (ms = 20) => new Promise((r) => setTimeout(r, ms));

export const token = (id: string, status: number, uploadedFileSize?: number, fileSize?: number) => ({
  id, status, ...(uploadedFileSize != null && { uploadedFileSize }), ...(fileSize != null && { fileSize }), objectType: 'KalturaUploadToken',
});

export const exception = (code: string, args: Record<string, string> | [] = []) => ({ code, message: `${code} happened`, objectType: 'KalturaAPIException', args });

export const mediaEntry = (id: string, fields: Record<string, unknown> = {}) => ({ id, status: 7, ...fields, objectType: 'KalturaMediaEntry' });
