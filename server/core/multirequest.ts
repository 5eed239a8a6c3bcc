// KalturaFrontController::handleMultiRequest: sub-requests keyed by index run in order from the
// lowest index until one lacks service/action; top-level ks/clientTag/partnerId are inherited; a
// string containing `{N:result:prop:sub}` gets the N-th executed result's property (N counts from
// 1, whatever the key base); a failed request yields its exception in place. A reference that
// finds nothing (the result failed, or has no such property, or it is empty, 0 or false) fails the
// request holding it with MISSING_MANDATORY_PARAMETER, without running it
// (KalturaFrontController::replaceMultiRequestResults: `if(!$valueFromObject) throw`), so a call can
// be made to depend on an earlier one's success. One holding more than LIMITS.multiRequestCalls
// calls is refused whole.
import { LIMITS } from './body-limits.ts';
import { ApiError, DieError } from './errors.ts';
import { groupParams, isMap, type ParamMap } from './request-params.ts';
import { apiValue } from './serializer.ts';

const INHERITED = ['ks', 'clientTag', 'partnerId'] as const;

/**
 * Runs the calls in order; `runOne` gets each call's parameters and its position (1 = first). A
 * DieError ends the whole request; too many calls are refused before any runs.
 */
export async function runMultiRequest(params: ParamMap, runOne: (params: ParamMap, item: number) => Promise<unknown>): Promise<unknown[] | ApiError> {
  const requests = new Map<number, unknown>();
  for (const [key, value] of Object.entries(params)) if (/^\d+$/.test(key)) requests.set(Number(key), value);
  if (requests.size > LIMITS.multiRequestCalls) return new ApiError('MULTIREQUEST_TOO_LARGE', LIMITS.multiRequestCalls);
  const indexes = [...requests.keys()];
  const first = Math.min(1, ...indexes);
  const last = Math.max(1, ...indexes);
  const results: unknown[] = [];
  for (let i = first; i <= last; i++) {
    const request = requests.get(i);
    if (!isMap(request) || request.service == null || request.action == null) break;
    const sub: ParamMap = { ...request };
    for (const name of INHERITED) if (sub[name] == null && params[name] != null) sub[name] = params[name];
    delete sub.format;
    let result: unknown;
    try {
      const resolved = resolveReferences(sub, results) as ParamMap;
      result = await runOne(groupParams(resolved), results.length + 1);
    } catch (error) {
      if (error instanceof DieError) throw error;
      result = error instanceof ApiError ? error : new ApiError('INTERNAL_SERVERL_ERROR');
    }
    results.push(result);
  }
  return results;
}

function resolveReferences(value: unknown, results: readonly unknown[]): unknown {
  if (typeof value === 'string') return resolveString(value, results);
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, results));
  if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, results)]));
  return value;
}

function resolveString(text: string, results: readonly unknown[]): string {
  const match = /\{([0-9]+):result:?(.*)?\}/.exec(text);
  if (!match) return text;
  const index = Number(match[1]);
  if (index < 1 || index > results.length) return text; // not executed (yet): left as is
  const result = results[index - 1];
  const path = (match[2] ?? '').split(':').filter((p) => p !== '');
  const value = referenceText(result instanceof ApiError ? undefined : apiValue(result), path);
  // PHP's `!$value`: '', '0' (and so 0, false) count as nothing found.
  if (value === '' || value === '0') throw new ApiError('MISSING_MANDATORY_PARAMETER', match[0]);
  return text.replace(match[0], () => value);
}

function referenceText(value: unknown, path: string[]): string {
  let current = value;
  for (const key of path) current = isMap(current) || Array.isArray(current) ? (current as Record<string, unknown>)[key] : undefined;
  if (typeof current === 'string' || typeof current === 'number') return String(current);
  if (current === true) return '1';
  return '';
}
