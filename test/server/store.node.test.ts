// The store scales (server/state/record-table.ts): a state change writes the records it touched and
// nothing else, however many are stored; a restart reads them all back; a data dir written before
// per-record files (one state.json) is migrated once, and one of an unknown layout is refused.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RecordTable } from '../../server/state/record-table.ts';
import { newEntryId, newTokenId, Store, type TokenRecord } from '../../server/state/store.ts';
import { listFiles, startTestServer, testBytes, type TestServer } from './node-test-kit.ts';

const STORED = 2000;

/** Every file under `dir` with what changes when it is rewritten. */
function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => {
    const s = fs.statSync(path.join(dir, f));
    return [f, `${s.ino}:${s.size}:${s.mtimeMs}`];
  }));
}

const changedFiles = (before: Map<string, string>, after: Map<string, string>) =>
  [...after].filter(([f, v]) => before.get(f) !== v).map(([f]) => f).sort();

const tokenRecord = (id: string, now = Date.now()): TokenRecord => ({
  id, partnerId: 100, userId: 'alice', status: 0, fileName: `${id}.mp4`, autoFinalize: false, createdAt: now, updatedAt: now, hasFile: false,
});

describe('a state change touches only its records', () => {
  let server: TestServer;
  let ks: string;

  before(async () => {
    server = await startTestServer();
    ks = await server.ks({ userId: 'alice' });
    // Many records, put straight into the store as the API would have made them.
    const { store } = server.api;
    for (let i = 0; i < STORED; i++) {
      const token = tokenRecord(newTokenId());
      store.tokens.set(token.id, token);
      const entry = { id: newEntryId(), partnerId: 100, userId: 'alice', creatorId: 'alice', name: `e${i}`, status: 2, createdAt: 0, updatedAt: 0 };
      store.entries.set(entry.id, entry);
      await store.save(token, entry);
    }
  });
  after(() => server.close());

  test(`with ${STORED * 2} records stored, uploadToken.add writes one small file`, async () => {
    const before = snapshot(server.dataDir);
    const token = await server.call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'new.mp4' } });
    const changed = changedFiles(before, snapshot(server.dataDir));
    assert.deepEqual(changed, [`tokens/${token.id}/token.json`]);
    assert.ok(fs.statSync(path.join(server.dataDir, changed[0])).size < 1024);
  });

  test('a chunk, an entry and its content rewrite only that token and that entry', async () => {
    const token = await server.call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'clip.mp4' } });
    const entry = await server.call('media', 'add', { ks, entry: { objectType: 'KalturaMediaEntry', name: 'clip', mediaType: 1 } });
    const before = snapshot(server.dataDir);
    await server.call('media', 'addContent', { ks, entryId: entry.id, resource: { objectType: 'KalturaUploadedFileTokenResource', token: token.id } });
    const answer = await server.upload(ks, token.id, testBytes(1000), { resume: false, finalChunk: true, fileName: 'clip.mp4' });
    assert.equal(answer.status, 3);
    const changed = changedFiles(before, snapshot(server.dataDir));
    assert.deepEqual(changed, [`entries/${entry.id}/content`, `entries/${entry.id}/entry.json`, `tokens/${token.id}/data`, `tokens/${token.id}/token.json`]);
  });

  test('a restart reads every record back as it was', async () => {
    const { store } = server.api;
    const tokens = JSON.stringify([...store.tokens.values()].sort((a, b) => a.id.localeCompare(b.id)));
    const entries = JSON.stringify([...store.entries.values()].sort((a, b) => a.id.localeCompare(b.id)));
    await server.api.restart();
    assert.equal(store.tokens.size, STORED + 2);
    assert.equal(JSON.stringify([...store.tokens.values()].sort((a, b) => a.id.localeCompare(b.id))), tokens);
    assert.equal(JSON.stringify([...store.entries.values()].sort((a, b) => a.id.localeCompare(b.id))), entries);
  });
});

describe('record files', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-records-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('saves coalesce to the latest state; a record replaced by a reload is not written any more', async () => {
    const table = new RecordTable<TokenRecord>(path.join(dir, 'tokens'), 'token.json', /^\d+_[0-9a-f]{32}$/);
    const record = tokenRecord(newTokenId());
    table.set(record.id, record);
    const writes = [1, 2, 3].map((n) => {
      record.status = n;
      return table.save(record);
    });
    await Promise.all(writes);
    const file = path.join(dir, 'tokens', record.id, 'token.json');
    assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).status, 3);
    await table.load();
    assert.notEqual(table.get(record.id), record, 'the reload made new objects');
    record.status = 5;
    await table.save(record); // a handler still running from before the restart
    assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).status, 3);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['token.json'], 'no temp file left');
  });

  test('a hand-broken record file is skipped with a warning; a folder without one is no record', async () => {
    const table = new RecordTable<TokenRecord>(path.join(dir, 'broken'), 'token.json', /^\d+_[0-9a-f]{32}$/);
    const good = tokenRecord(newTokenId());
    table.set(good.id, good);
    await table.save(good);
    const bad = newTokenId();
    fs.mkdirSync(path.join(dir, 'broken', bad));
    fs.writeFileSync(path.join(dir, 'broken', bad, 'token.json'), '{"id": "');
    fs.mkdirSync(path.join(dir, 'broken', newTokenId()));
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (line: string) => void warnings.push(line);
    try {
      await table.load();
    } finally {
      console.warn = warn;
    }
    assert.deepEqual([...table.keys()], [good.id]);
    assert.match(warnings.join('\n'), /1 unreadable token\.json file/);
  });
});

describe('a data dir from before per-record files', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-migrate-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('its state.json is moved to record files once; tokens, entries and bytes are all there', async () => {
    const dataDir = path.join(dir, 'old');
    const tokenId = newTokenId();
    const entryId = newEntryId();
    const now = Date.now();
    fs.mkdirSync(path.join(dataDir, 'tokens', tokenId), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'tokens', tokenId, 'data'), testBytes(500));
    fs.writeFileSync(path.join(dataDir, 'state.json'), JSON.stringify({
      version: 1,
      tokens: [{ ...tokenRecord(tokenId, now), status: 1, uploadedFileSize: 500, hasFile: true }],
      entries: [{ id: entryId, partnerId: 100, userId: 'alice', creatorId: 'alice', name: 'old entry', status: 7, createdAt: now, updatedAt: now }],
    }));
    const logs: string[] = [];
    const log = console.log;
    console.log = (line: string) => void logs.push(line);
    let server: TestServer;
    try {
      server = await startTestServer({ dataDir });
    } finally {
      console.log = log;
    }
    try {
      const ks = await server.ks({ userId: 'alice' });
      const token = await server.call('uploadtoken', 'get', { ks, uploadTokenId: tokenId });
      assert.equal(token.uploadedFileSize, '500', 'as kaltura.com sends it: a JSON string');
      assert.equal((await server.call('media', 'get', { ks, entryId })).name, 'old entry');
      const next = await server.upload(ks, tokenId, testBytes(100, 2), { resume: true, resumeAt: 500, finalChunk: true });
      assert.equal(next.status, 2, 'the migrated token takes the rest of its bytes');
      assert.match(logs.join('\n'), /1 tokens and 1 entries moved to one file each/);
      assert.ok(fs.existsSync(path.join(dataDir, 'state.json.migrated')));
      assert.ok(!fs.existsSync(path.join(dataDir, 'state.json')));
      assert.ok(fs.existsSync(path.join(dataDir, 'entries', entryId, 'entry.json')));
    } finally {
      await server.close();
    }
  });

  test('a state.json of a layout it does not know is refused with a clear message', async () => {
    const dataDir = path.join(dir, 'future');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'state.json'), JSON.stringify({ version: 7, records: {} }));
    const store = new Store(dataDir);
    await assert.rejects(store.load(), /state\.json has a layout this server does not know \(version 7\)\. Move it away, or set KALTURA_DATA_DIR/);
    store.release();
  });
});
