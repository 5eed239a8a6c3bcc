// A file over 4 GiB, picked from disk (sparse, with marked stretches at its start, across the
// 2^32 boundary and at its end) through Playwright's setInputFiles, uploaded by the engine in
// real Chromium to the local API: every chunk's resumeAt is the exact byte offset of its bytes
// (past 2^32 too, where a 32-bit offset would wrap), the chunks tile the file, the server's file
// has the marks where they belong, and the first chunk leaves within 2 s of start() (the
// fingerprint reads 128 KiB of the file, never all of it). In Chromium and WebKit only: it passes
// in all three, but takes 30 s in Chromium, 46 s in WebKit and 73 s in Firefox (2 cores), and the
// whole suite must stay under 30 minutes; the 64-bit offsets are the engine's own code, the same
// in every browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { useEnginePageSuite } from './engine-page-suite.ts';
import { MiB, openEnginePage } from './engine-page-driver.ts';

const GiB = 1024 * MiB;
const SIZE = 4 * GiB + 100 * MiB + 123;
const TWO_32 = 2 ** 32;
/** A fixed, odd chunk size: every offset is k × CHUNK exactly, none of them round (a whole-file request would send no offset at all). */
const CHUNK = 32 * MiB + 7;
/** Where marks are written: the start, across 2^32, the end. */
const MARKS = [0, TWO_32 - 70_000, SIZE - 100_000].map((at) => ({ at, bytes: crypto.randomBytes(100_000) }));

useEnginePageSuite('huge', undefined, (suite) => {

  function sparseFile(): string {
    const file = path.join(suite.tmp, 'huge.mp4');
    const fd = fs.openSync(file, 'w');
    try {
      fs.ftruncateSync(fd, SIZE);
      for (const { at, bytes } of MARKS) fs.writeSync(fd, bytes, 0, bytes.length, at);
    } finally {
      fs.closeSync(fd);
    }
    return file;
  }

  function readAt(file: string, at: number, length: number): Buffer {
    const fd = fs.openSync(file, 'r');
    try {
      const out = Buffer.alloc(length);
      fs.readSync(fd, out, 0, length, at);
      return out;
    } finally {
      fs.closeSync(fd);
    }
  }

  test('a sparse 4 GiB + 100 MiB file uploads with exact resumeAt values past 2^32; the first chunk leaves within 2 s', { timeout: 15 * 60_000 }, async () => {
    const file = sparseFile();
    const page = await openEnginePage(await suite.newPage(), suite.server.pageUrl);
    const ks = suite.api.startSession({ userId: 'huge-user' });
    await page.setInputFiles([file], '#file');
    const startedAt = Date.now();
    await page.evaluate((o) => window.enginePage.start(o), { ks, concurrency: 4, chunkSize: CHUNK });
    await page.waitForFunction(() => !!(window.enginePage.result || window.enginePage.errorCode), undefined, { timeout: 12 * 60_000, polling: 500 });
    const { result, errorCode, states } = await page.evaluate(() => JSON.parse(JSON.stringify(window.enginePage)));
    assert.ok(result, `the upload failed: ${errorCode}; ${JSON.stringify(states.slice(-3))}`);
    const { entryId, uploadTokenId } = result as { entryId: string; uploadTokenId: string };

    const chunks = suite.api.requests.list().filter((r) => r.service === 'uploadtoken' && r.action === 'upload' && r.outcome === 'ok');
    const first = suite.api.requests.list().find((r) => r.service === 'uploadtoken' && r.action === 'upload');
    assert.ok(first && first.at - startedAt < 2000, `the first chunk left ${first && first.at - startedAt} ms after start()`);
    // The confirmed chunks tile the file, each at the offset its bytes came from (resume=false only at 0).
    const tiles = chunks.filter((c) => c.resume || c.resumeAt === 0).sort((a, b) => a.resumeAt! - b.resumeAt! || b.bytes! - a.bytes!);
    let end = 0;
    for (const c of tiles) {
      assert.ok(c.resumeAt! <= end, `chunk at ${c.resumeAt} leaves a gap after ${end}`);
      end = Math.max(end, c.resumeAt! + c.bytes!);
    }
    assert.equal(end, SIZE, 'the chunks cover the whole file');
    const past = chunks.filter((c) => c.resumeAt! > TWO_32);
    assert.ok(past.length >= 3, `chunks that start past 2^32: ${past.map((c) => c.resumeAt)}`);
    for (const c of chunks) assert.equal(c.resumeAt! % CHUNK, 0, `an exact offset, k × chunk: ${c.resumeAt}`);
    assert.deepEqual([...new Set(chunks.map((c) => c.resumeAt))].sort((a, b) => a! - b!), Array.from({ length: Math.ceil(SIZE / CHUNK) }, (_, k) => k * CHUNK), 'every offset once, past 2^32 too');
    assert.ok(chunks.some((c) => c.finalChunk && c.resumeAt! + c.bytes! === SIZE), 'the final chunk ends at the last byte');

    const token = await suite.api.tokenInfo(uploadTokenId);
    assert.equal(token?.status, 3);
    assert.equal(token?.fileSize, SIZE);
    const stored = suite.api.store.entryFile(entryId);
    assert.equal(fs.statSync(stored).size, SIZE, 'the entry\'s file has every byte');
    for (const { at, bytes } of MARKS) assert.ok(readAt(stored, at, bytes.length).equals(bytes), `the bytes at ${at} are the file's`);
  });
}, ['chromium', 'webkit']);
