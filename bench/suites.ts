import { crmBench } from './crm.js';
import { cutoverBench } from './cutover.js';
import { foundation } from './foundation.js';
import { ingest } from './ingest.js';
import { learningBench } from './learning.js';
import type { BenchSuite } from './lib.js';
import { prepareBench } from './prepare.js';
import { sync } from './sync.js';
import { unified } from './unified.js';
import { woloBench } from './wolo.js';

/** Every benchmark suite `npm run bench` runs, in order. Domains add theirs here. */
export const suites: BenchSuite[] = [foundation, unified, crmBench, ingest, sync, prepareBench, cutoverBench, learningBench, woloBench];
