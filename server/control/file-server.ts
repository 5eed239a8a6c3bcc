// A plain HTTP server on 127.0.0.1 that serves files a test hands it (test command `serveFile`), so
// KalturaUrlResource imports fetch real bytes over a real connection: the "somewhere on the web" an
// import link points to. Started on first use, closed with the process; never part of /api_v3.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const files = new Map<string, { body: Buffer; status: number; type: string }>();
let origin: Promise<string> | undefined;

function start(): Promise<string> {
  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const file = files.get((req.url ?? '').split('?')[0]!);
      if (!file) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      res.writeHead(file.status, { 'Content-Type': file.type, 'Content-Length': file.body.length }).end(file.body);
    });
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

/**
 * Serves `body` at a new URL ending in `/<name>` (with HTTP `status`, 200 by default) and returns
 * the URL. Without a body the URL answers 404.
 */
export async function serveFile(name: string, body?: Buffer, status = 200, type = 'application/octet-stream'): Promise<string> {
  const path = `/${randomBytes(8).toString('hex')}/${encodeURIComponent(name)}`;
  if (body) files.set(path, { body, status, type });
  return `${await (origin ??= start())}${path}`;
}
