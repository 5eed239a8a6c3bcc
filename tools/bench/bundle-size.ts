// Bundle figures for `npm run bench`: minified + gzip bytes of the engine alone and of engine +
// element, with `lit` left out (the consumer's bundler provides it). Code behind a dynamic
// `import()` (the stream room, the recorder) is what an app loads only when it uses it: it is
// split off and reported apart (`lazy`), so the main figures are what every app loads.
import path from 'node:path';
import zlib from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const root = path.resolve(import.meta.dirname, '../..');

export interface Size {
  min: number;
  gzip: number;
}

/** What an app loads at once (the entry and the chunks it imports statically), and each lazily imported chunk. */
export interface SplitSize extends Size {
  lazy: Record<string, Size>;
}

const measure = (code: Uint8Array): Size => ({ min: code.length, gzip: zlib.gzipSync(code, { level: 9 }).length });

async function minGzip(contents: string): Promise<SplitSize> {
  const outdir = path.join(root, 'bench-out');
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'bench-entry.ts' },
    bundle: true, minify: true, format: 'esm', target: 'es2022', write: false, logLevel: 'silent',
    splitting: true, outdir, metafile: true, entryNames: 'entry', chunkNames: '[name]-[hash]',
    external: ['lit', 'lit/*', '@lit/*'],
    tsconfig: path.join(root, 'tsconfig.json'),
  });
  const files = new Map(result.outputFiles.map((f) => [path.relative(root, f.path), f.contents]));
  const outputs: Metafile['outputs'] = result.metafile.outputs;
  // The entry and everything it imports statically, as one text (as the previous single-file figure).
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const i of outputs[file]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(Object.keys(outputs).find((f) => outputs[f].entryPoint)!);
  const joined = Buffer.concat([...loaded].map((f) => files.get(f)!));
  const lazy: Record<string, Size> = {};
  for (const [file, code] of files) {
    if (loaded.has(file) || !file.endsWith('.js')) continue;
    // Name a lazy chunk by the source module that gives it its name (esbuild's [name]).
    lazy[path.basename(file, '.js').replace(/-[A-Z0-9]+$/, '')] = measure(code);
  }
  return { ...measure(joined), lazy };
}

export async function bundleSizes() {
  return {
    engine: await minGzip(`export * from './src/engine/chunked-upload.ts';`),
    engineAndElement: await minGzip(`export * from './src/index.ts';\nimport './src/define.ts';`),
  };
}
