// What an API action sees: the server's parts, the caller's session, and its log line.
import type { ParamSpec } from './arguments.ts';
import type { FaultController } from '../control/faults.ts';
import type { KeyedLock } from '../state/keyed-lock.ts';
import type { ServerOptions } from './options.ts';
import type { LoggedRequest } from '../control/types.ts';
import type { Sessions } from '../state/sessions.ts';
import type { MetadataProfiles } from '../state/metadata-profiles.ts';
import type { Store } from '../state/store.ts';
import type { TokenSignal } from '../state/token-signal.ts';

export interface ServerParts {
  options: ServerOptions;
  store: Store;
  locks: KeyedLock;
  faults: FaultController;
  sessions: Sessions;
  /** Wakes final chunks waiting for a token's missing chunks. */
  tokenChanged: TokenSignal;
  /** Custom-metadata profiles (seeded, from the data dir, added by tests or the dev route). */
  metadataProfiles: MetadataProfiles;
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
  /** `http://host:port` the request came to: the base of the URLs entries carry (thumbnailUrl, dataUrl). */
  origin: string;
  /** The request may use the admin secret (core/origin-policy.ts). */
  trusted: boolean;
}

export interface ActionDef {
  params: readonly ParamSpec[];
  /** session.start: any KS sent along is not read. */
  ksIgnored?: boolean;
  run(ctx: CallContext, args: Record<string, unknown>): Promise<unknown>;
}

export type ServiceDef = Record<string, ActionDef>;
