// Fault injection for tests and the demo: rules that make the server misbehave the way real
// networks and real Kaltura do. Off by default; only test commands (wtr) and the demo's dev route
// can set rules, never an API call.
//
// A rule's format and what each kind does are documented on `FaultRule` and `FaultKind`
// (types.ts, shared with the browser side); this file keeps the active rules, matches them to
// calls and counts how often each fired.
import { isErrorCode } from '../core/errors.ts';
import type { FaultKind, FaultRule } from './types.ts';

/** Every kind once (a record, so the compiler notices a kind added to `FaultKind` and not here). */
const KINDS: Record<FaultKind, true> = {
  drop: true, http500: true, http503: true, http429: true, stall: true,
  latency: true, slowMerge: true, expireKs: true, bandwidth: true, loseAnswer: true, exception: true, emptyBody: true, failConversion: true,
  hostileUrls: true, runTwice: true, gatewayTimeout: true,
};
const isFaultKind = (kind: unknown): kind is FaultKind => typeof kind === 'string' && Object.hasOwn(KINDS, kind);

/** What a rule is matched against. */
export interface CallInfo {
  service: string;
  action: string;
  finalChunk?: boolean;
  resume?: boolean;
}

interface ActiveRule extends FaultRule {
  setAt: number;
  fired: number;
}

/** How long to hold bytes just received before passing them on (bandwidth shaping). */
export type Pacer = (bytes: number) => number;

export class FaultController {
  private rules: ActiveRule[] = [];
  /** The link of each `shared` bandwidth rule. */
  private links = new WeakMap<FaultRule, Pacer>();

  /** Replaces every rule; throws on a malformed rule so a typo does not silently test nothing. */
  set(rules: readonly FaultRule[]): void {
    if (!Array.isArray(rules)) throw new TypeError('fault rules must be an array');
    this.rules = rules.map(activate);
  }

  /** Adds one rule and keeps the others (and what they have fired so far). */
  add(rule: FaultRule): void {
    this.rules.push(activate(rule));
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ setAt: _s, fired: _f, ...rule }) => rule);
  }

  /** The first rule of one of `kinds` that fires for this call (it counts as fired). */
  take(kinds: readonly FaultKind[], call: CallInfo): FaultRule | undefined {
    return this.rules.find((rule) => kinds.includes(rule.kind) && this.fires(rule, call));
  }

  /**
   * The pacer for a request that a `bandwidth` rule fired on: its own link, or the rule's one link
   * when `shared`. A link carries `bytesPerSecond`, first come first served.
   */
  pacer(rule: FaultRule): Pacer {
    const link = this.links.get(rule) ?? linkPacer(rule.bytesPerSecond!);
    if (rule.shared) this.links.set(rule, link);
    return link;
  }

  /** Sum of the `ms` of every latency rule that fires for this call. */
  latency(call: CallInfo): number {
    return this.rules.filter((r) => r.kind === 'latency' && this.fires(r, call)).reduce((sum, r) => sum + (r.ms ?? 0), 0);
  }

  /** Whether an expireKs rule refuses this call's KS. `issuedAt` is unknown for KSes issued before a restart. */
  ksExpired(call: CallInfo, issuedAt: number | undefined): boolean {
    return this.rules.some((rule) => {
      if (rule.kind !== 'expireKs') return false;
      if (rule.times === undefined && issuedAt !== undefined && issuedAt >= rule.setAt) return false;
      return this.fires(rule, call);
    });
  }

  private fires(rule: ActiveRule, call: CallInfo): boolean {
    if (rule.service && rule.service.toLowerCase() !== call.service) return false;
    if (rule.action && rule.action.toLowerCase() !== call.action) return false;
    if (rule.finalChunk !== undefined && rule.finalChunk !== call.finalChunk) return false;
    if (rule.resume !== undefined && rule.resume !== call.resume) return false;
    if (rule.times !== undefined && rule.fired >= rule.times) return false;
    if (rule.probability !== undefined && Math.random() >= rule.probability) return false;
    rule.fired++;
    return true;
  }
}

function activate(rule: FaultRule): ActiveRule {
  if (!isFaultKind(rule?.kind)) throw new TypeError(`unknown fault kind: ${JSON.stringify(rule?.kind)}`);
  if (rule.kind === 'bandwidth' && !(Number(rule.bytesPerSecond) > 0)) throw new TypeError('fault bandwidth: bytesPerSecond must be > 0');
  if (rule.kind === 'exception' && rule.code !== undefined && !isErrorCode(rule.code)) throw new TypeError(`fault exception: unknown code ${JSON.stringify(rule.code)}`);
  if (rule.kind === 'emptyBody' && rule.code !== undefined && !/^[\w-]+$/.test(String(rule.code))) throw new TypeError('fault emptyBody: code must be a word');
  // A conversion is no call: a rule naming one would silently never fire.
  if (rule.kind === 'failConversion' && (rule.service || rule.action || rule.finalChunk !== undefined)) {
    throw new TypeError('fault failConversion: matches conversions, not calls (no service, action or finalChunk)');
  }
  for (const key of ['probability', 'times', 'ms', 'retryAfter', 'bytesPerSecond', 'afterBytes', 'runs'] as const) {
    if (rule[key] !== undefined && (typeof rule[key] !== 'number' || !(rule[key] >= 0))) {
      throw new TypeError(`fault ${rule.kind}: ${key} must be a number ≥ 0`);
    }
  }
  return { ...rule, setAt: Date.now(), fired: 0 };
}

/**
 * A link of `bytesPerSecond`: bytes wait until the link has carried everything that came before
 * them. A link idle for a moment may catch up on the last 25 ms (a real link's queue would have
 * kept it busy): otherwise one request alone, whose next bytes arrive a little after the link
 * freed up, would lose those moments each time and never reach the link's rate.
 */
function linkPacer(bytesPerSecond: number): Pacer {
  const SLACK_MS = 25;
  let freeAt = 0;
  return (bytes) => {
    const now = Date.now();
    freeAt = Math.max(now - SLACK_MS, freeAt) + (bytes * 1000) / bytesPerSecond;
    return freeAt - now;
  };
}
