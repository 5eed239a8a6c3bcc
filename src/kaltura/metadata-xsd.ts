// Reading a custom-metadata profile's XSD and writing the XML `metadata_metadata.add` takes
// (kaltura-workflows.md section 4). Kaltura's profile editor writes one shape of XSD: an element
// `metadata` whose sequence lists the fields, each with `minOccurs` (1 = required), `maxOccurs`
// (`unbounded` = several values), a `type` (`textType`, `dateType`, `objectType`) or a
// `listType` restriction with its enumeration values, and an `appinfo` with the field's label.
// The XML has one element per value, in the XSD's order (Kaltura validates against it), dates
// as Unix seconds, values XML-escaped. No DOMParser: this runs in workers and in the engine too.

/** One field of a profile, in the profile's order. */
export interface MetadataField {
  /** The element name: the key of `customMetadata.fields`. */
  name: string;
  /** What people see (the appinfo `label`, else the name). */
  label: string;
  /** `text` (one line), `textarea` (free text), `date` (Unix seconds), `list` (one of `values`), `number`. */
  kind: 'text' | 'textarea' | 'date' | 'list' | 'number';
  /** minOccurs ≥ 1. */
  required: boolean;
  /** maxOccurs `unbounded` or > 1: values repeat the element. */
  multiple: boolean;
  /** A list's allowed values. */
  values?: string[];
  description?: string;
}

/** A value the caller gives a field: text, a list's choices, a number, or a date (or several of them). */
export type MetadataValue = string | number | Date | ReadonlyArray<string | number | Date>;

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(Number(e[1] === 'x' || e[1] === 'X' ? `0${e.slice(1)}` : e.slice(1))) : (ENTITIES[e] ?? m));

/** A small, forgiving XML reader: elements, attributes, text, CDATA; comments and declarations skipped. */
function parseXml(xml: string): XmlNode {
  const root: XmlNode = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  const token = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<(\/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (let m; (m = token.exec(xml)); ) {
    const top = stack[stack.length - 1]!;
    if (m[1] !== undefined) top.text += m[1];
    else if (m[6] !== undefined) top.text += unescape(m[6]);
    else if (m[3] && m[2]) {
      if (stack.length > 1 && localName(top.name) === localName(m[3])) stack.pop();
    } else if (m[3]) {
      const attrs: Record<string, string> = {};
      for (const a of (m[4] ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[localName(a[1]!)] = unescape(a[2] ?? a[3] ?? '');
      const node: XmlNode = { name: m[3], attrs, children: [], text: '' };
      top.children.push(node);
      if (!m[5]) stack.push(node);
    }
  }
  return root;
}

const childrenNamed = (node: XmlNode, name: string) => node.children.filter((c) => localName(c.name) === name);
function find(node: XmlNode, test: (n: XmlNode) => boolean): XmlNode | undefined {
  for (const child of node.children) {
    if (test(child)) return child;
    const found = find(child, test);
    if (found) return found;
  }
  return undefined;
}
const textOf = (node: XmlNode | undefined, name: string) => (node && find(node, (n) => localName(n.name) === name)?.text.trim()) || undefined;

/** The fields of a profile's XSD, in its order; [] when it has none (or is not one). */
export function metadataFields(xsd: string): MetadataField[] {
  const metadata = find(parseXml(xsd), (n) => localName(n.name) === 'element' && n.attrs.name === 'metadata');
  const sequence = metadata && find(metadata, (n) => localName(n.name) === 'sequence');
  if (!sequence) return [];
  return childrenNamed(sequence, 'element').filter((e) => e.attrs.name).map((e) => {
    const appinfo = find(e, (n) => localName(n.name) === 'appinfo');
    const restriction = find(e, (n) => localName(n.name) === 'restriction');
    const values = restriction && childrenNamed(restriction, 'enumeration').map((v) => v.attrs.value ?? '');
    const type = localName(e.attrs.type ?? restriction?.attrs.base ?? '');
    const max = e.attrs.maxOccurs ?? '1';
    const kind: MetadataField['kind'] =
      values?.length || type === 'listType' ? 'list'
      : type === 'dateType' ? 'date'
      : /^(int|integer|long|decimal|float|double)$/.test(type) ? 'number'
      : type === 'objectType' ? 'text'
      : 'textarea';
    const field: MetadataField = {
      name: e.attrs.name!,
      label: textOf(appinfo, 'label') || textOf(appinfo, 'key') || e.attrs.name!,
      kind,
      // XSD's default minOccurs is 1; Kaltura's editor always writes it.
      required: Number(e.attrs.minOccurs ?? '1') >= 1,
      multiple: max === 'unbounded' || Number(max) > 1,
    };
    if (kind === 'list') field.values = values ?? [];
    const description = textOf(appinfo, 'description');
    if (description) field.description = description;
    return field;
  });
}

export const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** A date as Kaltura stores it: Unix seconds (a number is taken as seconds already; text is parsed). */
export function unixSeconds(value: string | number | Date): string {
  if (value instanceof Date) return String(Math.floor(value.getTime() / 1000));
  if (typeof value === 'number' || /^\s*-?\d+\s*$/.test(value)) return String(Math.trunc(Number(value)));
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : String(Math.floor(ms / 1000));
}

const valuesOf = (value: MetadataValue | undefined): Array<string | number | Date> =>
  value == null ? [] : Array.isArray(value) ? [...value] : [value as string | number | Date];

/** Values given for a field that has no place in the profile (their names), so nothing is sent silently wrong. */
export const unknownFields = (fields: MetadataField[], values: Record<string, unknown>) =>
  Object.keys(values).filter((name) => !fields.some((f) => f.name === name));

/** `<metadata>…</metadata>` for `values`, in the profile's order; empty values are left out. */
export function metadataXml(fields: MetadataField[], values: Record<string, MetadataValue | undefined>): string {
  let xml = '<metadata>';
  for (const field of fields) {
    for (const v of valuesOf(values[field.name])) {
      const text = field.kind === 'date' ? unixSeconds(v) : v instanceof Date ? unixSeconds(v) : String(v);
      if (text.trim() !== '') xml += `<${field.name}>${escapeXml(text)}</${field.name}>`;
    }
  }
  return `${xml}</metadata>`;
}

/** The values of a metadata XML, by field name (each field's values in order). */
export function metadataValues(xml: string): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  const metadata = find(parseXml(xml), (n) => localName(n.name) === 'metadata');
  for (const c of metadata?.children ?? []) (values[c.name] ??= []).push(c.text);
  return values;
}

/** What is wrong with a field's values before they are sent: `required`, `notInList`, `notADate`, `notANumber`; undefined when fine. */
export function fieldProblem(field: MetadataField, value: MetadataValue | undefined): 'required' | 'notInList' | 'notADate' | 'notANumber' | undefined {
  const given = valuesOf(value).filter((v) => v instanceof Date || String(v).trim() !== '');
  if (!given.length) return field.required ? 'required' : undefined;
  for (const v of given) {
    if (field.kind === 'list' && !field.values!.includes(String(v))) return 'notInList';
    if (field.kind === 'date' && !/^-?\d+$/.test(unixSeconds(v))) return 'notADate';
    if (field.kind === 'number' && !Number.isFinite(Number(v))) return 'notANumber';
  }
  return undefined;
}
