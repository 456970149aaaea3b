// Copies every .sql file under src/ to the same place under dist/ (long SQL bodies are loaded at run time).
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.sql') ? [join(dir, e.name)] : []));
for (const file of walk('src')) cpSync(file, join('dist', file.slice('src/'.length)));
