// Transport as Kaltura's front controller does it (protocol notes sections 1-2): endpoints,
// parameter sources and precedence, response formats, CORS, and errors as HTTP 200 bodies.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from './node-test-kit.ts';

let server: TestServer;
let ks: string;

before(async () => {
  server = await startTestServer();
  ks = await server.ks({ userId: 'alice' });
});
after(() => server.close());

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', body, headers });

describe('endpoints and parameters', () => {
  test('/service/X/action/Y and the legacy /api_v3/?service=X&action=Y, names case-insensitive', async () => {
    const a = await post('/api_v3/service/UPLOADTOKEN/action/Add', JSON.stringify({ ks, format: 1 }), { 'Content-Type': 'application/json' });
    assert.equal((await a.json()).objectType, 'KalturaUploadToken');
    const b = await post(`/api_v3/?service=uploadToken&action=add&format=1`, new URLSearchParams({ ks }));
    assert.equal((await b.json()).objectType, 'KalturaUploadToken');
    const c = await post(`/api_v3/index.php?service=uploadtoken&action=add&format=1`, new URLSearchParams({ ks }));
    assert.equal((await c.json()).objectType, 'KalturaUploadToken');
  });

  test('flat form fields nest on `:`, PHP brackets work too', async () => {
    const flat = await post('/api_v3/service/uploadtoken/action/add', new URLSearchParams({ ks, format: '1', 'uploadToken:fileName': 'flat.mp4', 'uploadToken:objectType': 'KalturaUploadToken' }));
    assert.equal((await flat.json()).fileName, 'flat.mp4');
    const brackets = await post('/api_v3/service/uploadtoken/action/add', new URLSearchParams({ ks, format: '1', 'uploadToken[fileName]': 'brackets.mp4' }));
    assert.equal((await brackets.json()).fileName, 'brackets.mp4');
  });

  test('multipart with a `json` field uses it as the parameter map (other fields ignored)', async () => {
    const form = new FormData();
    form.append('json', JSON.stringify({ ks, format: 1, uploadToken: { fileName: 'from-json.mp4' } }));
    form.append('uploadToken:fileName', 'ignored.mp4');
    assert.equal((await (await post('/api_v3/service/uploadtoken/action/add', form)).json()).fileName, 'from-json.mp4');
  });

  test('the URL beats the body: query over body, path over query', async () => {
    const res = await post(
      '/api_v3/service/uploadtoken/action/add?uploadToken:fileName=query.mp4',
      JSON.stringify({ ks, format: 1, uploadToken: { fileName: 'body.mp4', fileSize: 5 } }),
      { 'Content-Type': 'application/json' },
    );
    const token = await res.json();
    assert.deepEqual([token.fileName, token.fileSize], ['query.mp4', '5']);
    const path = await post('/api_v3/service/uploadtoken/action/add?service=media&action=list', new URLSearchParams({ ks, format: '1' }));
    assert.equal((await path.json()).objectType, 'KalturaUploadToken');
  });

  test('a JSON body counts only with Content-Type exactly application/json', async () => {
    const res = await post('/api_v3/service/uploadtoken/action/add?format=1', JSON.stringify({ ks }), { 'Content-Type': 'application/json; charset=utf-8' });
    assert.equal((await res.json()).code, 'MISSING_KS');
  });

  test('booleans and numbers are cast the PHP way', async () => {
    const token = await server.call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'cast.mp4', fileSize: '12abc' } });
    assert.equal(token.fileSize, '12');
    const form = new FormData();
    for (const [k, v] of Object.entries({ ks, format: '1', uploadTokenId: token.id, resume: 'FALSE', finalChunk: '0', resumeAt: 'x' })) form.append(k, v);
    form.append('fileData', new Blob([new Uint8Array(4)]), 'c.mp4');
    const r = await (await post('/api_v3/service/uploadtoken/action/upload', form)).json();
    assert.deepEqual([r.status, r.uploadedFileSize], [1, '4']);
  });

  test('characters XML cannot carry: INVALID_PARAMETER_CHAR', async () => {
    const error = await server.call('uploadtoken', 'get', { ks, uploadTokenId: 'a\u0001b' });
    assert.deepEqual([error.code, error.args], ['INVALID_PARAMETER_CHAR', { XML_FIELD: 'uploadTokenId' }]);
  });

  test('prototype keys in parameters are inert', async () => {
    const res = await post('/api_v3/service/uploadtoken/action/add', '{"format":1,"ks":"' + ks + '","__proto__":{"polluted":1},"uploadToken":{"constructor":{"x":1}}}', { 'Content-Type': 'application/json' });
    assert.equal((await res.json()).objectType, 'KalturaUploadToken');
    assert.equal(({} as { polluted?: number }).polluted, undefined);
    const form = await post('/api_v3/service/uploadtoken/action/add?__proto__[polluted]=1&uploadToken:__proto__:x=1', new URLSearchParams({ ks, format: '1' }));
    assert.equal((await form.json()).objectType, 'KalturaUploadToken');
    assert.equal(({} as { polluted?: number }).polluted, undefined);
  });
});

describe('responses', () => {
  test('errors are HTTP 200 exception bodies; unknown service, action, none', async () => {
    const unknownService = await fetch(`${server.url}/api_v3/service/nosuch/action/list?format=1`);
    assert.equal(unknownService.status, 200);
    assert.deepEqual(await unknownService.json(), { code: 'SERVICE_DOES_NOT_EXISTS', message: 'Service "nosuch" does not exists', objectType: 'KalturaAPIException', args: { SRV_NAME: 'nosuch' } });
    const unknownAction = await (await fetch(`${server.url}/api_v3/service/uploadToken/action/Explode?format=1`)).json();
    assert.deepEqual(unknownAction.args, { ACTION_NAME: 'explode', SERVICE_NAME: 'uploadtoken' });
    assert.equal((await (await fetch(`${server.url}/api_v3/?format=1`)).json()).code, 'SERVICE_NOT_SPECIFIED');
  });

  test('JSON: Content-Type application/json, nulls omitted, objectType last; void is null; session.start is a string', async () => {
    const res = await fetch(`${server.url}/api_v3/service/uploadtoken/action/add?format=1&ks=${ks}`);
    assert.equal(res.headers.get('content-type'), 'application/json');
    const token = await res.json();
    assert.equal(Object.values(token).includes(null), false);
    assert.equal(Object.keys(token).at(-1), 'objectType');
    assert.equal(await server.call('uploadtoken', 'delete', { ks, uploadTokenId: token.id }), null);
    assert.equal(typeof (await server.ks()), 'string');
  });

  test('no format means XML, as on real Kaltura; format=9 is JSONP; an unknown format answers empty', async () => {
    const xml = await fetch(`${server.url}/api_v3/service/media/action/get?entryId=0_x&ks=${ks}`);
    assert.equal(xml.headers.get('content-type'), 'text/xml');
    assert.match(await xml.text(), /^<\?xml version="1.0" encoding="utf-8"\?><xml><result><error><code>ENTRY_ID_NOT_FOUND<\/code>/);
    const jsonp = await fetch(`${server.url}/api_v3/service/media/action/get?entryId=0_x&ks=${ks}&format=9&callback=cb_1`);
    assert.equal(jsonp.headers.get('content-type'), 'application/javascript');
    assert.match(await jsonp.text(), /^cb_1\(\{"code":"ENTRY_ID_NOT_FOUND"/);
    const unknown = await fetch(`${server.url}/api_v3/service/media/action/get?entryId=0_x&ks=${ks}&format=42`);
    assert.equal(unknown.headers.get('x-kaltura'), 'error- UNKNOWN_RESPONSE_FORMAT');
    assert.equal(await unknown.text(), '');
  });

  test('CORS: every answer allows any origin; OPTIONS is answered at once', async () => {
    const res = await fetch(`${server.url}/api_v3/service/session/action/start?format=1`, { headers: { Origin: 'https://app.example' } });
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /X-Kaltura/);
    assert.equal(res.headers.get('pragma'), 'no-cache');
    server.api.requests.clear();
    const preflight = await fetch(`${server.url}/api_v3/service/uploadtoken/action/upload`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'POST, GET, HEAD, OPTIONS');
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'Origin, X-Requested-With, Content-Type, Accept, Range, Cache-Control');
    assert.equal(preflight.headers.get('access-control-max-age'), '86400');
    assert.deepEqual(server.api.requests.list(), [], 'a preflight is not an API call');
  });

  test('an unexpected failure is INTERNAL_SERVERL_ERROR with no details', async () => {
    const store = server.api.store;
    const original = store.save;
    store.save = () => Promise.reject(new Error('disk on fire /secret/path'));
    try {
      const res = await fetch(`${server.url}/api_v3/service/uploadtoken/action/add?format=1&ks=${ks}`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { code: 'INTERNAL_SERVERL_ERROR', message: 'Internal server error occurred', objectType: 'KalturaAPIException', args: [] });
    } finally {
      store.save = original;
    }
  });

  test('paths outside /api_v3 are not the API', async () => {
    assert.equal((await fetch(`${server.url}/__dev/faults`, { method: 'POST', body: '[]' })).status, 404);
  });
});
