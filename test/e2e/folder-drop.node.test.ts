// A folder dropped on the element for real: the browser's own drag and drop with a path on disk,
// as the OS hands a drop to the browser (the driver's dropFromDisk: DevTools
// `Input.dispatchDragEvent` in Chromium), so the page meets the same `webkitGetAsEntry()`
// directory entries a person's drop gives. A folder three levels deep adds exactly its files that
// are not hidden and that `accept` takes, and each of them ends up whole in its own entry. A
// driver with no such drop (WebDriver BiDi and classic set files on inputs only) skips, by trying.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { DriverPage } from '../drivers/page-driver.ts';
import { supported } from '../helpers/node-capability.ts';
import { eachEngine } from './each-engine.ts';
import type { KalturaApi } from '../../server/core/kaltura-api.ts';
import { startEnginePageServer, type EnginePageServer } from './engine-page-server.ts';
import { sha256OfFile } from './engine-page-driver.ts';

const PAGE = '/test/e2e/pages/element.html';

let server: EnginePageServer;
let api: KalturaApi;
let tmp: string;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-e2e-folder-'));
  server = await startEnginePageServer({ pages: [PAGE] });
  api = await server.freshApi();
});

after(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Writes `files` (paths relative to `root`) with distinct content; returns their absolute paths. */
function writeTree(root: string, files: string[]): Map<string, string> {
  const written = new Map<string, string>();
  files.forEach((file, i) => {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, Buffer.alloc(1000 + i * 137, i + 1));
    written.set(path.basename(file), full);
  });
  return written;
}

async function openElementPage(page: DriverPage, attrs: Record<string, string>): Promise<DriverPage> {
  await page.goto(server.url + PAGE);
  await page.waitForFunction(() => window.elementPage?.ready);
  await page.evaluate(([a, ks]) => window.elementPage.mount(a, ks), [attrs, api.startSession({ userId: 'folder-drop' })] as const);
  await page.waitForFunction(() => !!document.querySelector('kaltura-uploader'));
  return page;
}

/** Drags `paths` from "the desktop" onto the element and drops them; false (the test skipped) where the driver has no such drop. */
function dropFromDisk(t: TestContext, page: DriverPage, paths: string[]): Promise<boolean> {
  return supported(t, () => page.dropFromDisk(paths, 'kaltura-uploader'), 'needs a drop of files from disk');
}

eachEngine((run) => {

  test('a dropped folder three levels deep adds exactly its files that are not hidden and are accepted, and uploads each whole', { timeout: 120_000 }, async (t) => {
    const root = path.join(tmp, 'shoot');
    const wanted = writeTree(root, ['a.mp4', 'b.mov', 'day1/c.mp4', 'day1/morning/d.mp4', 'day1/morning/e.webm']);
    writeTree(root, [
      'notes.txt', '.DS_Store', '.cache/cached.mp4', 'day1/.hidden.mp4', 'day1/morning/.trash/old.mp4', 'day1/morning/readme.md',
    ]);
    // `.mov`: Debian's Chromium gives such a file no MIME type, so only the extension matches it.
    const page = await openElementPage(await run.driver.newPage(), { multiple: '', accept: 'video/*,.mov' });
    if (!(await dropFromDisk(t, page, [root]))) return page.close();
    await page.waitForFunction((n) => window.elementPage.completed.length + window.elementPage.errors.length >= n, wanted.size, { timeout: 90_000 });
    const { completed, errors } = await page.evaluate(() => ({ completed: window.elementPage.completed, errors: window.elementPage.errors }));
    assert.deepEqual(errors, []);
    assert.deepEqual((await page.evaluate(() => window.elementPage.rowNames())).sort(), [...wanted.keys()].sort(), 'one row per wanted file, nothing else');
    for (const { name, entryId } of completed) {
      assert.equal((await api.entryInfo(entryId))?.sha256, sha256OfFile(wanted.get(name)!), `${name} is whole in its entry`);
    }
    await page.close();
  });

  test('files dropped beside a folder are checked as usual: one `accept` does not take gets a "Not uploaded" row', { timeout: 120_000 }, async (t) => {
    const files = writeTree(tmp, ['loose.txt', 'loose.mp4', 'more/inside.mp4', 'more/inside.txt']);
    const page = await openElementPage(await run.driver.newPage(), { multiple: '', accept: 'video/*', manual: '' });
    if (!(await dropFromDisk(t, page, [files.get('loose.txt')!, files.get('loose.mp4')!, path.join(tmp, 'more')]))) return page.close();
    await page.waitForFunction(() => window.elementPage.rowNames().length >= 3);
    await new Promise((r) => setTimeout(r, 300)); // nothing more arrives
    assert.deepEqual((await page.evaluate(() => window.elementPage.rowNames())).sort(), ['inside.mp4', 'loose.mp4', 'loose.txt']);
    const rejected = await page.evaluate(() => [...document.querySelector('kaltura-uploader')!.shadowRoot!.querySelectorAll('li[data-state="rejected"] [part="name"]')].map((n) => n.textContent));
    assert.deepEqual(rejected, ['loose.txt']);
    await page.close();
  });
});
