#!/usr/bin/env node
// The `hq` server and admin CLI (hq/cli.ts). Runs the TypeScript through tsx.
import { register } from 'tsx/esm/api';
import { endQuietlyWhenReaderCloses } from './pipe.mjs';

register();
endQuietlyWhenReaderCloses();
const { main } = await import('../hq/cli.ts');
const code = await main(process.argv.slice(2));
process.exit(code);
