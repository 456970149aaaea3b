import { defineConfig } from 'drizzle-kit';

// One config for every domain. `schema` points at one barrel (a glob that also matched the
// view barrels made drizzle-kit fail with "duplicated view name"). DRIZZLE_OUT lets the drift
// check generate into a scratch copy of drizzle/ without touching the real one.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: process.env.DRIZZLE_OUT ?? './drizzle',
  entities: { roles: true },
  strict: false,
  verbose: false,
});
