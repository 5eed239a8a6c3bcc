#!/usr/bin/env node
// `npm test`: every test in one command. Node-side tests (`*.node.test.ts`: the local API, the
// official Kaltura client, Playwright end-to-end) run under node:test; browser tests run under
// web-test-runner. The last line is the total, `N passed, N failed`, which CI reads.
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_PATH } from './chromium.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

ensureChromium();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-test-'));
const totals = { passed: 0, failed: 0 };
const only = process.argv.slice(2); // optional file filters, e.g. `npm test -- engine`

// 1. Node-side tests.
const nodeFiles = findFiles('test', (f) => f.endsWith('.node.test.ts')).filter(matches);
if (nodeFiles.length) {
  const tap = path.join(tmp, 'node.tap');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...nodeFiles], { stdio: 'inherit' });
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  const pass = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
  totals.passed += pass;
  totals.failed += fail + (r.status !== 0 && fail === 0 ? 1 : 0);
}

// 2. Browser tests.
const browserFiles = findFiles('test', (f) => f.endsWith('.test.ts') && !f.endsWith('.node.test.ts')).filter(matches);
if (browserFiles.length) {
  const summary = path.join(tmp, 'wtr.json');
  const args = ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js',
    '--config', 'test/web-test-runner.config.mjs'];
  if (only.length) args.push('--files', ...browserFiles);
  const r = spawnSync(process.execPath, args, {
    stdio: 'inherit', env: { ...process.env, WTR_SUMMARY_FILE: summary },
  });
  const s = fs.existsSync(summary) ? JSON.parse(fs.readFileSync(summary, 'utf8')) : { passed: 0, failed: 1 };
  totals.passed += s.passed;
  totals.failed += s.failed + (r.status !== 0 && s.failed === 0 ? 1 : 0);
}

fs.rmSync(tmp, { recursive: true, force: true });
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);

function matches(f) {
  return only.length === 0 || only.some((o) => f.includes(o));
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

function ensureChromium() {
  if (fs.existsSync(CHROMIUM_PATH)) return;
  console.log(`${CHROMIUM_PATH} is missing: installing Debian's chromium (needs root and apt-get).`);
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    console.error('Could not install chromium: run `apt-get install -y chromium` as root, or set CHROMIUM_PATH.');
    process.exit(1);
  }
}
