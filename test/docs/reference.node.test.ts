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
