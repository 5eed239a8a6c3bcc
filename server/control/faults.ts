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
};
const isFaultKind = (kind: unknown): kind is FaultKind => typeof kind === 'string' && Object.hasOwn(KINDS, kind);

/** What a rule is matched against. */
export interface CallInfo {
  service: string;
  action: string;
  finalChunk?: boolean;
}

interface ActiveRule extends FaultRule {
  setAt: number;
  fired: number;
}

export class FaultController {
  private rules: ActiveRule[] = [];

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
  for (const key of ['probability', 'times', 'ms', 'retryAfter', 'bytesPerSecond'] as const) {
    if (rule[key] !== undefined && (typeof rule[key] !== 'number' || !(rule[key] >= 0))) {
      throw new TypeError(`fault ${rule.kind}: ${key} must be a number ≥ 0`);
    }
  }
  return { ...rule, setAt: Date.now(), fired: 0 };
}
