// Bundle figures for `npm run bench`: minified + gzip bytes of the engine alone and of engine +
// element, with `lit` left out (the consumer's bundler provides it). Code behind a dynamic
// `import()` (the folder walker, the wake lock: what most pages never load) is split off as a
// bundler would and reported apart, as `lazy`; `min`/`gzip` are what a page loads up front.
// Each language pack is measured alone (with the helpers it shares, without the element it
// registers into): what importing one adds.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'esbuild';
import { upFrontFiles } from './up-front-files.ts';

const root = path.resolve(import.meta.dirname, '../..');

interface Sizes {
  min: number;
  gzip: number;
  /** Chunks only reached through `import()`: their gzip bytes, by chunk. */
  lazy: Record<string, number>;
}

async function minGzip(contents: string): Promise<Sizes> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'bench-entry.ts' },
    bundle: true, minify: true, format: 'esm', target: 'es2022', write: false, logLevel: 'silent',
    splitting: true, outdir: path.join(root, 'bundle-size-out'), metafile: true,
    external: ['lit', 'lit/*', '@lit/*'],
    tsconfig: path.join(root, 'tsconfig.json'),
  });
  const outputs = result.metafile.outputs;
  const code = new Map(result.outputFiles.map((f) => [path.relative(root, f.path), f.contents]));
  // Chunks behind import() are entry points too: the page's entry is the one built from
  // `contents`. Up front: it and every chunk it imports statically, as one text (gzip sees it whole).
  const upFront = upFrontFiles(result.metafile, 'bench-entry.ts');
  const initial = Buffer.concat([...upFront].map((f) => code.get(f)!));
  const lazy = Object.fromEntries(Object.keys(outputs).filter((f) => !upFront.has(f)).map((f) => [path.basename(f), zlib.gzipSync(code.get(f)!, { level: 9 }).length]));
  return { min: initial.length, gzip: zlib.gzipSync(initial, { level: 9 }).length, lazy };
}

/** gzip bytes of each language pack in src/locales (the element it imports left out). */
async function localeSizes(): Promise<Record<string, number>> {
  const dir = path.join(root, 'src/locales');
  const packs = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'intl-forms.ts');
  const sizes: Record<string, number> = {};
  for (const file of packs) {
    const result = await build({
      entryPoints: [path.join(dir, file)], bundle: true, minify: true, format: 'esm', target: 'es2022', write: false, logLevel: 'silent',
      tsconfig: path.join(root, 'tsconfig.json'),
      plugins: [{ name: 'element-external', setup: (b) => b.onResolve({ filter: /\/element\// }, (a) => ({ path: a.path, external: true })) }],
    });
    sizes[file.slice(0, -3)] = zlib.gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
  }
  return sizes;
}

export async function bundleSizes() {
  return {
    engine: await minGzip(`export * from './src/engine/chunked-upload.ts';`),
    // A page with the element: the package entry's names public-api.md shows it importing.
    engineAndElement: await minGzip(`export { ChunkedUpload, KalturaUploaderElement, UploadError } from './src/index.ts';`),
    // Every export of the package entry (the resume stores, listing interrupted uploads,
    // waitForEntryReady...), as an app that imports all of them bundles it.
    everyExport: await minGzip(`export * from './src/index.ts';`),
    locales: await localeSizes(),
  };
}
