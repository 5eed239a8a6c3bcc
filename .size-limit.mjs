// `npm run size`: the bundle budgets, measured by size-limit with its esbuild preset
// (@size-limit/preset-small-lib), min+gzip, `lit` left out (the app's bundler provides it).
//
// Only what a page loads up front counts: code behind `import()` (the recorder, the stream room,
// the media probe... see docs/performance.md) is split into chunks of its own, as every app
// bundler does, and left out of the figure. size-limit's esbuild step bundles without code
// splitting (it would inline those chunks), so `modifyEsbuildConfig` turns splitting on and
// drops the outputs reached only through `import()` from the metafile size-limit reads. The
// up-front outputs (the entry and a chunk it shares with lazy code, if any) are joined into one
// file before gzip, as the page's bundle would hold them in an app (and as the bench counts).
// tools/bench/bundle-size.ts measures the same way (the bench prints the lazy chunks too);
// test/package/size-limit.node.test.ts runs this in `npm test`.

import fs from 'node:fs';
import path from 'node:path';

/** Outputs a page loads up front: the entry's first, then all it imports statically (not `import()`). */
function upFront(metafile) {
  const { outputs } = metafile;
  const reached = new Set();
  for (const o of Object.values(outputs)) for (const i of o.imports) if (i.kind === 'dynamic-import') reached.add(i.path);
  // Entry outputs that no import() reaches are the page's own (size-limit's generated entry).
  const entries = Object.keys(outputs).filter((o) => outputs[o].entryPoint && !reached.has(o) && !o.endsWith('.map'));
  if (entries.length !== 1) throw new Error(`expected one page entry, found ${entries.join(', ')}`);
  const keep = new Set();
  const visit = (file) => {
    if (keep.has(file)) return;
    keep.add(file);
    for (const i of outputs[file].imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  entries.forEach(visit);
  return keep;
}

const upFrontOnly = (config) => ({
  ...config,
  format: 'esm',
  splitting: true,
  target: 'es2022',
  plugins: [...(config.plugins ?? []), {
    name: 'up-front-only',
    setup(build) {
      build.onEnd((result) => {
        if (!result.metafile) return;
        const [entry, ...shared] = upFront(result.metafile);
        const file = (o) => path.resolve(build.initialOptions.absWorkingDir ?? process.cwd(), o);
        fs.writeFileSync(file(entry), [entry, ...shared].map((o) => fs.readFileSync(file(o), 'utf8')).join('\n'));
        for (const o of Object.keys(result.metafile.outputs)) if (o !== entry) delete result.metafile.outputs[o];
      });
    },
  }],
});

const ENGINE = 'engine alone (ChunkedUpload)';
const ELEMENT_PAGE = 'element page (ChunkedUpload, KalturaUploaderElement, UploadError)';

/**
 * Where `npm test` fails (test/package/ecosystem.node.test.ts), by check name. `limit` below is
 * the budget (`npm run size` fails above it, and says by how much); a ceiling above a budget is a
 * provisional line for the project's lead to settle, written here with the figures it was set
 * from, so that a page over budget cannot keep growing unnoticed while the budget is argued.
 *
 * Figures (size-limit, 2026-12-06): before this round's engine state machine, engine 7079 B and
 * element page 18504 B (already over its 18 KiB); with it (main at d83aa12), engine 7540 B (over
 * its 7 KiB) and element page 18945 B; with replace/import and enrichment too (main at 4549ff6),
 * engine 7791 B and element page 19594 B; with KS secrecy and the element lifecycle work (main at
 * f70e63c), engine 7801 B and element page 20022 B; with the speed work and then the lazy
 * loading of resume continuation, the interrupted list, metadata fields, thumbnails and the unload
 * guard (main at the end of the round), engine 7892 B and element page 19371 B. The lead's call for
 * that round: the budgets are missed (by 724 B and 939 B) and reported as missed; the ceilings sit
 * about 1% over the last figures so that neither page can grow further unnoticed. Then (issue #24,
 * branch bundle) the announcements' wording and a row's preview parts went lazy: engine 7892 B,
 * element page 19058 B (still over, by 724 B and 626 B); the element's ceiling came down with it.
 * Then three correctness fixes found by the soaks and the model test (tokens of lost
 * uploadToken.add answers deleted, an entry request run twice, `el.cancel()`'s promise and a pure
 * render): engine 7990 B, element page 19277 B; both ceilings moved to about 1% above those.
 * Then the interrupted list's matching of records with queued files went lazy and the request
 * loop's KS rule became one boolean (`refreshesKs`, the dead 'retry'/'fail' remedy strings gone):
 * engine 7961 B, element page 19102 B (still over, by 793 B and 670 B); the element's ceiling
 * came down with it (about 1% above), the engine's stays. Then entry creation became one entry
 * however often its request runs (uploadToken.list first, its error kept): 8076 B broke the
 * engine's ceiling; the small-file module's tools went as a list, not an object: engine 8051 B,
 * element page 19199 B (over budget by 883 B and 767 B); the ceilings stay.
 */
export const ceilings = {
  [ENGINE]: 8070, // 7.88 KiB
  [ELEMENT_PAGE]: 19290, // 18.84 KiB
};

const common = { gzip: true, ignore: ['lit'], modifyEsbuildConfig: upFrontOnly };

export default [
  {
    name: ENGINE,
    path: 'src/engine/chunked-upload.ts',
    import: '{ ChunkedUpload, DEFAULT_CHUNK_SIZE, DEFAULT_CONCURRENCY }',
    limit: '7 KiB',
    ...common,
  },
  {
    // A page with the element: the names shared/public-api.md shows a page importing.
    name: ELEMENT_PAGE,
    path: 'src/index.ts',
    import: '{ ChunkedUpload, KalturaUploaderElement, UploadError }',
    limit: '18 KiB',
    ...common,
  },
];
