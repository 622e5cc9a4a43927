/**
 * `fedsim viz [FILE]`: serve the visualiser on 127.0.0.1 (building it first if
 * needed) and print its URL. With FILE, the page opens that scenario (simulated
 * in the browser by the same engine), report or trace, served at /loaded/<name>.
 * Runs until interrupted.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { UserError, type CliContext } from '../cli-context';
import { withExamples } from '../help-text';
import { STDIO_ARGUMENT } from '../stdin-argument';
import { ensureSite, SITE_DIR } from '../viz-server/site';
import { startStaticServer } from '../viz-server/static-server';

interface VizArgs {
  file?: string;
  port: number;
  host: string;
  build: boolean;
}

export function vizCommand(context: CliContext): CommandModule<object, VizArgs> {
  return {
    command: 'viz [file]',
    describe: 'open the visualiser in a browser: serve it on 127.0.0.1 with a scenario, report or trace loaded',
    builder: (yargs: Argv) =>
      withExamples(
        yargs
        .positional('file', { type: 'string', describe: 'scenario (.yaml/.json), report (.json) or trace (.jsonl) to open' })
        .option('port', { type: 'number', default: 8750, describe: 'port to listen on (0: any free port)' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to bind' })
        .option('build', { type: 'boolean', default: true, describe: 'build the site first if it is missing or out of date (--no-build to skip)' }),
        [
          ['$0 viz', 'serve the visualiser on http://127.0.0.1:8750/'],
          ['$0 viz scenarios/gallery/stale-view.yaml', 'open a scenario in it'],
          ['$0 run lab.yaml --trace t.jsonl && $0 viz t.jsonl --port 0', 'open a trace, on any free port'],
        ],
      ) as unknown as Argv<VizArgs>,
    handler: async (args: ArgumentsCamelCase<VizArgs>) => {
      // The page fetches the file while the server runs, as often as it likes; standard input can be read once.
      if (args.file === STDIO_ARGUMENT) throw new UserError('viz cannot open standard input (-); save it to a file and give that');
      const file = args.file ? resolve(context.io.cwd, args.file) : null;
      if (file && (!existsSync(file) || !statSync(file).isFile())) throw new UserError(`${args.file}: no such file`);
      if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new UserError(`--port ${args.port}: expected a port number`);
      if (args.build) {
        context.io.stderr('fedsim: checking the visualiser build…\n');
        if (ensureSite().built) context.io.stderr(`fedsim: built ${SITE_DIR}\n`);
      } else if (!existsSync(resolve(SITE_DIR, 'index.html'))) throw new UserError(`no built visualiser in ${SITE_DIR}; run npm run build`);
      const name = file ? safeName(basename(file)) : null;
      let running;
      try {
        running = await startStaticServer({ root: SITE_DIR, host: args.host, port: args.port, ...(file && name ? { loaded: { name, path: file } } : {}) });
      } catch (error) {
        throw new UserError(`cannot listen on ${args.host}:${args.port}: ${(error as Error).message}`);
      }
      const url = name ? `${running.url}#load=${encodeURIComponent(`loaded/${name}`).replace(/%2F/g, '/')}` : running.url;
      context.io.stdout(`fedsim visualiser: ${url}\n(press Ctrl-C to stop)\n`);
      await new Promise<void>((done) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running.close().then(done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    },
  };
}

/** A name the page may fetch (`#load=` accepts only plain relative paths). */
function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._~-]/g, '_');
  return cleaned.startsWith('.') ? `_${cleaned}` : cleaned;
}
