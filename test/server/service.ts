// What an API action sees: the server's parts, the caller's session, and its log line.
import type { ParamSpec } from './arguments.ts';
import type { FaultController } from './faults.ts';
import type { KeyedLock } from './keyed-lock.ts';
import type { ServerOptions } from './options.ts';
import type { LoggedRequest } from './request-log.ts';
import type { Sessions } from './sessions.ts';
import type { Store } from './store.ts';

export interface ServerParts {
  options: ServerOptions;
  store: Store;
  locks: KeyedLock;
  faults: FaultController;
  sessions: Sessions;
  /** Wakes final chunks waiting for a token's missing chunks. */
  tokenChanged: TokenSignal;
}

export interface Session {
  partnerId: number;
  userId: string;
  isAdmin: boolean;
  /** KS privileges (`edit:*` → edit: ['*']); empty for actions that ignore the KS. */
  privileges: Map<string, string[]>;
}

export interface CallContext {
  server: ServerParts;
  /** From the validated KS (anonymous for `ksIgnored` actions). */
  session: Session;
  log: LoggedRequest | undefined;
}

export interface ActionDef {
  params: readonly ParamSpec[];
  /** session.start: any KS sent along is not read. */
  ksIgnored?: boolean;
  run(ctx: CallContext, args: Record<string, unknown>): Promise<unknown>;
}

export type ServiceDef = Record<string, ActionDef>;

/** One waitable signal per token id. */
export class TokenSignal {
  private waiters = new Map<string, Set<() => void>>();

  notify(id: string): void {
    const set = this.waiters.get(id);
    this.waiters.delete(id);
    set?.forEach((wake) => wake());
  }

  /** Resolves on the next notify for `id`, or after `ms`. */
  wait(id: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.get(id)?.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      if (!this.waiters.has(id)) this.waiters.set(id, new Set());
      this.waiters.get(id)!.add(wake);
    });
  }
}
