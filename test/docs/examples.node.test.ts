// Every ts/tsx/js/html example in README.md and docs/ type-checks against the package's sources
// (tools/doc-examples/): an option renamed in src/ and not in the docs fails here, with the
// Markdown file and line. test/docs/examples.test.ts runs the HTML/JS ones in the browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { allExamples, checkExampleTypes, docFiles, root } from '../../tools/doc-examples/check-types.ts';

test('every example in README.md and docs/ type-checks against src/', () => {
  const examples = allExamples();
  assert.ok(examples.length >= 10, `found ${examples.length} examples: is the extractor reading the docs?`);
  const { errors } = checkExampleTypes(examples);
  assert.deepEqual(errors, []);
});

test('the three quick starts are examples that are checked (and the HTML one is run)', () => {
  const readme = allExamples().filter((e) => e.file === 'README.md');
  assert.ok(readme.some((e) => e.lang === 'html' && e.run), 'a runnable plain-page example');
  assert.ok(readme.some((e) => e.lang === 'ts' && e.code.includes('new ChunkedUpload(')), 'an engine example');
  assert.ok(readme.some((e) => e.lang === 'tsx' && e.code.includes('kaltura-chunked-upload/react')), 'a React example');
});

test('every guide in docs/ is linked from the docs index (docs/README.md), which the browser runner follows', () => {
  const index = fs.readFileSync(path.join(root, 'docs/README.md'), 'utf8');
  const linked = new Set([...index.matchAll(/\]\(([\w./-]+\.md)\)/g)].map((m) => path.posix.join('docs', m[1]!)));
  const unlinked = docFiles().filter((f) => f.startsWith('docs/') && f !== 'docs/README.md' && !linked.has(f));
  assert.deepEqual(unlinked, []);
});
