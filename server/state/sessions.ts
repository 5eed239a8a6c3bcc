// session.start and KS validation for the one partner this server hosts (kSessionUtils,
// kCurrentContext, kSessionBase::isValid): secrets, expiry cap, and the INVALID_KS arguments a
// client sees.
import { createHash } from 'node:crypto';
import { ApiError } from '../core/errors.ts';
import { parseKs, SessionType, signKs, type Ks } from './ks.ts';
import type { ServerOptions } from '../core/options.ts';

export interface StartSessionArgs {
  secret: string;
  userId: string;
  type: number;
  partnerId: number | null;
  expiry: number;
  privileges: string | null;
  /** False for a browser page of another origin (core/origin-policy.ts): the admin secret opens nothing for it. */
  trusted?: boolean;
}

export class Sessions {
  /** When this process issued each KS (by hash), for the expireKs fault. */
  private issued = new Map<string, number>();

  constructor(private readonly options: () => ServerOptions) {}

  start(args: StartSessionArgs): string {
    const { partnerId, adminSecret, userSecret, maxKsExpirySeconds } = this.options();
    const secretOk = (args.secret === adminSecret && args.trusted !== false) || (args.type === SessionType.USER && args.secret === userSecret);
    if (args.partnerId !== partnerId || !secretOk) throw new ApiError('START_SESSION_ERROR', args.partnerId);
    const expiry = Math.min(args.expiry, maxKsExpirySeconds);
    const ks = signKs(
      {
        partnerId,
        type: args.type,
        userId: args.userId,
        validUntil: Math.floor(Date.now() / 1000) + expiry,
        privileges: args.privileges ?? '',
      },
      adminSecret,
    );
    if (this.issued.size > 100_000) this.issued.clear();
    this.issued.set(hash(ks), Date.now());
    return ks;
  }

  /** Opens a KS; a malformed, foreign or badly signed one is INVALID_KS with the KS as KSID and -1,INVALID_STR. */
  open(ks: string): Ks {
    const { partnerId, adminSecret } = this.options();
    const parsed = parseKs(ks, (id) => (id === partnerId ? adminSecret : undefined));
    if (!parsed) throw new ApiError('INVALID_KS', ks, -1, 'INVALID_STR');
    return parsed;
  }

  /** Expired (validUntil ≤ now) reads as Kaltura's permission manager reports it: KSID "EXPIRED". */
  checkValid(ks: Ks, forceExpired = false): void {
    if (forceExpired || ks.validUntil <= Math.floor(Date.now() / 1000)) throw new ApiError('INVALID_KS', 'EXPIRED', -1, 'INVALID_STR');
  }

  issuedAt(ks: string): number | undefined {
    return this.issued.get(hash(ks));
  }
}

const hash = (ks: string): string => createHash('sha1').update(ks).digest('hex');
