// The local API for `npm run bench`, in a child process of its own: Vite's dev server (its config
// mounts the API through kalturaApiVitePlugin, with the /__dev routes) serving tools/bench/page.html.
// Started as `node vite.js` so the pid is Vite's own: its RSS is the API's, and stopping it by pid
// leaves no orphan.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../test/helpers/free-port.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface ApiProcess {
  url: string;
  pid: number;
  stop(): void;
}

export async function startApiProcess(dataDir: string): Promise<ApiProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), NO_OPEN: '1', KALTURA_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/tools/bench/page.html`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`vite did not start in 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, pid: child.pid!, stop };
}

