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

/** Guides other work of this round writes; the index links them before they land. */
const GUIDES_BEING_WRITTEN = ['engine-states.md', 'element-lifecycle.md', 'security.md', 'browsers.md', 'replace-and-import.md', 'enrichment.md']
  .map((f) => `docs/${f}`);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

test('every relative link in README.md and docs/ leads to a file, and to a heading in it', () => {
  const broken: string[] = [];
  for (const file of docFiles().concat(['docs/reference/api.md', 'docs/reference/element.md'])) {
    const text = fs.readFileSync(path.join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue; // https:, mailto:
      const [rel, anchor] = target!.split('#') as [string, string | undefined];
      const dest = rel ? path.posix.normalize(path.posix.join(path.posix.dirname(file), rel)) : file;
      if (!fs.existsSync(path.join(root, dest))) {
        if (!GUIDES_BEING_WRITTEN.includes(dest)) broken.push(`${file}: ${target} (no ${dest})`);
        continue;
      }
      if (anchor && dest.endsWith('.md')) {
        const headings = [...fs.readFileSync(path.join(root, dest), 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!));
        if (!headings.includes(anchor)) broken.push(`${file}: ${target} (no heading #${anchor} in ${dest})`);
      }
    }
  }
  assert.deepEqual(broken, []);
});
