// Kaltura Session strings, version 2, as kaltura/server's kSessionBase builds and reads them:
//   base64url("v2|" + partnerId + "|" + AES-128-CBC(key = sha1(adminSecret)[0..16], iv = 16 zero
//   bytes, zero padding)(sha1(R + F) + R + F))
// where R is 16 random bytes and F the URL-encoded fields: privileges as name=value, then
// _e (valid until, unix seconds), _t (type), _u (user id).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const SessionType = { USER: 0, ADMIN: 2 } as const;

export interface KsFields {
  partnerId: number;
  /** 0 USER, 2 ADMIN */
  type: number;
  userId: string;
  /** Unix seconds. */
  validUntil: number;
  /** Comma list as given to session.start, e.g. `edit:*,sview:0_abc`. */
  privileges: string;
}

export interface Ks extends KsFields {
  /** Parsed privileges: name → values (`edit:a/b` → ['a', 'b']). */
  privilegeMap: Map<string, string[]>;
}

const sha1 = (data: Buffer | string): Buffer => createHash('sha1').update(data).digest();
const aesKey = (secret: string): Buffer => sha1(secret).subarray(0, 16);
const ZERO_IV = Buffer.alloc(16);

export function signKs(fields: KsFields, adminSecret: string): string {
  const query = new URLSearchParams();
  for (const raw of fields.privileges.split(',')) {
    const privilege = raw.trim() === '*' ? 'all:*' : raw.trim();
    if (!privilege) continue;
    const at = privilege.indexOf(':');
    query.append(at < 0 ? privilege : privilege.slice(0, at), at < 0 ? '' : privilege.slice(at + 1));
  }
  query.append('_e', String(fields.validUntil));
  query.append('_t', String(fields.type));
  query.append('_u', fields.userId);
  // PHP's http_build_query encodes `*` (URLSearchParams leaves it): keep the exact wire form.
  const signed = Buffer.concat([randomBytes(16), Buffer.from(query.toString().replace(/\*/g, '%2A'))]);
  const plain = Buffer.concat([sha1(signed), signed]);
  // Zero padding to a whole block, always at least one byte (KCryptoWrapper::encrypt_aes).
  const padded = Buffer.concat([plain, Buffer.alloc(16 - (plain.length % 16))]);
  const cipher = createCipheriv('aes-128-cbc', aesKey(adminSecret), ZERO_IV).setAutoPadding(false);
  const encrypted = Buffer.concat([cipher.update(padded), cipher.final()]);
  const ks = Buffer.concat([Buffer.from(`v2|${fields.partnerId}|`), encrypted]);
  return ks.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * Opens and verifies a v2 KS. Returns null when it is malformed, for an unknown partner, or not
 * signed with that partner's secret (Kaltura's INVALID_STR). Expiry is checked by the caller.
 */
export function parseKs(ks: string, secretOf: (partnerId: number) => string | undefined): Ks | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(ks)) return null;
  const decoded = Buffer.from(ks.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  const head = /^v2\|(\d{1,12})\|/.exec(decoded.subarray(0, 20).toString('latin1'));
  if (!head) return null;
  const partnerId = Number(head[1]);
  const secret = secretOf(partnerId);
  const encrypted = decoded.subarray(head[0].length);
  if (!secret || encrypted.length === 0 || encrypted.length % 16) return null;
  const decipher = createDecipheriv('aes-128-cbc', aesKey(secret), ZERO_IV).setAutoPadding(false);
  let plain = Buffer.concat([decipher.update(encrypted), decipher.final()]);
  let end = plain.length;
  while (end > 0 && plain[end - 1] === 0) end--;
  plain = plain.subarray(0, end);
  if (plain.length < 36 || !sha1(plain.subarray(20)).equals(plain.subarray(0, 20))) return null;

  const fields = new URLSearchParams(plain.subarray(36).toString('utf8'));
  const privilegeMap = new Map<string, string[]>();
  const privileges: string[] = [];
  for (const [name, value] of fields) {
    if (name.startsWith('_')) continue;
    privilegeMap.set(name, value ? value.split('/') : []);
    privileges.push(value ? `${name}:${value}` : name);
  }
  const joined = privileges.join(',');
  return {
    partnerId,
    type: Number(fields.get('_t') ?? 0),
    userId: fields.get('_u') ?? '',
    validUntil: Number(fields.get('_e') ?? 0),
    privileges: joined === 'all:*' ? '*' : joined,
    privilegeMap,
  };
}
