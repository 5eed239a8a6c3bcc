#!/usr/bin/env node
// `npm test`: every test in one command. Node-side tests (`*.node.test.ts`: the local API, the
// official Kaltura client, end-to-end flows that drive a page) run under node:test; every other
// `test/**/*.test.ts` runs under web-test-runner once per engine (Chromium, Firefox, WebKit), one
// engine after another. It installs nothing: a missing browser is reported with the command that
// brings it (`npm run setup:browsers`). Per engine it prints `<engine>: N passed, N failed` (and
// `node <engine>: ...` with each e2e file's time for the Node-side half), then
// the skips with their reasons, and the last line is the total, `N passed, N failed`, which CI reads.
//   npm test -- test/engine/resume            only files whose path contains a filter
//   npm test -- --engine=firefox test/element  one engine (repeatable, or KCU_ENGINES=firefox,webkit)
//   npm test -- --browser-only / --node-only
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ENGINES, XVFB_RUN_PATH, missingTools } from './engines.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const only = args.filter((a) => !a.startsWith('--')); // optional file filters, e.g. `npm test -- engine`
const engineFlags = flags.filter((f) => f.startsWith('--engine=')).flatMap((f) => f.slice('--engine='.length).split(','));
const engines = engineFlags.length ? engineFlags : (process.env.KCU_ENGINES?.split(',') ?? ENGINES);
for (const e of engines) if (!ENGINES.includes(e)) fail(`unknown engine "${e}": expected ${ENGINES.join(', ')}`);
const runNode = !flags.includes('--browser-only');
const runBrowser = !flags.includes('--node-only');

const missing = missingTools(engines);
if (missing.length) {
  const pkgs = [...new Set(missing.map((m) => m.pkg))];
  fail([
    'Browsers the tests need are missing (npm test installs nothing):',
    ...missing.map((m) => `  ${m.engine}: ${m.path} (Debian package ${m.pkg})`),
    'Install them with `npm run setup:browsers` (as root: apt-get install chromium firefox-esr webkit2gtk-driver xvfb xauth),',
    `or: apt-get install -y ${pkgs.join(' ')}`,
  ].join('\n'));
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-test-'));
const totals = { passed: 0, failed: 0 };
const lines = [];
const skips = [];
const failures = [];

// 1. Node-side tests.
const nodeFiles = runNode ? findFiles('test', (f) => f.endsWith('.node.test.ts')).filter(matches) : [];
if (nodeFiles.length) {
  const started = Date.now();
  const tap = path.join(tmp, 'node.tap');
  const nodeSummary = path.join(tmp, 'node-summary.json');
  const node = [process.execPath, '--import', 'tsx', '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    '--test-reporter=./test/node-summary-reporter.mjs', '--test-reporter-destination=stderr', ...nodeFiles];
  // WebKitGTK's MiniBrowser has no headless mode: the e2e files that drive it need a display.
  const [cmd, ...cmdArgs] = engines.includes('webkit') ? [XVFB_RUN_PATH, '-a', '-s', '-screen 0 1920x1200x24', ...node] : node;
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: { ...process.env, KCU_ENGINES: engines.join(','), NODE_SUMMARY_FILE: nodeSummary } });
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  const pass = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0) + (r.status !== 0 && !/^# fail [1-9]/m.test(text) ? 1 : 0);
  const skipped = Number(/^# skipped (\d+)/m.exec(text)?.[1] ?? 0);
  const s = fs.existsSync(nodeSummary) ? JSON.parse(fs.readFileSync(nodeSummary, 'utf8')) : { engines: {}, skips: [], times: [] };
  skips.push(...s.skips);
  // What failed, with its first error line, repeated by the summary (a CI log is often read from its end).
  for (const m of text.matchAll(/^(\s*)not ok \d+ - (.*)\n(?:\1 .*\n)*?\1  error: (.*)\n(.*)$/gm)) {
    const error = /^[|>]-?$/.test(m[3]) ? m[4].trim() : m[3]; // a YAML block: its first line
    failures.push(`node: ${m[2]}: ${error.slice(0, 400)}`);
  }
  totals.passed += pass;
  totals.failed += fail;
  lines.push(`node: ${pass} passed, ${fail} failed, ${skipped} skipped (${seconds(started)})`);
  for (const engine of ENGINES.filter((e) => s.engines[e])) {
    const c = s.engines[engine];
    const times = s.times.filter((t) => t.engine === engine);
    const ms = times.reduce((sum, t) => sum + t.ms, 0);
    lines.push(`node ${engine}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped (${Math.round(ms / 1000)} s: ${times.map((t) => `${path.basename(t.file, '.node.test.ts')} ${Math.round(t.ms / 1000)} s`).join(', ')})`);
  }
}

// 2. Browser tests, one engine after another.
const browserFiles = runBrowser ? findFiles('test', (f) => f.endsWith('.test.ts') && !f.endsWith('.node.test.ts')).filter(matches) : [];
if (browserFiles.length) {
  for (const engine of engines) {
    const started = Date.now();
    const summary = path.join(tmp, `wtr-${engine}.json`);
    const wtr = ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js', '--config', 'test/web-test-runner.config.mjs'];
    if (only.length) wtr.push('--files', ...browserFiles);
    // WebKitGTK's MiniBrowser has no headless mode: give it a virtual X display.
    const [cmd, cmdArgs] = engine === 'webkit'
      ? [XVFB_RUN_PATH, ['-a', '-s', '-screen 0 1920x1200x24', process.execPath, ...wtr]]
      : [process.execPath, wtr];
    const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: { ...process.env, KCU_ENGINE: engine, WTR_SUMMARY_FILE: summary } });
    const s = fs.existsSync(summary) ? JSON.parse(fs.readFileSync(summary, 'utf8')) : { passed: 0, failed: 1, skipped: 0, skips: [] };
    const failed = s.failed + (r.status !== 0 && s.failed === 0 ? 1 : 0);
    totals.passed += s.passed;
    totals.failed += failed;
    skips.push(...s.skips.map((k) => `${engine} skipped ${k}`));
    failures.push(...(s.failures ?? []).map((f) => `${engine}: ${f}`));
    if (failed > s.failed) failures.push(`${engine}: web-test-runner exited with ${r.status ?? r.signal} (see its log above)`);
    const restarts = s.restarts?.length ? `; the browser was started again ${s.restarts.length}× (${s.restarts[0]})` : '';
    lines.push(`${engine}: ${s.passed} passed, ${failed} failed, ${s.skipped} skipped (${seconds(started)}${restarts})`);
  }
}

fs.rmSync(tmp, { recursive: true, force: true });
console.log('\nSummary');
for (const l of lines) console.log(l);
if (skips.length) console.log(`Skipped by capability (${skips.length}):\n${skips.map((s) => `  ${s}`).join('\n')}`);
else console.log('Skipped: none');
if (failures.length) console.log(`Failed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);

function matches(f) {
  return only.length === 0 || only.some((o) => f.includes(o));
}

function seconds(since) {
  return `${Math.round((Date.now() - since) / 1000)} s`;
}

function fail(message) {
  console.error(message);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

function findFiles(dir, keep) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) { if (entry.name !== 'node_modules' && entry.name !== 'output') out.push(...findFiles(p, keep)); }
    else if (keep(p)) out.push(p);
  }
  return out.sort();
}
