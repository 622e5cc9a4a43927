#!/usr/bin/env node
// The fedsim command. The CLI is TypeScript run through tsx's loader, so there is
// no build step between editing and running.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
await main(process.argv.slice(2));
