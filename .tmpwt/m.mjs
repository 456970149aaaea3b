import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const t0 = performance.now();
const api = import.meta.resolve('tsx/esm/api');console.log(api);
const target = new URL('./w.ts', import.meta.url).href;
const w = new Worker(`import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(target)}, ${JSON.stringify(target)}))`, { eval: true });
w.on('message', (m) => { console.log(m, performance.now() - t0); w.terminate(); });
w.on('error', (e) => console.error('err', e));
