// A file over 4 GiB, picked from disk (sparse, with marked stretches at its start, across the
// 2^32 boundary and at its end), uploaded by the engine in every engine to the local API, and
// resumed across 2^32: the upload starts, the tab reloads, the token is then given the bytes up to
// just below 2^32 as if an earlier visit had sent them (the local API's own store, the zeros the
// sparse file holds there), and the person picks the file again. The engine asks the server where
// the upload stands and sends the rest: every chunk's resumeAt is the exact byte offset of its
// bytes (past 2^32 too, where a 32-bit offset would wrap), the chunks tile the file from there to
// its last byte, the server's file has the marks where they belong, and the first chunk leaves
// within 2 s of start() each time (the fingerprint reads 128 KiB of the file, never all of it).
// Sending every byte of 4 GiB through each browser took 30 s (Chromium) to 73 s (Firefox) on 2
// cores; this sends under 400 MiB, and the offsets past 2^32 are the same engine code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { addRange } from '../../server/state/token-file.ts';
import { useEnginePageSuite } from './engine-page-suite.ts';
import { MiB, openEnginePage, pageState, pickAndStart, untilConfirmed, untilDone, whenReady } from './engine-page-driver.ts';

const GiB = 1024 * MiB;
const SIZE = 4 * GiB + 100 * MiB + 123;
const TWO_32 = 2 ** 32;
/** A fixed, odd chunk size: every offset is k × CHUNK exactly, none of them round (a whole-file request would send no offset at all). */
const CHUNK = 32 * MiB + 7;
/** Where the earlier visit's bytes end: a chunk boundary two chunks below 2^32. */
const RESUME_AT = (Math.floor(TWO_32 / CHUNK) - 1) * CHUNK;
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

  /** The upload requests that delivered chunks since `since`. */
  const chunksSince = (since: number) =>
    suite.api.requests.list().filter((r) => r.service === 'uploadtoken' && r.action === 'upload' && r.at >= since);

  async function untilServerIdle(): Promise<void> {
    for (const end = Date.now() + 20_000; suite.api.requests.list().some((r) => r.outcome === 'pending'); await new Promise((r) => setTimeout(r, 50))) {
      if (Date.now() > end) throw new Error('requests still open on the server 20 s after the reload');
    }
  }

  /** What an earlier visit would have left: the token holds every byte up to RESUME_AT (the file's zeros there). */
  async function giveTokenBytesUpTo(uploadTokenId: string, end: number): Promise<void> {
    const token = suite.api.store.tokens.get(uploadTokenId)!;
    assert.ok(token.hasFile && (token.uploadedFileSize ?? 0) < end, `the first visit sent less than ${end}: ${token.uploadedFileSize}`);
    const file = suite.api.store.tokenFile(uploadTokenId);
    if (fs.statSync(file).size < end) fs.truncateSync(file, end);
    token.ranges = addRange(token.ranges ?? [], 0, end);
    token.uploadedFileSize = end;
    await suite.api.store.save(token);
  }

  test('a sparse 4 GiB + 100 MiB file resumed below 2^32 goes on with exact resumeAt values past 2^32 to its last byte; the first chunk leaves within 2 s', { timeout: 5 * 60_000 }, async () => {
    const file = sparseFile();
    const page = await openEnginePage(await suite.newPage(), suite.server.pageUrl);
    const ks = suite.api.startSession({ userId: 'huge-user' });
    let startedAt = Date.now();
    await pickAndStart(page, file, { ks, concurrency: 4, chunkSize: CHUNK });
    await untilConfirmed(page, CHUNK);
    const first = chunksSince(startedAt)[0];
    assert.ok(first && first.at - startedAt < 2000, `the first chunk left ${first && first.at - startedAt} ms after start()`);
    const { uploadTokenId } = await pageState(page);
    assert.ok(uploadTokenId, 'the page knows its token');
    await page.reload();
    await whenReady(page);
    await untilServerIdle();
    await giveTokenBytesUpTo(uploadTokenId, RESUME_AT);

    startedAt = Date.now();
    await pickAndStart(page, file, { ks: suite.api.startSession({ userId: 'huge-user' }), concurrency: 4, chunkSize: CHUNK });
    const result = await untilDone(page);
    assert.equal(result.uploadTokenId, uploadTokenId, 'it went on with the same token');
    const { states } = await pageState(page);
    assert.ok(states.some((s) => s.state === 'uploading' && s.resumedFrom === RESUME_AT), `it resumed from ${RESUME_AT}: ${JSON.stringify(states.map((s) => [s.state, s.resumedFrom]))}`);

    const sent = chunksSince(startedAt);
    assert.ok(sent[0] && sent[0].at - startedAt < 2000, `the first chunk after the reload left ${sent[0] && sent[0].at - startedAt} ms after start()`);
    const chunks = sent.filter((r) => r.outcome === 'ok');
    for (const c of chunks) {
      assert.ok(c.resumeAt! >= RESUME_AT, `nothing below what the server held: a chunk at ${c.resumeAt}`);
      assert.equal((c.resumeAt! - RESUME_AT) % CHUNK, 0, `an exact offset, k × chunk: ${c.resumeAt}`);
    }
    const expected = Array.from({ length: Math.ceil((SIZE - RESUME_AT) / CHUNK) }, (_, k) => RESUME_AT + k * CHUNK);
    assert.deepEqual([...new Set(chunks.map((c) => c.resumeAt))].sort((a, b) => a! - b!), expected, 'every offset from the resume on, once, past 2^32 too');
    assert.ok(expected.filter((at) => at > TWO_32).length >= 3, 'at least three chunks start past 2^32');
    for (const c of chunks) assert.equal(c.bytes, Math.min(CHUNK, SIZE - c.resumeAt!), `the chunk at ${c.resumeAt} holds its bytes`);
    assert.ok(chunks.some((c) => c.finalChunk && c.resumeAt! + c.bytes! === SIZE), 'the final chunk ends at the last byte');

    // The token's record, not tokenInfo(): that hashes the whole file (about 10 s for 4 GiB).
    const token = suite.api.store.tokens.get(uploadTokenId);
    assert.equal(token?.status, 3);
    assert.equal(token?.fileSize, SIZE);
    const stored = suite.api.store.entryFile(result.entryId);
    assert.equal(fs.statSync(stored).size, SIZE, 'the entry\'s file has every byte');
    for (const { at, bytes } of MARKS) assert.ok(readAt(stored, at, bytes.length).equals(bytes), `the bytes at ${at} are the file's`);
  });
});
