// Bundle figures for `npm run bench`: minified + gzip bytes of the engine alone and of engine +
// element, with `lit` left out (the consumer's bundler provides it).
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '../..');

async function minGzip(contents: string): Promise<{ min: number; gzip: number }> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'bench-entry.ts' },
    bundle: true, minify: true, format: 'esm', target: 'es2022', write: false, logLevel: 'silent',
    external: ['lit', 'lit/*', '@lit/*'],
    tsconfig: path.join(root, 'tsconfig.json'),
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: zlib.gzipSync(code, { level: 9 }).length };
}

export async function bundleSizes() {
  return {
    engine: await minGzip(`export * from './src/engine/chunked-upload.ts';`),
    engineAndElement: await minGzip(`export * from './src/index.ts';\nimport './src/define.ts';`),
  };
}
