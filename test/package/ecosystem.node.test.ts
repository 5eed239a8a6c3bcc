// The package passes the checks its users' tools make: publint (package.json fields, exports,
// files), Are the Types Wrong (`attw`, the types each export resolves to under Node's and
// bundlers' resolution; ESM only, so CommonJS `require` is out of scope: `--profile esm-only`),
// size-limit's budgets (.size-limit.mjs), and the exact list of files `npm pack` publishes
// (test/package/pack-files.txt), so a file that starts or stops shipping is a reviewed change.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packLibrary, root, type PackedLibrary } from './packed-library.ts';

const PACK_LIST = path.join(root, 'test/package/pack-files.txt');

let packed: PackedLibrary;
/** Per check: the size (bytes) above which the test fails; the budgets are size-limit's `limit`. */
const { ceilings } = (await import(path.join(root, '.size-limit.mjs'))) as { ceilings: Record<string, number> };

before(() => {
  packed = packLibrary(); // runs `npm run build` (prepack), so dist/ is what is published
});

test('publint finds nothing to fix in the packed package (strict: warnings count)', async () => {
  // As the CLI (`npx publint --strict`): npm packs the repository (scripts skipped; dist/ is built).
  const { messages, pkg } = await publint({ pkgDir: root, pack: 'npm', strict: true });
  assert.deepEqual(messages.map((m) => `${m.type}: ${formatMessage(m, pkg)}`), []);
});

test('attw: every entry point resolves to its types, for bundlers and Node ESM (esm-only profile)', () => {
  const r = run('node_modules/.bin/attw', [packed.tarball, '--profile', 'esm-only', '--format', 'json',
    '--include-entrypoints', './locales/en', './locales/he']);
  const report = JSON.parse(r.stdout) as { analysis: { problems: { kind: string; entrypoint: string; resolutionKind?: string }[] } };
  // The esm-only profile ignores CommonJS `require` (node16-cjs) and Node 10's resolution, which
  // has no `exports`: an ESM-only package cannot serve them, and says so in its README.
  const IGNORED = ['node10', 'node16-cjs'];
  assert.deepEqual(report.analysis.problems.filter((p) => !IGNORED.includes(p.resolutionKind ?? '')), []);
  assert.equal(r.status, 0);
});

test('the files npm publishes are exactly test/package/pack-files.txt', () => {
  const r = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']);
  assert.equal(r.status, 0, r.stderr);
  const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path).sort();
  if (process.env.UPDATE_PACK_LIST) fs.writeFileSync(PACK_LIST, files.join('\n') + '\n');
  const expected = fs.readFileSync(PACK_LIST, 'utf8').split('\n').filter(Boolean);
  const extra = files.filter((f) => !expected.includes(f));
  const missing = expected.filter((f) => !files.includes(f));
  assert.deepEqual({ extra, missing }, { extra: [], missing: [] },
    'the tarball changed: check the change is meant, then `UPDATE_PACK_LIST=1 npm test -- test/package/ecosystem` rewrites the list');
});

test('size-limit: engine and element page (min+gzip, lit left out) within their ceilings', () => {
  const r = run('node_modules/.bin/size-limit', ['--json']);
  const checks = JSON.parse(r.stdout) as { name: string; size: number; sizeLimit: number; passed: boolean }[];
  for (const c of checks) {
    const ceiling = ceilings[c.name];
    console.log(`size-limit: ${c.name}: ${c.size} B (${(c.size / 1024).toFixed(2)} KiB); budget ${c.sizeLimit} B, ceiling ${ceiling} B`);
    assert.ok(ceiling, `${c.name} has a ceiling in .size-limit.mjs`);
    assert.ok(c.size <= ceiling, `${c.name}: ${c.size} B is over its ceiling of ${ceiling} B`);
  }
  assert.equal(checks.length, Object.keys(ceilings).length);
});

function run(command: string, args: string[]) {
  // Without the npm_* variables of the `npm test` around us, as a person's shell runs them.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
  return spawnSync(command, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
