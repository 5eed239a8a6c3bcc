// A web-test-runner reporter that prints `<engine>: N passed, N failed, N skipped` alone on a line,
// lists each skipped test with its reason (a capability check puts the reason in the title, see
// test/helpers/capability.ts) and, when run by test/run-all.mjs, writes the counts and skips to
// WTR_SUMMARY_FILE so the runner can total the engines.
import fs from 'node:fs';

function count(suite, acc, file, prefix = '') {
  for (const t of suite?.tests ?? []) {
    const state = t.skipped ? 'skipped' : t.passed ? 'passed' : 'failed';
    acc[state]++;
    if (state === 'skipped') acc.skips.push(`${file}: ${prefix}${t.name}`);
  }
  for (const s of suite?.suites ?? []) count(s, acc, file, `${prefix}${s.name} > `);
  return acc;
}

export function summaryReporter(engine = 'chromium') {
  return {
    stop({ sessions }) {
      const acc = { engine, passed: 0, failed: 0, skipped: 0, skips: [] };
      for (const s of sessions) {
        const before = acc.failed;
        count(s.testResults, acc, s.testFile.replace(/^.*?\/test\//, 'test/'));
        // A file that failed to load has no test results: count it as one failure.
        if (!s.passed && acc.failed === before) acc.failed++;
      }
      if (process.env.WTR_SUMMARY_FILE) fs.writeFileSync(process.env.WTR_SUMMARY_FILE, JSON.stringify(acc));
      // console.log, not stdout.write: the dynamic progress bar wipes raw writes.
      for (const skip of acc.skips) console.log(`${engine} skipped ${skip}`);
      console.log(`${engine}: ${acc.passed} passed, ${acc.failed} failed, ${acc.skipped} skipped`);
    },
  };
}
