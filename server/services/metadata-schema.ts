// What kMetadataManager::validateMetadata does with libxml, for the XSDs Kaltura's profile editor
// writes: the XML must be well formed, have a `metadata` root whose children follow the profile's
// sequence (order, minOccurs, maxOccurs), list values must be in the enumeration and dates
// (`dateType`, an xsd:long) whole numbers. Errors read as libxml's do, for INVALID_METADATA_DATA.

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);
const unescape = (t: string) =>
  t.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(Number(e[1] === 'x' ? `0x${e.slice(2)}` : e.slice(1))) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!);

/** A strict reader: throws libxml-like text for XML that is not well formed. */
export function readXml(xml: string): Node {
  const root: Node = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: Node[] = [root];
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  for (let m; (m = re.exec(xml)); ) {
    const top = stack[stack.length - 1]!;
    if (m[7]) throw new Error(`StartTag: invalid element name at offset ${m.index}`);
    if (m[1] !== undefined) top.text += m[1];
    else if (m[6] !== undefined) {
      if (top === root && m[6].trim()) throw new Error("Start tag expected, '<' not found");
      if (/&(?!(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);)/.test(m[6])) throw new Error("xmlParseEntityRef: no name");
      top.text += unescape(m[6]);
    } else if (m[3] && m[2]) {
      if (top === root || top.name !== m[3]) throw new Error(`Opening and ending tag mismatch: ${top.name} and ${m[3]}`);
      stack.pop();
    } else if (m[3]) {
      if (top === root && root.children.length) throw new Error('Extra content at the end of the document');
      const attrs: Record<string, string> = {};
      for (const a of (m[4] ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[local(a[1]!)] = unescape(a[2] ?? a[3] ?? '');
      const node: Node = { name: m[3], attrs, children: [], text: '' };
      top.children.push(node);
      if (!m[5]) stack.push(node);
    }
  }
  if (stack.length > 1) throw new Error(`Premature end of data in tag ${stack[stack.length - 1]!.name}`);
  if (!root.children.length) throw new Error("Start tag expected, '<' not found");
  return root.children[0]!;
}

interface FieldRule {
  name: string;
  min: number;
  max: number;
  type: string;
  values?: string[];
}

function find(node: Node, test: (n: Node) => boolean): Node | undefined {
  for (const c of node.children) {
    if (test(c)) return c;
    const f = find(c, test);
    if (f) return f;
  }
  return undefined;
}

/** The profile's fields, in order (the `metadata` element's sequence). */
export function schemaFields(xsd: string): FieldRule[] {
  const schema = readXml(xsd);
  const metadata = find(schema, (n) => local(n.name) === 'element' && n.attrs.name === 'metadata');
  const sequence = metadata && find(metadata, (n) => local(n.name) === 'sequence');
  return (sequence?.children ?? []).filter((c) => local(c.name) === 'element' && c.attrs.name).map((e) => {
    const restriction = find(e, (n) => local(n.name) === 'restriction');
    const enumeration = restriction?.children.filter((c) => local(c.name) === 'enumeration').map((c) => c.attrs.value ?? '');
    const max = e.attrs.maxOccurs ?? '1';
    return {
      name: e.attrs.name!, min: Number(e.attrs.minOccurs ?? '1'), max: max === 'unbounded' ? Infinity : Number(max),
      type: local(e.attrs.type ?? restriction?.attrs.base ?? 'textType'), values: enumeration?.length ? enumeration : undefined,
    };
  });
}

/** libxml's errors for `xml` against the profile (empty when valid). */
export function validateMetadata(xsd: string, xml: string): string[] {
  let doc: Node;
  try {
    doc = readXml(xml);
  } catch (error) {
    return [(error as Error).message];
  }
  if (doc.name !== 'metadata') return [`Element '${doc.name}': No matching global declaration available for the validation root.`];
  const fields = schemaFields(xsd);
  const errors: string[] = [];
  const counts = fields.map(() => 0);
  let at = 0;
  for (const child of doc.children) {
    while (at < fields.length && fields[at]!.name !== child.name && counts[at]! >= fields[at]!.min) at++;
    const field = fields[at];
    if (!field || field.name !== child.name || counts[at]! >= field.max) {
      const expected = fields.slice(at).filter((f, i) => counts[at + i]! < f.max).map((f) => f.name);
      errors.push(`Element '${child.name}': This element is not expected.${expected.length ? ` Expected is ( ${expected[0]} ).` : ''}`);
      return errors;
    }
    counts[at]!++;
    const value = child.text;
    if (child.children.length) errors.push(`Element '${child.name}': Element content is not allowed, because the content type is a simple type.`);
    else if (field.values && !field.values.includes(value)) {
      errors.push(`Element '${child.name}': [facet 'enumeration'] The value '${value}' is not an element of the set {${field.values.map((v) => `'${v}'`).join(', ')}}.`);
    } else if (field.type === 'dateType' && !/^\s*[+-]?\d+\s*$/.test(value)) {
      errors.push(`Element '${child.name}': '${value}' is not a valid value of the atomic type 'xs:long'.`);
    }
  }
  const missing = fields.find((f, i) => counts[i]! < f.min);
  if (missing && !errors.length) errors.push(`Element 'metadata': Missing child element(s). Expected is ( ${missing.name} ).`);
  return errors;
}
