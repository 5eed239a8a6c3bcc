// Kaltura Sessions: the v2 wire format (kSessionBase::generateKsV2), session.start, and the
// INVALID_KS / MISSING_KS answers (protocol notes section 10).
import assert from 'node:assert/strict';
import { createDecipheriv, createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { parseKs, signKs } from '../../server/state/ks.ts';
import { startTestServer, type TestServer } from './node-test-kit.ts';

const SECRET = 'local-dev-admin-secret';

/** Opens a v2 KS by hand, step by step as the format describes, without parseKs. */
function openByHand(ks: string, secret: string) {
  const raw = Buffer.from(ks.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  const [version, partner] = raw.toString('latin1').split('|');
  const encrypted = raw.subarray(`${version}|${partner}|`.length);
  const key = createHash('sha1').update(secret).digest().subarray(0, 16);
  const decipher = createDecipheriv('aes-128-cbc', key, Buffer.alloc(16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(encrypted), decipher.final()]);
  let end = plain.length;
  while (end > 0 && plain[end - 1] === 0) end--;
  const unpadded = plain.subarray(0, end);
  const signatureOk = createHash('sha1').update(unpadded.subarray(20)).digest().equals(unpadded.subarray(0, 20));
  return { version, partner, encryptedLength: encrypted.length, signatureOk, fields: unpadded.subarray(36).toString() };
}

describe('KS v2 format', () => {
  test('sign: base64url of v2|partner|AES(sha1 + 16 random bytes + url-encoded fields)', () => {
    const ks = signKs({ partnerId: 100, type: 0, userId: 'alice@example.com', validUntil: 1_900_000_000, privileges: '*' }, SECRET);
    assert.match(ks, /^djJ8MTAwf/); // "v2|100|"
    assert.match(ks, /^[A-Za-z0-9_=-]+$/);
    const opened = openByHand(ks, SECRET);
    assert.deepEqual([opened.version, opened.partner, opened.encryptedLength % 16, opened.signatureOk], ['v2', '100', 0, true]);
    assert.equal(opened.fields, 'all=%2A&_e=1900000000&_t=0&_u=alice%40example.com');
  });

  test('privileges become name=value fields and read back as a comma list', () => {
    const ks = signKs({ partnerId: 100, type: 2, userId: '', validUntil: 1_900_000_000, privileges: 'edit:0_abc/0_def,sview:*,disableentitlement' }, SECRET);
    assert.equal(openByHand(ks, SECRET).fields, 'edit=0_abc%2F0_def&sview=%2A&disableentitlement=&_e=1900000000&_t=2&_u=');
    const parsed = parseKs(ks, () => SECRET);
    assert.equal(parsed?.privileges, 'edit:0_abc/0_def,sview:*,disableentitlement');
    assert.deepEqual(parsed?.privilegeMap.get('edit'), ['0_abc', '0_def']);
    assert.deepEqual([parsed?.type, parsed?.userId, parsed?.validUntil], [2, '', 1_900_000_000]);
  });

  test('parse refuses a wrong secret, an unknown partner, tampering and garbage', () => {
    const ks = signKs({ partnerId: 100, type: 0, userId: 'u', validUntil: 1_900_000_000, privileges: '' }, SECRET);
    assert.equal(parseKs(ks, () => SECRET)?.userId, 'u');
    assert.equal(parseKs(ks, () => 'another-secret'), null);
    assert.equal(parseKs(ks, () => undefined), null);
    const flipped = ks.slice(0, 30) + (ks[30] === 'A' ? 'B' : 'A') + ks.slice(31);
    assert.equal(parseKs(flipped, () => SECRET), null);
    for (const junk of ['', 'abc', 'djJ8', '!!!', Buffer.from('v2|100|short').toString('base64')]) assert.equal(parseKs(junk, () => SECRET), null);
  });

  test('each KS is different (random bytes), both base64 alphabets are accepted', () => {
    const fields = { partnerId: 100, type: 0, userId: 'u', validUntil: 1_900_000_000, privileges: '' };
    const a = signKs(fields, SECRET);
    assert.notEqual(a, signKs(fields, SECRET));
    assert.equal(parseKs(a.replace(/-/g, '+').replace(/_/g, '/'), () => SECRET)?.userId, 'u');
  });
});

describe('session.start and KS validation', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ userSecret: 'user-secret-1', maxKsExpirySeconds: 3600 })));
  after(() => server.close());

  const start = (params: Record<string, unknown>) => server.call('session', 'start', { partnerId: 100, ...params });
  const tokenList = (ks: unknown) => server.call('uploadtoken', 'list', { ks });

  test('USER and ADMIN sessions carry type, user, expiry (capped) and privileges', async () => {
    const before = Math.floor(Date.now() / 1000);
    const user = parseKs(await start({ secret: SECRET, userId: 'alice', type: 0, expiry: 60, privileges: 'edit:*' }), () => SECRET);
    assert.deepEqual([user?.type, user?.userId, user?.privileges], [0, 'alice', 'edit:*']);
    assert.ok(user!.validUntil >= before + 60 && user!.validUntil <= before + 62);
    const admin = parseKs(await start({ secret: SECRET, type: 2, expiry: 999_999 }), () => SECRET);
    assert.equal(admin?.type, 2);
    assert.ok(admin!.validUntil <= before + 3602, 'expiry capped at the partner maximum');
  });

  test('a USER secret opens USER sessions only; a wrong secret or partner is START_SESSION_ERROR', async () => {
    assert.match(await start({ secret: 'user-secret-1', userId: 'u' }), /^djJ8/);
    for (const params of [
      { secret: 'user-secret-1', type: 2 },
      { secret: 'wrong' },
      { secret: SECRET, partnerId: 101 },
    ]) {
      const error = await start(params);
      assert.equal(error.code, 'START_SESSION_ERROR', JSON.stringify(params));
      assert.equal(error.message, `Error while starting session for partner [${params.partnerId ?? 100}]`);
    }
    const noPartner = await server.call('session', 'start', { secret: SECRET });
    assert.deepEqual(noPartner.args, { PID: 'N/A' });
  });

  test('session.start: bad type is INVALID_ENUM_VALUE, missing secret is MISSING_MANDATORY_PARAMETER', async () => {
    const badType = await start({ secret: SECRET, type: 1 });
    assert.deepEqual(badType.args, { ENUM_VAL: '1', PARAM_NAME: 'type', ENUM_TYPE: 'KalturaSessionType' });
    assert.deepEqual((await start({})).args, { PARAM_NAME: 'secret' });
  });

  test('no KS: MISSING_KS', async () => {
    assert.deepEqual(await tokenList(undefined), {
      code: 'MISSING_KS',
      message: 'Missing KS, session not established',
      objectType: 'KalturaAPIException',
      args: [],
    });
  });

  test('bad signature or another partner’s KS: INVALID_KS with the KS as KSID and -1,INVALID_STR', async () => {
    const foreign = signKs({ partnerId: 100, type: 0, userId: 'x', validUntil: 1_900_000_000, privileges: '' }, 'not-our-secret');
    const otherPartner = signKs({ partnerId: 200, type: 0, userId: 'x', validUntil: 1_900_000_000, privileges: '' }, SECRET);
    for (const ks of [foreign, otherPartner, 'not-a-ks']) {
      const error = await tokenList(ks);
      assert.deepEqual(error.args, { KSID: ks, ERR_CODE: '-1', ERR_DESC: 'INVALID_STR' });
      assert.equal(error.message, `Invalid KS "${ks}", Error "-1,INVALID_STR"`);
    }
  });

  test('expired KS: INVALID_KS "EXPIRED"', async () => {
    const expired = await start({ secret: SECRET, userId: 'late', expiry: -10 });
    const error = await tokenList(expired);
    assert.deepEqual([error.code, error.args], ['INVALID_KS', { KSID: 'EXPIRED', ERR_CODE: '-1', ERR_DESC: 'INVALID_STR' }]);
  });

  test('a valid KS works, wherever it is sent: JSON body, query string or form field', async () => {
    const ks = await start({ secret: SECRET, userId: 'alice' });
    assert.equal((await tokenList(ks)).objectType, 'KalturaUploadTokenListResponse');
    const viaQuery = await fetch(`${server.url}/api_v3/service/uploadtoken/action/list?format=1&ks=${encodeURIComponent(ks)}`);
    assert.equal((await viaQuery.json()).objectType, 'KalturaUploadTokenListResponse');
    const viaForm = await fetch(`${server.url}/api_v3/service/uploadtoken/action/list`, { method: 'POST', body: new URLSearchParams({ ks, format: '1' }) });
    assert.equal((await viaForm.json()).objectType, 'KalturaUploadTokenListResponse');
  });
});
