// The package as npm publishes it: `npm pack` (whose `prepack` runs `npm run build`) into a temp
// folder, and fresh consumer projects that install that tarball. The package tests share one
// tarball per `node --test` run: it is kept in a temp folder named after the test runner's pid
// and a hash of everything the build reads, so a changed source or a new run packs again.
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

export interface PackedLibrary {
  /** Absolute path of the .tgz file. */
  tarball: string;
  /** Paths inside the tarball, without the leading `package/`. */
  files: string[];
}

const CACHE_PREFIX = 'kcu-pack-';

/** Packs the library once per test run (and again whenever its inputs change). */
export function packLibrary(): PackedLibrary {
  const dir = path.join(os.tmpdir(), `${CACHE_PREFIX}${process.ppid}-${inputsHash()}`);
  removeStalePacks(dir);
  const done = path.join(dir, 'packed.json');
  if (fs.existsSync(done)) return JSON.parse(fs.readFileSync(done, 'utf8')) as PackedLibrary;

  fs.mkdirSync(dir, { recursive: true });
  const r = spawnSync('npm', ['pack', '--pack-destination', dir], { cwd: root, env: npmEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const name = fs.readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!name) throw new Error(`npm pack wrote no tarball:\n${r.stdout}\n${r.stderr}`);
  const tarball = path.join(dir, name);
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  const packed: PackedLibrary = { tarball, files };
  fs.writeFileSync(done, JSON.stringify(packed));
  return packed;
}

/**
 * A fresh ES-module project in a temp folder with `packages` installed by npm (the tarball plus
 * whatever else a consumer would add). Packages come from npm's cache when it has them.
 */
export function createConsumerProject(name: string, packages: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kcu-${name}-`));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: `kcu-${name}`, version: '1.0.0', private: true, type: 'module' }, null, 2),
  );
  const args = ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', ...packages];
  // Offline first (everything a consumer needs is in the cache after the repo's own install);
  // the registry only for what the cache lacks.
  let r = spawnSync('npm', [...args, '--offline'], { cwd: dir, env: npmEnv(), encoding: 'utf8' });
  if (r.status !== 0) r = spawnSync('npm', [...args, '--prefer-offline'], { cwd: dir, env: npmEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm install ${packages.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return dir;
}

/** `name@version` as installed in this repository, so a consumer install hits npm's cache. */
export function repoVersionOf(name: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
  return `${name}@${pkg.version}`;
}

/** The environment for a child npm: without the `npm_*` variables of the `npm test` around us. */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
}

/** A hash of every file `npm run build` and `npm pack` read. */
function inputsHash(): string {
  const hash = crypto.createHash('sha256');
  const inputs = ['package.json', 'tsconfig.json', 'vite.config.ts', 'README.md', 'CHANGELOG.md', ...listFiles('src')];
  for (const rel of inputs.sort()) {
    const file = path.join(root, rel);
    hash.update(rel).update('\0').update(fs.existsSync(file) ? fs.readFileSync(file) : '').update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(rel) : [rel];
  });
}

/** Removes packs of earlier runs (their runner process is gone) and of changed inputs. */
function removeStalePacks(keep: string): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(CACHE_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), name);
    if (dir === keep) continue;
    const pid = Number(name.slice(CACHE_PREFIX.length).split('-')[0]);
    if (pid === process.ppid || !isAlive(pid)) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
