import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type RunningServer } from '../../cli/viz-server/static-server';

/** A raw GET, so the path reaches the server exactly as written (fetch would normalise `..`). */
function get(port: number, path: string): Promise<{ status: number; body: string; csp: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, csp: res.headers['content-security-policy'] as string | undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the fedsim viz static server', () => {
  const base = mkdtempSync(join(tmpdir(), 'fedsim-viz-'));
  const root = join(base, 'dist');
  let server: RunningServer;

  beforeAll(async () => {
    mkdirSync(root);
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(base, 'secret.txt'), 'secret');
    writeFileSync(join(base, 'run.yaml'), 'fedsim: 1');
    server = await startStaticServer({ root, port: 0, loaded: { name: 'run.yaml', path: join(base, 'run.yaml') } });
  });
  afterAll(() => server.close());

  it('binds to 127.0.0.1 and serves the site with its Content-Security-Policy', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const index = await get(server.port, '/');
    expect(index.status).toBe(200);
    expect(index.csp).toContain("default-src 'none'");
  });

  it('serves the named file under /loaded/ and nothing else outside the root', async () => {
    expect((await get(server.port, '/loaded/run.yaml')).body).toBe('fedsim: 1');
    expect((await get(server.port, '/loaded/secret.txt')).status).toBe(404);
    expect((await get(server.port, '/../secret.txt')).status).toBe(404);
    expect((await get(server.port, '/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get(server.port, '/..%2fsecret.txt')).status).toBe(404);
    expect((await get(server.port, '/%E0%A4%A')).status).toBe(400);
  });
});
