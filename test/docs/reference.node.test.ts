// The checked-in reference (docs/reference/) is what `npm run docs` generates from the package as
// built now: a renamed attribute, a new event or a changed signature without a regenerated
// reference fails here, with the command that fixes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packLibrary } from '../package/packed-library.ts';
import { generateReference, stalePages } from '../../tools/reference/generate.ts';

test('docs/reference/ is up to date with custom-elements.json and the .d.ts files', () => {
  packLibrary(); // `npm run build` (through prepack), shared with the package tests
  const pages = generateReference();
  assert.deepEqual([...pages.keys()].sort(), ['docs/reference/api.md', 'docs/reference/element.md']);
  assert.deepEqual(stalePages(pages), [], 'stale: run `npm run docs` and commit docs/reference/');
});

test('the generated pages are well-formed Markdown: every code fence closes', () => {
  for (const [rel, text] of generateReference()) {
    const fences = text.split('\n').filter((l) => l.startsWith('```'));
    const closed = fences.filter((_, i) => i % 2 === 1);
    assert.equal(fences.length % 2, 0, `${rel}: a code fence is left open`);
    assert.ok(closed.every((l) => l === '```'), `${rel}: a fence closes with a language (${closed.find((l) => l !== '```')})`);
  }
});
