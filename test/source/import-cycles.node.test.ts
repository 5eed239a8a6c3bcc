// No import circles in src/ or server/ (the team's style: a circle means two files that are one
// idea, or a shared part that wants a file of its own). Every kind of import counts: static,
// `import type`, `export … from` and `import()`, since each ties the two files' meanings together
// even when the bundler drops it. Runs on the sources, with no build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findImportCycles, importGraph } from './import-graph.ts';

for (const folder of ['src', 'server']) {
  test(`${folder}/ has no import cycles`, () => {
    const graph = importGraph(folder);
    assert.ok(graph.size > 10, `read the files of ${folder}/ (${graph.size})`);
    const cycles = findImportCycles(graph);
    assert.deepEqual(cycles.map((c) => c.join(' -> ')), []);
  });
}

test('the check finds a two-file circle, and one through a dynamic or type-only import', () => {
  const graph = new Map([
    ['a.ts', new Set(['b.ts'])],
    ['b.ts', new Set(['a.ts'])],
    ['c.ts', new Set(['d.ts'])],
    ['d.ts', new Set<string>()],
  ]);
  assert.deepEqual(findImportCycles(graph), [['a.ts', 'b.ts', 'a.ts']]);
});
