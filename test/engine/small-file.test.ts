// A file of one chunk against the real local API: its bytes, media.add and media.addContent go in
// one multirequest once its token exists (two requests in all, not four), and exactly one entry
// holds the file whatever answers are lost (each try of that multirequest is harmless: its calls
// run only when the one before succeeded).
import { assert } from '@esm-bundle/chai';
import { ChunkedUpload } from '../../src/index.js';
import { entryInfo, requestLog, resetServer, setFaults, sha256Hex, tokenInfo, type FaultRule } from '../helpers/kaltura-server.js';
import { entriesOf, freshUserKs, patternedFile } from './upload-helpers.js';

const retry = { retries: 6, minDelay: 20, maxDelay: 200 };

async function uploadSmall(faults: FaultRule[] = []) {
  const ks = await freshUserKs();
  const file = patternedFile(200 * 1024 + 7, 'small.mp4', 'video/mp4');
  await setFaults(faults);
  const result = await new ChunkedUpload(file, { serviceUrl: location.origin, ks, retry }).start();
  await setFaults([]);
  const entry = await entryInfo(result.entryId);
  assert.equal(entry?.sha256, await sha256Hex(file), 'the entry returned holds exactly the file');
  assert.equal(entry?.name, 'small.mp4');
  assert.oneOf(entry?.status, [1, 2], 'and has its content (converting or ready)');
  assert.equal((await tokenInfo(result.uploadTokenId))?.status, 3, 'the token went into it');
  const entries = await entriesOf(ks);
  assert.deepEqual(entries.map((e) => e.id), [result.entryId], `one entry for the user: ${JSON.stringify(entries)}`);
  // Requests, not the calls inside a multirequest (those are logged with their position).
  const requests = (await requestLog()).filter((r) => r.item === undefined && !(r.service === 'media' && r.action === 'list'));
  return { result, requests, log: await requestLog() };
}

describe('ChunkedUpload: a file of one chunk', function () {
  this.timeout(60_000);
  beforeEach(resetServer);

  it('goes in two requests: uploadToken.add, then one multirequest with the bytes, media.add and media.addContent', async () => {
    const { requests, log } = await uploadSmall();
    assert.deepEqual(requests.map((r) => r.action ? `${r.service}.${r.action}` : r.service), ['uploadtoken.add', 'multirequest']);
    const inside = log.filter((r) => r.item !== undefined).map((r) => `${r.item} ${r.service}.${r.action} ${r.outcome}`);
    assert.deepEqual(inside, ['1 uploadtoken.upload ok', '2 media.add ok', '3 media.addcontent ok']);
  });

  for (const [what, rule] of [
    ['the whole multirequest', { kind: 'loseAnswer', service: 'multirequest', times: 2 }],
    ['media.addContent inside it', { kind: 'loseAnswer', service: 'media', action: 'addContent', times: 1 }],
    ['media.add inside it', { kind: 'loseAnswer', service: 'media', action: 'add', times: 1 }],
  ] as const) {
    it(`its answer lost (${what}): exactly one entry, with the file`, async () => {
      const { log } = await uploadSmall([rule as FaultRule]);
      assert.isAtLeast(log.filter((r) => r.service === 'multirequest').length, 2, 'the multirequest went again');
    });
  }

  it('an exception in media.add: the bytes are in, the entry is made the usual way', async () => {
    const { log } = await uploadSmall([{ kind: 'exception', service: 'media', action: 'add', code: 'INTERNAL_SERVERL_ERROR', times: 1 }]);
    const first = log.find((r) => r.service === 'multirequest')!;
    const inside = log.filter((r) => r.item !== undefined && r.at === first.at).map((r) => `${r.item} ${r.service}.${r.action} ${r.outcome}`);
    assert.deepEqual(inside, ['1 uploadtoken.upload ok', '2 media.add fault:exception'], 'addContent did not run without its entry');
    assert.isAtLeast(log.filter((r) => r.service === 'media' && r.action === 'addcontent').length, 1, 'the entry was made the usual way');
  });
});
