// The HTML and JavaScript examples of README.md and docs/ run, in the browser, against the local
// Kaltura API on this page's origin. The page reads the Markdown as a person does (README.md, then
// docs/README.md and every guide it links to) with the extractor the type-check uses
// (tools/doc-examples/extract.ts); blocks marked `<!-- example: no-run -->` are only type-checked.
//
// What a test run cannot have is swapped, in the example's text, for what it has: the package's
// CDN URL and bare specifiers become this repository's src/ modules, `https://www.kaltura.com`
// becomes the local API, the example partner id 123 becomes the local API's. The page's own
// `/kaltura-session` endpoint (your server, in the examples) answers with a real USER KS from the
// local API. Everything from there on is real: the element uploads the file over HTTP, and the
// test checks the bytes the server holds.
//
// An HTML example passes when every script of it runs, and every <kaltura-uploader> in it takes a
// file to a new entry whose content hashes as the file (in a form with a `name`, the form data
// holds the entry id). A JavaScript example passes when it runs, given the names of
// tools/doc-examples/context.d.ts that a browser has (`uploader`, `file`, `getKs`...).
import { assert } from '@esm-bundle/chai';
import type * as Library from '../../src/index.ts';
import { extractExamples, splitHtml, type DocExample } from '../../tools/doc-examples/extract.ts';
import { entryInfo, partnerId, resetServer, sha256Hex, userKs } from '../helpers/kaltura-server.js';

const origin = location.origin;
const LOCAL_PARTNER_ID = await partnerId();

/** The package's entry points, as this repository's sources (the URLs every example imports). */
const MODULES: Record<string, string> = {
  'kaltura-chunked-upload': `${origin}/src/index.ts`,
  'kaltura-chunked-upload/define': `${origin}/src/define.ts`,
  'kaltura-chunked-upload/react': `${origin}/src/react.ts`,
};
const moduleUrl = (specifier: string): string | undefined =>
  MODULES[specifier] ?? (/^kaltura-chunked-upload\/locales\/([\w-]+)$/.exec(specifier)?.[1]?.replace(/^/, `${origin}/src/locales/`).concat('.ts'));

/** A CDN URL or bare specifier of the package, as the URL of its source here. */
function packageUrl(src: string): string | undefined {
  const m = /(?:^|\/)kaltura-chunked-upload(?:@[^/]+)?(\/[\w/.-]+)?$/.exec(src);
  return m ? moduleUrl(`kaltura-chunked-upload${m[1] ?? ''}`) : undefined;
}

/** The example's text with the test run's service, partner id and modules. */
function forThisRun(text: string): string {
  return text
    .replace(/(['"])(kaltura-chunked-upload(?:\/[\w/.-]+)?)\1/g, (whole, q: string, spec: string) => {
      const url = moduleUrl(spec);
      return url ? `${q}${url}${q}` : whole;
    })
    .replaceAll('https://www.kaltura.com', origin)
    .replace(/partner-id="123"/g, `partner-id="${LOCAL_PARTNER_ID}"`)
    .replace(/partnerId: 123\b/g, `partnerId: ${LOCAL_PARTNER_ID}`)
    .replace(/partnerId=\{123\}/g, `partnerId={${LOCAL_PARTNER_ID}}`);
}

/** Runs JavaScript as a module of its own (so `import` and top-level `await` work as in a page). */
async function runModule(code: string): Promise<void> {
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  try {
    await import(/* @vite-ignore */ url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The page's own KS endpoint (your server, in the examples): a real USER KS from the local API. */
function serveKsEndpoint(): () => void {
  const realFetch = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin === origin && url.pathname === '/kaltura-session') return Response.json(await userKs({ userId: 'doc-reader' }));
    return realFetch(input, init);
  };
  return () => { window.fetch = realFetch; };
}

async function readDocs(): Promise<DocExample[]> {
  const read = async (file: string) => {
    const answer = await fetch(`/${file}`);
    // A guide the index links to before it is written (another piece of work brings it) has no examples yet.
    return answer.ok ? extractExamples(await answer.text(), file) : [];
  };
  const index = await (await fetch('/docs/README.md')).text();
  const guides = [...new Set([...index.matchAll(/\]\(([\w-]+\.md)\)/g)].map((m) => `docs/${m[1]}`))];
  return (await Promise.all(['README.md', 'docs/README.md', ...guides].map(read))).flat();
}

const examples = (await readDocs()).filter((e) => e.run);

function clearResumeRecords(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('kaltura-chunked-upload:')) localStorage.removeItem(key);
}

/** 48 KiB of varied bytes, as a video file a person picked (the browser cannot decode it: it uploads all the same). */
function pickedFile(name: string): File {
  const bytes = new Uint8Array(48 * 1024);
  crypto.getRandomValues(bytes);
  return new File([bytes], name, { type: 'video/mp4' });
}

type Uploader = Library.KalturaUploaderElement;

/** Adds a file to the uploader as a person picks one, and waits for its new entry. */
async function uploadThrough(el: Uploader): Promise<{ entryId: string; file: File }> {
  const file = pickedFile(`doc-example-${Math.random().toString(36).slice(2)}.mp4`);
  const done = new Promise<string>((resolve, reject) => {
    el.addEventListener('kaltura-upload-complete', (e) => { if (e.detail.file === file) resolve(e.detail.entryId); });
    el.addEventListener('kaltura-upload-error', (e) => reject(new Error(`${e.detail.error.code}: ${e.detail.error.message}`)));
  });
  assert.ok(el.ks || el.ksProvider, 'the example gives the element a KS (`ksProvider` or `ks`): without one, a reader\'s page would upload nothing');
  el.addFiles([file]);
  if (el.manual || el.metadata) {
    await el.updateComplete;
    el.start();
  }
  // Bounded, so an example that never uploads fails with a reason instead of the suite's timeout.
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no new entry within 30 s: did the example give the element a service URL and a KS?')), 30_000));
  return { entryId: await Promise.race([done, timeout]), file };
}

describe('examples in README.md and docs/ run against the local API', function () {
  let stopKsEndpoint: () => void;
  let container: HTMLElement | undefined;

  beforeEach(async () => {
    await resetServer();
    clearResumeRecords();
    stopKsEndpoint = serveKsEndpoint();
  });

  afterEach(() => {
    for (const el of container?.querySelectorAll('kaltura-uploader') ?? []) el.cancel();
    container?.remove();
    container = undefined;
    stopKsEndpoint();
    clearResumeRecords();
  });

  it('finds the runnable examples: the README\'s plain page among them', () => {
    assert.isAtLeast(examples.length, 3);
    assert.isTrue(examples.some((e) => e.file === 'README.md' && e.lang === 'html'));
  });

  for (const example of examples) {
    it(`${example.file}:${example.line} (${example.lang})`, async () => {
      if (example.lang === 'js') {
        const library = (await import(/* @vite-ignore */ MODULES['kaltura-chunked-upload']!)) as typeof Library;
        await import(/* @vite-ignore */ MODULES['kaltura-chunked-upload/define']!);
        container = document.body.appendChild(document.createElement('div'));
        const uploader = container.appendChild(document.createElement('kaltura-uploader'));
        uploader.serviceUrl = origin;
        const getKs = () => userKs({ userId: 'doc-reader' });
        // The names of tools/doc-examples/context.d.ts that a browser page has.
        Object.assign(globalThis, {
          uploader, getKs, ks: getKs, serviceUrl: origin, file: pickedFile('example.mp4'),
          store: new library.MemoryResumeStore(), controller: new AbortController(),
          show: () => {}, showStatus: () => {},
        });
        await runModule(forThisRun(example.code));
        return;
      }

      const { markup, scripts } = splitHtml(forThisRun(example.code));
      container = document.body.appendChild(document.createElement('div'));
      container.innerHTML = markup;
      for (const script of scripts) {
        if (script.src) {
          const url = packageUrl(script.src) ?? (script.src.startsWith(origin) ? script.src : undefined);
          assert.ok(url, `${script.src}: an example that loads scripts from elsewhere must be marked <!-- example: no-run -->`);
          await import(/* @vite-ignore */ url);
        } else {
          await runModule(script.code);
        }
      }
      await customElements.whenDefined('kaltura-uploader');
      const uploaders = [...container.querySelectorAll('kaltura-uploader')];
      for (const el of uploaders) {
        await el.updateComplete;
        const { entryId, file } = await uploadThrough(el);
        const entry = await entryInfo(entryId);
        assert.equal(entry?.sha256, await sha256Hex(file), `the new entry ${entryId} holds the file's bytes`);
        const form = el.closest('form');
        if (form && el.name) assert.include(new FormData(form).getAll(el.name), entryId, 'the form data holds the new entry id');
      }
    });
  }
});
