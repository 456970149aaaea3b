#!/usr/bin/env node
// The bin (`unified-schema`): the CLI (src/cli/main.ts) on this process's arguments, streams,
// environment and folder; its exit status becomes the process's.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
