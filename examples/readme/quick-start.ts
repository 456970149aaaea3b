import { asUser, openDatabase } from '@org/unified-schema';
import { migrate } from '@org/unified-schema/migrations';
import { unifiedProfiles } from '@org/unified-schema/unified';
import { eq } from 'drizzle-orm';

// Embedded PGlite in memory; with DATABASE_URL set (or { url }), that PostgreSQL server.
const { db, close } = await openDatabase();
try {
  const applied = await migrate(db); // advisory-locked, checksum-verified, one transaction per migration
  console.log(`applied ${applied.length} migration(s)`);

  // As a signed-in user (auth.uid() = userId): RLS shows this user's own profile only.
  const userId = '6f1c2a34-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
  const mine = await asUser(db, userId, (tx) => tx.select().from(unifiedProfiles).where(eq(unifiedProfiles.id, userId)));
  console.log(`profiles visible to ${userId}: ${mine.length}`);
} finally {
  await close();
}
