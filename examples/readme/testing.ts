import { createTestDatabase, expectDenied } from '@org/unified-schema/testing';
import { unifiedProfiles } from '@org/unified-schema/unified';

const t = await createTestDatabase(); // a fresh migrated PGlite; { serverUrl } for PostgreSQL
try {
  // anon has no grant on profiles: the read is refused (expectDenied fails if it is not).
  await expectDenied(t.db, { role: 'anon' }, (tx) => tx.select().from(unifiedProfiles));
  console.log('anon is denied');
} finally {
  await t.close();
}
