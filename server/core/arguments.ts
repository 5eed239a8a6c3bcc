// Turns the raw parameter map into typed action arguments, with KalturaRequestDeserializer's casting
// rules and errors: PHP-style casts for scalars, enum checks (INVALID_ENUM_VALUE), objects built
// from nested maps with `objectType` choosing a subclass, unknown properties ignored, `__null`
// suffixes, files checked to be real uploads (UPLOAD_ERROR), MISSING_MANDATORY_PARAMETER.
import { ApiError } from './errors.ts';
import { isMap, UploadedFile, type ParamMap } from './request-params.ts';

export interface EnumType {
  kind: 'enum';
  name: string;
  values: readonly number[];
}

export interface ObjectType {
  kind: 'object';
  name: string;
  abstract?: boolean;
  properties: Record<string, PropertySpec>;
  /** Classes a request may name in `objectType` instead of this one. */
  subclasses?: () => readonly ObjectType[];
}

export type ScalarType = 'string' | 'int' | 'float' | 'bool';
export type ParamType = ScalarType | 'file' | EnumType | ObjectType;

export interface PropertySpec {
  type: ScalarType | EnumType;
  /** 'readonly': never writable; 'insert': only on add; 'update': any time (default). */
  access?: 'readonly' | 'insert' | 'update';
}

export interface ParamSpec {
  name: string;
  type: ParamType;
  optional?: boolean;
  default?: unknown;
}

/** A built API object: its class and the properties the request set (null = `__null`). */
export interface ApiObject {
  type: ObjectType;
  values: Record<string, unknown>;
}

export const enumType = (name: string, values: readonly number[]): EnumType => ({ kind: 'enum', name, values });

/** Builds the argument record for an action, in declaration order (the order errors are raised in). */
export function buildArguments(specs: readonly ParamSpec[], params: ParamMap): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const spec of specs) {
    const present = Object.hasOwn(params, spec.name) && params[spec.name] !== null;
    const raw = params[spec.name];
    const type = spec.type;
    if (!present) {
      if (!spec.optional) throw new ApiError('MISSING_MANDATORY_PARAMETER', spec.name);
      args[spec.name] = spec.default ?? null;
    } else if (type === 'file') {
      if (!(raw instanceof UploadedFile) || !raw.valid) throw new ApiError('UPLOAD_ERROR');
      args[spec.name] = raw;
    } else if (typeof type === 'string') {
      args[spec.name] = castScalar(type, raw, spec.name);
    } else if (type.kind === 'enum') {
      args[spec.name] = castEnum(type, raw, spec.name);
    } else {
      args[spec.name] = buildObject(type, raw, spec.name);
    }
  }
  return args;
}

/** PHP casts: (int), (float), (string), and bool where the string "false" is false. */
export function castScalar(type: ScalarType, value: unknown, name: string): string | number | boolean {
  switch (type) {
    case 'int':
      return Math.trunc(toNumber(value));
    case 'float':
      return toNumber(value);
    case 'bool':
      if (typeof value === 'string') return value.toLowerCase() === 'false' ? false : value !== '' && value !== '0';
      if (isMap(value)) return Object.keys(value).length > 0;
      return Boolean(value);
    case 'string': {
      const text = isMap(value) || Array.isArray(value) ? 'Array' : value instanceof UploadedFile ? 'Array' : String(value);
      // Characters XML cannot carry are refused (kXml::isXMLValidContent).
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) {
        throw new ApiError('INVALID_PARAMETER_CHAR', name);
      }
      return text;
    }
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return 0;
  // PHP reads the leading numeric part: "12abc" → 12, "abc" → 0.
  const match = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(value);
  return match ? Number(match[0]) : 0;
}

function castEnum(type: EnumType, value: unknown, name: string): number {
  let v = value;
  if (typeof v === 'string' && v.toLowerCase() === 'true') v = 1;
  if (typeof v === 'string' && v.toLowerCase() === 'false') v = 0;
  if (typeof v === 'boolean') v = v ? 1 : 0;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!type.values.includes(n)) throw new ApiError('INVALID_ENUM_VALUE', enumText(value), name, type.name);
  return n;
}

const enumText = (value: unknown): string => (isMap(value) || Array.isArray(value) ? 'Array' : String(value));

function buildObject(declared: ObjectType, raw: unknown, name: string): ApiObject {
  if (!isMap(raw)) throw new ApiError('PROPERTY_VALIDATION_WRONG_FORMAT', name, 'array');
  let type = declared;
  const requested = typeof raw.objectType === 'string' ? raw.objectType.toLowerCase() : undefined;
  if (requested && requested !== declared.name.toLowerCase()) {
    type = declared.subclasses?.().find((t) => t.name.toLowerCase() === requested) ?? declared;
  }
  if (type.abstract) throw new ApiError('OBJECT_TYPE_ABSTRACT', type.name);
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const isNull = key.endsWith('__null');
    const prop = isNull ? key.slice(0, -'__null'.length) : key;
    const spec = Object.hasOwn(type.properties, prop) ? type.properties[prop] : undefined;
    if (!spec) continue; // unknown properties are ignored
    if (isNull) values[prop] = null;
    else if (value === null) continue;
    else if (typeof spec.type === 'string') values[prop] = castScalar(spec.type, value, prop);
    else values[prop] = castObjectEnum(spec.type, value, prop);
  }
  return { type, values };
}

/** KalturaNullableBoolean takes '' as 0 and becomes a boolean (-1 → null), as buildObject does. */
function castObjectEnum(type: EnumType, value: unknown, name: string): number | boolean | null {
  if (type.name !== 'KalturaNullableBoolean') return castEnum(type, value, name);
  const n = castEnum(type, value === '' ? 0 : value, name);
  return n === -1 ? null : n === 1;
}

/**
 * toInsertableObject / toUpdatableObject: a set property that is read-only (or insert-only, on
 * update) gives PROPERTY_VALIDATION_NOT_UPDATABLE with `Class::property`.
 */
export function assertWritable(object: ApiObject, mode: 'insert' | 'update'): void {
  for (const [prop, value] of Object.entries(object.values)) {
    if (value === null && mode === 'insert') continue;
    const access = object.type.properties[prop]?.access ?? 'update';
    if (access === 'readonly' || (access === 'insert' && mode === 'update')) {
      throw new ApiError('PROPERTY_VALIDATION_NOT_UPDATABLE', `${object.type.name}::${prop}`);
    }
  }
}
