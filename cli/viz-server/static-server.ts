/**
 * A small static file server for the built visualiser (viz/dist), plus at most
 * one extra file under /loaded/<name> (the scenario, report or trace named on the
 * command line). Binds to 127.0.0.1 unless told otherwise; serves nothing outside
 * its root; sends the same Content-Security-Policy the page carries.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

export interface StaticServerOptions {
  root: string;
  /** A file to serve as /loaded/<name>. */
  loaded?: { name: string; path: string };
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8',
  '.yaml': 'text/plain; charset=utf-8',
  '.yml': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'none'; worker-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'";

export function startStaticServer(options: StaticServerOptions): Promise<RunningServer> {
  const root = resolve(options.root);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    void (async () => {
      const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache', 'Referrer-Policy': 'no-referrer' };
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, headers).end();
        return;
      }
      let path: string;
      try {
        path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      } catch {
        response.writeHead(400, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('bad request\n');
        return;
      }
      const file = fileFor(root, path, options.loaded);
      try {
        if (!file || !(await stat(file)).isFile()) throw new Error('not found');
        const body = await readFile(file);
        response.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' });
        response.end(request.method === 'HEAD' ? undefined : body);
      } catch {
        response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      }
    })();
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolvePromise({
        server,
        port,
        url: `http://${shownHost}:${port}/`,
        // Browsers keep connections open; drop them, or close() would wait for them to time out.
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** The file a URL path maps to, or null when it would leave the root. */
function fileFor(root: string, path: string, loaded: StaticServerOptions['loaded']): string | null {
  if (loaded && path === `/loaded/${loaded.name}`) return loaded.path;
  if (path.includes('\0')) return null;
  const relative = normalize(path === '/' ? '/index.html' : path).replace(/^[/\\]+/, '');
  const file = resolve(join(root, relative));
  return file === root || file.startsWith(root + sep) ? file : null;
}
