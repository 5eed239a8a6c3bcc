// A web-test-runner reporter that prints `N passed, N failed` alone on a line (CI reads it) and,
// when run by test/run-all.mjs, writes the counts to WTR_SUMMARY_FILE so they can be totalled.
import fs from 'node:fs';

function count(suite, acc) {
  for (const t of suite?.tests ?? []) acc[t.skipped ? 'skipped' : t.passed ? 'passed' : 'failed']++;
  for (const s of suite?.suites ?? []) count(s, acc);
  return acc;
}

export function summaryReporter() {
  return {
    stop({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0 };
      for (const s of sessions) {
        const before = acc.failed;
        count(s.testResults, acc);
        // A file that failed to load has no test results: count it as one failure.
        if (!s.passed && acc.failed === before) acc.failed++;
      }
      if (process.env.WTR_SUMMARY_FILE) fs.writeFileSync(process.env.WTR_SUMMARY_FILE, JSON.stringify(acc));
      // console.log, not stdout.write: the dynamic progress bar wipes raw writes.
      console.log(`${acc.passed} passed, ${acc.failed} failed`);
    },
  };
}
