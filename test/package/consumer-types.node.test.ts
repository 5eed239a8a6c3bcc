// The published types, as a TypeScript consumer meets them: a project that installed the tarball
// (plus React and @lit/react for the wrapper) compiles a file that uses the element's events, the
// engine and the React wrapper with no casts, under both bundler and Node ESM resolution, with
// library checking on (so an error inside our .d.ts fails too). `@ts-expect-error` lines prove
// the details are typed, not `any`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ELEMENT_CONSUMER, ENGINE_CONSUMER, REACT_CONSUMER } from './consumer-sources.ts';
import { createConsumerProject, packLibrary, repoVersionOf, root } from './packed-library.ts';

const TSC = path.join(root, 'node_modules/typescript/bin/tsc');

let consumer: string;

before(() => {
  const { tarball } = packLibrary();
  consumer = createConsumerProject('consumer-types', [
    tarball, repoVersionOf('@lit/react'), repoVersionOf('react'), repoVersionOf('@types/react'),
  ]);
  fs.mkdirSync(path.join(consumer, 'src'));
  fs.writeFileSync(path.join(consumer, 'src/element.ts'), ELEMENT_CONSUMER);
  fs.writeFileSync(path.join(consumer, 'src/engine.ts'), ENGINE_CONSUMER);
  fs.writeFileSync(path.join(consumer, 'src/app.tsx'), REACT_CONSUMER);
});

after(() => {
  if (consumer) fs.rmSync(consumer, { recursive: true, force: true });
});

for (const [resolution, module] of [['bundler', 'esnext'], ['nodenext', 'nodenext']] as const) {
  test(`a consumer file using the events, the engine and the React wrapper type-checks (moduleResolution ${resolution})`, () => {
    const tsconfig = `tsconfig.${resolution}.json`;
    fs.writeFileSync(path.join(consumer, tsconfig), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module, moduleResolution: resolution, lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        jsx: 'react-jsx', strict: true, noEmit: true, skipLibCheck: false, types: [],
        exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true,
      },
      include: ['src'],
    }, null, 2));
    const r = spawnSync(process.execPath, [TSC, '-p', tsconfig, '--noEmit', '--pretty', 'false'], { cwd: consumer, encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc --noEmit failed:\n${r.stdout}\n${r.stderr}`);
  });
}

test("the README's TypeScript and React quick starts type-check against the package", () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const sections = readme.split(/^## /m).filter((section) => section.startsWith('Quick start'));
  const blocks = sections.flatMap((section) => [...section.matchAll(/^```(ts|tsx)\n([\s\S]*?)^```/gm)]);
  assert.ok(blocks.some((b) => b[1] === 'ts') && blocks.some((b) => b[1] === 'tsx'), 'a TypeScript and a React quick start');
  const dir = path.join(consumer, 'src/readme');
  fs.mkdirSync(dir, { recursive: true });
  // Each block is its own module (a trailing export keeps top-level names from clashing).
  blocks.forEach(([, ext, code], i) => fs.writeFileSync(path.join(dir, `quick-start-${i}.${ext}`), `${code}\nexport {};\n`));
  try {
    const r = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.bundler.json', '--noEmit', '--pretty', 'false'], { cwd: consumer, encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc --noEmit failed on the README's code:\n${r.stdout}\n${r.stderr}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the type check fails on a misuse of an event detail (it can fail)', () => {
  const bad = path.join(consumer, 'src/misuse.ts');
  fs.writeFileSync(bad, [
    "import 'kaltura-chunked-upload/define';",
    "document.createElement('kaltura-uploader').addEventListener('kaltura-upload-complete', (e) => {",
    '  const size: number = e.detail.entryId;',
    '  return size;',
    '});',
  ].join('\n'));
  try {
    const r = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.bundler.json', '--noEmit', '--pretty', 'false'], { cwd: consumer, encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stdout, /misuse\.ts.*Type 'string' is not assignable to type 'number'/);
  } finally {
    fs.rmSync(bad);
  }
});
