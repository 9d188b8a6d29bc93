#!/usr/bin/env node
// The `desk` support CLI. Runs the TypeScript core directly through tsx.
import { register } from 'tsx/esm/api';
import { endQuietlyWhenReaderCloses } from './pipe.mjs';

register();
endQuietlyWhenReaderCloses();
const { main } = await import('../electron/core/cli/desk.ts');
const code = await main(process.argv.slice(2));
if (code !== 0) process.exit(code);
