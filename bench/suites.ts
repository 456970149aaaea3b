import { foundation } from './foundation.js';
import { ingest } from './ingest.js';
import type { BenchSuite } from './lib.js';

/** Every benchmark suite `npm run bench` runs, in order. Domains add theirs here. */
export const suites: BenchSuite[] = [foundation, ingest];
