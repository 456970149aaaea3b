import { foundation } from './foundation.js';
import type { BenchSuite } from './lib.js';
import { sync } from './sync.js';

/** Every benchmark suite `npm run bench` runs, in order. Domains add theirs here. */
export const suites: BenchSuite[] = [foundation, sync];
