// The element and what it must never do with a secret or a stranger's string:
// - a `ks` attribute in markup is read once and removed: no KS in outerHTML, and the page works;
// - the KS is in no error event, no rendered text, no console line, whatever the server echoes;
// - media URLs from the server (`thumbnailUrl`, `dataUrl`) are rendered only when http(s): a
//   `javascript:`, `data:` or `vbscript:` one is dropped, and the row says so;
// - hostile file names (markup, a right-to-left override, zero-width characters, 10,000
//   characters) and server messages with markup render as text everywhere, and a name is
//   bidi-isolated so it cannot reorder the text around it.
// Every hostile answer comes from the local API (fault rules), not from a faked client.
import { assert } from '@esm-bundle/chai';
import type { KalturaUploaderElement } from '../../src/element/kaltura-uploader.js';
import { LocalStorageResumeStore } from '../../src/index.js';
import { resetServer, setFaults, userKs } from '../helpers/kaltura-server.js';
import { makePng } from '../helpers/media-files.js';
import { announcer, clearStoredRecords, makeFile, mountUploader, nextEvent, rows, shadow, unmountAll, untilState, waitFor } from './uploader-fixture.js';

/** Console output while `run` runs. */
async function consoleDuring(run: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map((m) => console[m]);
  methods.forEach((m, i) => (console[m] = (...args: unknown[]) => {
    lines.push(args.map((a) => (a instanceof Error ? `${a} ${a.stack} ${JSON.stringify(a)}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    originals[i]!.apply(console, args);
  }));
  try {
    await run();
  } finally {
    methods.forEach((m, i) => (console[m] = originals[i]!));
  }
  return lines.join('\n');
}

/** Markup, as text a person sees in outerHTML and the shadow root. */
const domText = (el: KalturaUploaderElement) => `${el.outerHTML}\n${shadow(el).innerHTML}\n${shadow(el).textContent}`;

describe('<kaltura-uploader> and secrets', function () {
  this.timeout(60_000);
  beforeEach(() => resetServer());
  afterEach(async () => {
    await unmountAll();
    await setFaults([]);
    document.querySelectorAll('.hostile-host').forEach((n) => n.remove());
  });

  it('a ks attribute in markup is read once and removed: outerHTML holds no KS, and the upload works with it', async () => {
    const ks = await userKs({ userId: 'markup-user' });
    const host = Object.assign(document.createElement('div'), { className: 'hostile-host' });
    document.body.append(host);
    host.innerHTML = `<kaltura-uploader service-url="${location.origin}" ks="${ks}" chunk-size="262144"></kaltura-uploader>`;
    const el = host.querySelector('kaltura-uploader') as KalturaUploaderElement;
    await el.updateComplete;
    assert.isFalse(el.hasAttribute('ks'));
    assert.notInclude(host.innerHTML, ks);
    assert.notInclude(el.outerHTML, ks);
    assert.equal(el.ks, ks, 'the property keeps it');

    const complete = nextEvent(el, 'kaltura-upload-complete');
    el.addFiles([makeFile(300 * 1024, 'from-markup.mp4')]);
    assert.match((await complete).entryId, /^0_/);
    assert.notInclude(domText(el), ks);

    // Set later, as a script might: taken and removed as well.
    const next = await userKs({ userId: 'markup-user-2' });
    el.setAttribute('ks', next);
    assert.isFalse(el.hasAttribute('ks'));
    assert.equal(el.ks, next);
    assert.notInclude(el.outerHTML, next);
    el.remove();
  });

  it('an INVALID_KS that echoes the KS: no KS in the error event, its JSON, the rows, the live region or the console', async () => {
    const good = await userKs({ userId: 'echo-user' });
    const tampered = good.slice(0, -6) + (good.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    let detailText = '';
    const logged = await consoleDuring(async () => {
      const el = await mountUploader({ ks: tampered });
      assert.isFalse(el.hasAttribute('ks'));
      const failed = nextEvent(el, 'kaltura-upload-error');
      el.addFiles([makeFile(1000, 'echo.mp4')]);
      const { error } = await failed;
      assert.equal(error.code, 'INVALID_KS');
      detailText = [error.message, String(error), error.stack, JSON.stringify(error), JSON.stringify(error.args)].join('\n');
      await untilState(el, 'echo.mp4', 'error');
      await waitFor(() => announcer(el).textContent!.includes('echo.mp4'), 'the failure announcement');
      detailText += `\n${domText(el)}`;
      console.error('the app logs it, as the README shows:', error.message, error);
    });
    for (const text of [detailText, logged]) {
      assert.notInclude(text, tampered);
      assert.notInclude(text, tampered.slice(8, 40));
    }
  });

  for (const scheme of ['javascript:alert(document.domain)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)']) {
    it(`media URLs that are not http(s) are not rendered: ${scheme.split(':')[0]}:`, async () => {
      await setFaults([{ kind: 'hostileUrls', service: 'media', thumbnailUrl: scheme, dataUrl: scheme }]);
      const el = await mountUploader();
      const ready = nextEvent(el, 'kaltura-entry-ready');
      el.addFiles([await makePng('hostile-urls.png')]);
      const { entry } = await ready;
      assert.equal(entry.dataUrl, scheme, 'the server did send it');
      await el.updateComplete;
      const li = rows(el)[0]!;
      assert.isNull(li.querySelector('[part~="play-link"]'), 'no Play link');
      assert.isNull(li.querySelector('[part~="thumbnail"]'), 'no thumbnail');
      for (const node of shadow(el).querySelectorAll('[href], [src]')) {
        const url = node.getAttribute('href') ?? node.getAttribute('src')!;
        assert.match(url, /^(https?|blob):/, `${node.tagName} points at ${url}`);
      }
      assert.equal(li.querySelector('[part~="unsafe-link"]')?.textContent, 'Link hidden: not an http(s) address.');
    });
  }

  it('an http(s) Play link stays when only the thumbnail URL is hostile', async () => {
    await setFaults([{ kind: 'hostileUrls', service: 'media', thumbnailUrl: 'javascript:alert(1)' }]);
    const el = await mountUploader();
    const ready = nextEvent(el, 'kaltura-entry-ready');
    el.addFiles([await makePng('half-hostile.png')]);
    const { entry } = await ready;
    await el.updateComplete;
    const li = rows(el)[0]!;
    assert.equal(li.querySelector<HTMLAnchorElement>('[part~="play-link"]')?.href, entry.dataUrl);
    assert.isNull(li.querySelector('[part~="thumbnail"]'));
    assert.isNotNull(li.querySelector('[part~="unsafe-link"]'));
  });
});

const INJECTED = 'window.__hostile = (window.__hostile || 0) + 1';
const CORPUS = [
  `<img src=x onerror="${INJECTED}">.mp4`,
  `<script>${INJECTED}</script><b>bold</b>.mp4`,
  // Shown as "invoice_exe.mp4" if the override leaked; it must stay inside its own box.
  'invoice_\u202E4pm.exe',
  'zero\u200Bwidth\u200D\uFEFFjoin\u2060.mp4',
  `${'long-name-'.repeat(1000)}.mp4`,
];
const SERVER_MARKUP = `<img src=x onerror="${INJECTED}"><a href="javascript:${INJECTED}">click</a> &amp; <b>bold</b>`;

describe('<kaltura-uploader> shows hostile strings as text', function () {
  this.timeout(60_000);
  beforeEach(() => resetServer());
  afterEach(async () => {
    await unmountAll();
    await setFaults([]);
  });

  function assertNothingInjected(el: KalturaUploaderElement): void {
    assert.isUndefined((window as { __hostile?: number }).__hostile, 'no injected script ran');
    assert.lengthOf(shadow(el).querySelectorAll('script, b, iframe, [onerror], a[href^="javascript"], img[src="x"]'), 0, 'no element came from a string');
  }

  it('file names and server messages with markup, bidi overrides, zero-width characters and 10,000 characters: rows, live region, messages', async () => {
    await setFaults([{ kind: 'exception', code: 'UPLOAD_ERROR', message: SERVER_MARKUP, service: 'uploadToken', action: 'add' }]);
    const el = await mountUploader({ multiple: true, 'max-parallel-files': '5' });
    const failures: string[] = [];
    el.addEventListener('kaltura-upload-error', (e) => failures.push(e.detail.error.message));
    // The live region keeps only the last few messages of a burst: what it said is gathered as it says it.
    const spoken: string[] = [];
    const observer = new MutationObserver(() => spoken.push(announcer(el).textContent ?? ''));
    observer.observe(announcer(el), { childList: true, characterData: true, subtree: true });
    el.addFiles(CORPUS.map((name) => makeFile(1000, name)));
    await waitFor(() => failures.length === CORPUS.length, 'every upload to fail');
    await el.updateComplete;
    assertNothingInjected(el);
    assert.deepEqual(failures, CORPUS.map(() => SERVER_MARKUP), 'the server text reaches the app unchanged');

    const names = rows(el).map((li) => li.querySelector('[part="name"]')!);
    assert.sameMembers(names.map((n) => n.textContent!), CORPUS, 'each name is its own text, character for character');
    for (const li of rows(el)) {
      assert.equal(li.querySelector('[part="message"]')?.textContent, SERVER_MARKUP, 'the server message is text');
      assert.isAtMost(li.scrollWidth, li.clientWidth + 1, 'a long name wraps inside its row');
    }
    await new Promise((r) => setTimeout(r, 1500)); // the last burst is read out
    observer.disconnect();
    const said = spoken.join(' ');
    for (const name of CORPUS) assert.include(said, name);
    assert.include(said, SERVER_MARKUP);
    assert.notInclude(el.validationMessage, '<');
  });

  it('a name with a right-to-left override is isolated: the text around it keeps its order', async () => {
    const el = await mountUploader({ manual: true });
    const name = 'invoice_\u202E4pm.exe';
    el.addFiles([makeFile(1000, name)]);
    await el.updateComplete;
    const li = rows(el)[0]!;
    const nameNode = li.querySelector<HTMLElement>('[part="name"]')!;
    // Isolated: a <bdi> (or dir=auto with unicode-bidi: isolate), holding the name and nothing else.
    assert.equal(getComputedStyle(nameNode).unicodeBidi, 'isolate');
    assert.isTrue(nameNode.tagName === 'BDI' || nameNode.getAttribute('dir') === 'auto');
    assert.equal(nameNode.children.length, 0);
    assert.equal(nameNode.textContent, name);
    // What follows it in the row (size, state) is outside the isolate and after it on screen.
    const size = li.querySelector<HTMLElement>('[part="size"]')!;
    assert.isFalse(nameNode.contains(size));
    const [a, b] = [nameNode.getBoundingClientRect(), size.getBoundingClientRect()];
    assert.isTrue(b.left >= a.right - 1 || b.top >= a.bottom - 1, 'the size comes after the name');
    assertNothingInjected(el);
  });

  it('the interrupted list: hostile names from storage render as isolated text', async () => {
    const store = new LocalStorageResumeStore();
    const now = Date.now();
    CORPUS.forEach((fileName, i) => store.set(`hostile-${i}`, { uploadTokenId: `0_hostile${i}`, chunkSize: 1000, fileSize: 5000, fileName, bytesConfirmed: 1000, createdAt: now, updatedAt: now - i }));
    try {
      const el = await mountUploader();
      await waitFor(() => shadow(el).querySelectorAll('[part="interrupted-name"]').length === CORPUS.length, 'the interrupted list');
      const names = [...shadow(el).querySelectorAll<HTMLElement>('[part="interrupted-name"]')];
      assert.deepEqual(names.map((n) => n.textContent), CORPUS);
      for (const n of names) assert.equal(getComputedStyle(n).unicodeBidi, 'isolate');
      assertNothingInjected(el);
    } finally {
      clearStoredRecords();
    }
  });
});
