import { openDatabase } from '@org/unified-schema';
import { createCustomer, findCustomer } from '@org/unified-schema/crm';
import { migrate } from '@org/unified-schema/migrations';

const { db, close } = await openDatabase();
try {
  await migrate(db);
  // Every crm helper acts as crm_app for one brand: RLS keeps the brands apart.
  const grace = await createCustomer(db, 'gnymble', { email: 'Grace@Example.com', firstName: 'Grace' });
  // Email identity is case-insensitive: any case finds her, and a second Grace is refused.
  const found = await findCustomer(db, 'gnymble', { email: 'grace@example.com' });
  console.log(found?.id === grace.id ? 'found Grace' : 'not found');
} finally {
  await close();
}
