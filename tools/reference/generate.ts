// `npm run docs` (after `npm run build`): writes the generated reference in docs/reference/ from
// what the build publishes, so the reference cannot say what the package does not do:
//
// - docs/reference/element.md from dist/custom-elements.json (written by `cem analyze` from the
//   element's JSDoc: attributes, properties, methods, events, slots, parts, CSS properties, states);
// - docs/reference/api.md from the published .d.ts files (dist/index.d.ts and dist/react.d.ts).
//
// Why not TypeDoc: TypeDoc 0.28 drives the TypeScript compiler through its JavaScript API and
// accepts TypeScript 5.0–6.0 only; this project builds with TypeScript 7 (the native compiler),
// which has no JavaScript API, and both cannot be `typescript` in one node_modules. API Extractor
// (@microsoft/api-extractor) ships its own TypeScript (6.0) as a dependency of its own, reads the
// .d.ts that TypeScript 7 emits, and writes a documented model (`.api.json`) of every exported name
// with its signature and doc comment. This file turns that model into one Markdown page (API
// Documenter's output, one file per member with HTML tables, 294 files here, is too scattered to read).
//
// `tsx tools/reference/generate.ts --check` writes nothing and exits 1 when a checked-in page
// differs from what would be generated; test/docs/reference.node.test.ts runs that in `npm test`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { renderApi, type ApiJson } from './api-markdown.ts';
import { renderElement, type CustomElementsManifest } from './element-markdown.ts';

const root = path.resolve(import.meta.dirname, '../..');
const outDir = path.join(root, 'docs/reference');

/** The generated pages, by path relative to the repository, from the current dist/. */
export function generateReference(): Map<string, string> {
  const manifestFile = path.join(root, 'dist/custom-elements.json');
  if (!fs.existsSync(manifestFile) || !fs.existsSync(path.join(root, 'dist/index.d.ts'))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm run docs` does both)');
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as CustomElementsManifest;
  return new Map([
    ['docs/reference/element.md', renderElement(manifest)],
    ['docs/reference/api.md', renderApi([
      { specifier: 'kaltura-chunked-upload', model: extractApiModel('dist/index.d.ts') },
      { specifier: 'kaltura-chunked-upload/react', model: extractApiModel('dist/react.d.ts') },
    ])],
  ]);
}

/** Runs API Extractor on one entry point's .d.ts (relative to the repository); returns its doc model. */
function extractApiModel(entryDts: string): ApiJson {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-api-'));
  try {
    const configFile = path.join(import.meta.dirname, 'api-extractor.json');
    const configObject = ExtractorConfig.loadFile(configFile);
    configObject.mainEntryPointFilePath = path.join(root, entryDts);
    configObject.docModel = { enabled: true, apiJsonFilePath: path.join(tmp, 'api.json') };
    const config = ExtractorConfig.prepare({ configObject, configObjectFullPath: configFile, packageJsonFullPath: path.join(root, 'package.json') });
    const errors: string[] = [];
    const result = Extractor.invoke(config, {
      localBuild: true,
      messageCallback: (m) => {
        if (m.logLevel === 'error') errors.push(m.formatMessageWithLocation(root));
        m.handled = true; // warnings (an internal type named in a public one) are not the reference's business
      },
    });
    if (!result.succeeded || errors.length) throw new Error(`API Extractor failed:\n${errors.join('\n')}`);
    return JSON.parse(fs.readFileSync(path.join(tmp, 'api.json'), 'utf8')) as ApiJson;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Paths whose checked-in text differs from `pages`. */
export function stalePages(pages: Map<string, string>): string[] {
  return [...pages].filter(([rel, text]) => {
    const file = path.join(root, rel);
    return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text;
  }).map(([rel]) => rel);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pages = generateReference();
  if (process.argv.includes('--check')) {
    const stale = stalePages(pages);
    if (stale.length) {
      console.error(`stale generated reference: ${stale.join(', ')}. Run \`npm run docs\` and commit the result.`);
      process.exit(1);
    }
    console.log('docs/reference is up to date');
  } else {
    fs.mkdirSync(outDir, { recursive: true });
    for (const [rel, text] of pages) fs.writeFileSync(path.join(root, rel), text);
    console.log(`wrote ${[...pages.keys()].join(', ')}`);
  }
}
