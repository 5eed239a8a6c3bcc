// Node-side: `npm run demo` started as a newcomer starts it (Vite with the local API mounted), on a
// free port with its own data dir, for the end-to-end tests and tools/screenshots. It runs in its
// own process group, so stopping it also stops the vite process npm starts.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './free-port.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface RunningDemo {
  /** e.g. http://127.0.0.1:41234/ */
  url: string;
  stop(): void;
}

export async function startDemo(dataDir: string): Promise<RunningDemo> {
  const port = await freePort();
  const child = spawn('npm', ['run', 'demo'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), NO_OPEN: '1', KALTURA_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  try {
    return { url: await demoUrl(child), stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** The URL Vite prints once it listens. */
function demoUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`npm run demo printed no URL in 60 s:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      // eslint-disable-next-line no-control-regex
      out += chunk.toString().replace(/\x1b\[[0-9;]*m/g, '');
      const match = /http:\/\/(?:127\.0\.0\.1|localhost):\d+\/?/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm run demo exited with ${code}:\n${out}`)));
  });
}
