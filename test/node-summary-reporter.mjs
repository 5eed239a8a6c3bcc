// A node:test reporter for test/run-all.mjs: counts the Node-side tests per engine (an e2e file
// runs its tests in a `describe(<engine>)` per engine, test/e2e/each-engine.ts; other tests count
// as "node"), keeps each skip as `<engine> skipped <file>: <test> [skipped: <reason>]` and each
// file's time per engine, and writes them to NODE_SUMMARY_FILE. It prints nothing: the spec
// reporter does. One stack of running tests for all files: run-all runs one file at a time
// (--test-concurrency=1). A suite's `file` is where `describe` was called (each-engine.ts): a
// suite is named by its tests' file.
import fs from 'node:fs';
import path from 'node:path';
import { ENGINES } from './engines.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export default async function* nodeSummary(source) {
  const summary = { engines: {}, skips: [], times: [] };
  const count = (engine) => (summary.engines[engine] ??= { passed: 0, failed: 0, skipped: 0 });
  /** The tests started at each nesting level, which of them have children, and in which file these are. */
  const stack = [];
  let leafFailures = 0;
  for await (const event of source) {
    if (!['test:start', 'test:pass', 'test:fail'].includes(event.type)) continue;
    const { name, nesting, file = '', skip, details } = event.data;
    if (event.type === 'test:start') {
      stack.length = nesting;
      for (const ancestor of stack) Object.assign(ancestor, { parent: true, file });
      stack[nesting] = { name, parent: false, file, failuresBefore: leafFailures };
      continue;
    }
    const self = stack[nesting];
    const ancestors = stack.slice(0, nesting).map((s) => s.name);
    const engine = ancestors.find((a) => ENGINES.includes(a)) ?? (ENGINES.includes(name) && self?.parent ? name : 'node');
    const relative = path.relative(root, self?.file ?? file) || file;
    if (self?.parent) {
      // A suite: its time, when it is an engine's; a failure of its own (a hook) when none of its tests failed.
      if (ENGINES.includes(name)) summary.times.push({ file: relative, engine, ms: Math.round(details?.duration_ms ?? 0) });
      if (event.type === 'test:fail' && leafFailures === self.failuresBefore) count(engine).failed++;
      continue;
    }
    if (skip !== undefined && skip !== false) {
      count(engine).skipped++;
      const title = [...ancestors.filter((a) => a !== engine), name].join(' > ');
      summary.skips.push(`${engine} skipped ${relative}: ${title} [skipped: ${skip === true ? 'no reason given' : skip}]`);
    } else if (event.type === 'test:pass') count(engine).passed++;
    else {
      count(engine).failed++;
      leafFailures++;
    }
  }
  if (process.env.NODE_SUMMARY_FILE) fs.writeFileSync(process.env.NODE_SUMMARY_FILE, JSON.stringify(summary));
}
