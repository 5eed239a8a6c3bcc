// The README stays one screen's worth: what it is, install, the two commands, three quick starts,
// getting a KS safely, links. Everything else belongs in docs/ (docs/README.md is the index).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

test('README.md is at most 15 KB', () => {
  const bytes = Buffer.byteLength(readme);
  assert.ok(bytes <= 15 * 1024, `README.md is ${bytes} B: move the detail to a guide in docs/`);
});

test('README.md has the two commands, the three quick starts and the KS section, in that order', () => {
  const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
  const wanted = ['Install', 'The two commands', 'Quick start: a plain page', 'Quick start: an SPA with the headless engine', 'Quick start: React', 'Getting a KS safely', 'Documentation'];
  assert.deepEqual(headings.filter((h) => wanted.includes(h)), wanted);
  assert.match(readme, /^npm install && npm run demo /m);
  assert.match(readme, /^npm install && npm test /m);
  // The package scripts the two commands name exist.
  const scripts = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.ok(scripts.demo && scripts.test);
});

test('README.md says plainly that the package is ES modules only, and never shows a secret in browser code', () => {
  assert.match(readme, /ES modules only/);
  assert.match(readme, /ksProvider/);
  assert.doesNotMatch(readme.replace(/<!-- example: no-run -->\n```js\n\/\/ Your server[\s\S]*?```/, ''), /secret:/, 'a `secret:` only in the server-side example');
});
