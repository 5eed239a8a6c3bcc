// A web-test-runner reporter that prints `<engine>: N passed, N failed, N skipped` alone on a line,
// lists each skipped test with its reason (a capability check puts the reason in the title, see
// test/helpers/capability.ts) and each failed one with its error's first line, and, when run by
// test/run-all.mjs, writes all that to WTR_SUMMARY_FILE so the runner can total the engines and
// repeat the failures at the end of the log, where CI output is read.
import fs from 'node:fs';

function count(suite, acc, file, prefix = '') {
  for (const t of suite?.tests ?? []) {
    const state = t.skipped ? 'skipped' : t.passed ? 'passed' : 'failed';
    acc[state]++;
    if (state === 'skipped') acc.skips.push(`${file}: ${prefix}${t.name}`);
    if (state === 'failed') acc.failures.push(`${file}: ${prefix}${t.name}: ${firstLine(t.error?.message)}`);
  }
  for (const s of suite?.suites ?? []) count(s, acc, file, `${prefix}${s.name} > `);
  return acc;
}

/** @param {() => string[]} restarts why the launcher had to start the browser again, if it did */
export function summaryReporter(engine = 'chromium', restarts = () => []) {
  return {
    stop({ sessions }) {
      const acc = { engine, passed: 0, failed: 0, skipped: 0, skips: [], failures: [], restarts: restarts() };
      for (const s of sessions) {
        const before = acc.failed;
        const file = s.testFile.replace(/^.*?\/test\//, 'test/');
        count(s.testResults, acc, file);
        // A file that failed to load, or whose browser failed it, has no failed test: count it as one.
        if (!s.passed && acc.failed === before) {
          acc.failed++;
          acc.failures.push(`${file}: ${firstLine(s.errors?.[0]?.message ?? 'the file did not finish')}`);
        }
      }
      if (process.env.WTR_SUMMARY_FILE) fs.writeFileSync(process.env.WTR_SUMMARY_FILE, JSON.stringify(acc));
      // console.log, not stdout.write: the dynamic progress bar wipes raw writes.
      for (const skip of acc.skips) console.log(`${engine} skipped ${skip}`);
      for (const failure of acc.failures) console.log(`${engine} failed ${failure}`);
      console.log(`${engine}: ${acc.passed} passed, ${acc.failed} failed, ${acc.skipped} skipped`);
    },
  };
}

function firstLine(message = '') {
  return String(message).split('\n')[0].slice(0, 400);
}
