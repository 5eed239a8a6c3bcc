// Response bodies as KalturaJsonSerializer / KalturaXmlSerializer write them: null properties
// omitted, `objectType` last on every object (JSON) or first (XML), errors as KalturaAPIException.
import { ApiError, exceptionBody } from './errors.ts';

/** KalturaResponseType values this server can write. */
export const ResponseFormat = { JSON: 1, XML: 2, JSONP: 9 } as const;

export interface Serialized {
  contentType: string;
  body: string;
}

/** Drops null/undefined properties and moves `objectType` to the end, recursively. */
export function apiValue(value: unknown): unknown {
  if (value instanceof ApiError) return exceptionBody(value);
  if (Array.isArray(value)) return value.map(apiValue);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  let objectType: unknown;
  for (const [key, v] of Object.entries(value)) {
    if (v == null) continue;
    if (key === 'objectType') objectType = v;
    else out[key] = apiValue(v);
  }
  if (objectType !== undefined) out.objectType = objectType;
  return out;
}

/**
 * Serializes a result (an object, scalar, null for void, an ApiError, or for multirequest an array
 * of those). Returns undefined for a format this server does not write.
 */
export function serialize(result: unknown, format: number, callback?: string): Serialized | undefined {
  switch (format) {
    case ResponseFormat.JSON:
      return { contentType: 'application/json', body: JSON.stringify(apiValue(result) ?? null) };
    case ResponseFormat.JSONP:
      if (!callback || !/^[0-9_a-zA-Z.]*$/.test(callback)) return undefined;
      return { contentType: 'application/javascript', body: `${callback}(${JSON.stringify(apiValue(result) ?? null)});` };
    case ResponseFormat.XML:
      return {
        contentType: 'text/xml',
        body: `<?xml version="1.0" encoding="utf-8"?><xml><result>${xml(result)}</result><executionTime>0</executionTime></xml>`,
      };
    default:
      return undefined;
  }
}

function xml(value: unknown): string {
  if (value instanceof ApiError) {
    const args = Object.entries(value.args)
      .map(([n, v]) => `<item><objectType>KalturaApiExceptionArg</objectType><name>${esc(n)}</name><value>${esc(v)}</value></item>`)
      .join('');
    return `<error><code>${esc(value.code)}</code><message>${esc(value.message)}</message><objectType>KalturaAPIException</objectType><args>${args}</args></error>`;
  }
  if (Array.isArray(value)) return value.map((v) => `<item>${xml(v)}</item>`).join('');
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value !== 'object') return esc(String(value));
  const entries = Object.entries(value).filter(([k, v]) => v != null && k !== 'objectType');
  const type = (value as { objectType?: string }).objectType;
  return (type ? `<objectType>${esc(type)}</objectType>` : '') + entries.map(([k, v]) => `<${k}>${xml(v)}</${k}>`).join('');
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
