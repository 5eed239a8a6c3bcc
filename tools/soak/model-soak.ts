// `npm run soak -- --model [--element] [--sequences N] [--seed N]`: the engine's model-based test
// (test/engine/model.test.ts), or with `--element` the element's (test/element/model.test.ts),
// with many random sequences instead of `npm test`'s few, in Chromium
// against the local API, through web-test-runner (the test reads MODEL_SEED and MODEL_SEQUENCES
// through the server command `modelConfig`). Prints `sequences: N, violations: N`; exit code 1
// on a violation (the counterexample and its seed are printed above that line).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '../..');

export async function runModelSoak(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { sequences: { type: 'string', default: '500' }, seed: { type: 'string' }, path: { type: 'string' }, element: { type: 'boolean', default: false } } });
  const sequences = Number(values.sequences);
  const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
  if (!(Number.isInteger(sequences) && sequences > 0) || !Number.isInteger(seed)) {
    console.error('usage: npm run soak -- --model [--element] [--sequences <count>] [--seed <integer>] [--path <fast-check path, to replay one>]');
    return 2;
  }
  const file = values.element ? 'test/element/model.test.ts' : 'test/engine/model.test.ts';
  console.log(`model soak (${file}): ${sequences} sequences from seed ${seed}`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js', '--config', 'test/web-test-runner.config.mjs', '--files', file], {
    cwd: root, env: { ...process.env, MODEL_SEED: String(seed), MODEL_SEQUENCES: String(sequences), ...(values.path && { MODEL_PATH: values.path }) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d;
    process.stdout.write(d);
  });
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const line = /MODEL sequences: (\d+), violations: (\d+)/.exec(out);
  const ran = line ? Number(line[1]) : 0;
  const violations = line ? Number(line[2]) : 1;
  console.log(`sequences: ${ran}, violations: ${violations}`);
  return code === 0 && violations === 0 && ran === sequences ? 0 : 1;
}
