import { execScript } from '../../src/db.js';
import type { Database } from '../../src/db.js';
import type { DbContext } from '../../src/rls.js';
import { type BrandId, brandIds } from '../../src/schema/crm/enums.js';

/** Deterministic ids per brand: customer, conversation and message n of brand b. */
const brandDigit: Record<BrandId, string> = { gnymble: '1', percymd: '2', percytext: '3' };
const id = (kind: string, brand: BrandId, n: number) => `${kind}0000000-0000-4000-8000-${brandDigit[brand]}${String(n).padStart(11, '0')}`;
export const customerId = (brand: BrandId, n = 1) => id('c', brand, n);
export const conversationId = (brand: BrandId, n = 1) => id('d', brand, n);
export const messageId = (brand: BrandId, n = 1) => id('e', brand, n);
export const emailOf = (brand: BrandId, n = 1) => `customer${n}@${brand}.example`;

/** The context withBrand uses, for expectAllowed / expectDenied; `null`: crm_app with no brand set. */
export const asBrand = (brand: BrandId | null): DbContext =>
  brand ? { role: 'crm_app', settings: { 'app.current_brand': brand } } : { role: 'crm_app' };

export const otherBrands = (brand: BrandId) => brandIds.filter((b) => b !== brand);

/**
 * Seeds, as the superuser, `perBrand` customers per brand, each with one conversation holding one
 * inbound and one outbound message.
 */
export async function seedBrands(db: Database, perBrand = 2): Promise<void> {
  const rows: string[] = [];
  for (const b of brandIds) {
    for (let n = 1; n <= perBrand; n++) {
      rows.push(
        `insert into crm.customers (id, brand_id, email, phone, first_name, last_name) values ('${customerId(b, n)}', '${b}', '${emailOf(b, n)}', '+1555${brandDigit[b]}00000${n}', 'First${n}', '${b}Last');`,
        `insert into crm.conversations (id, brand_id, customer_id, customer_phone, brand_phone) values ('${conversationId(b, n)}', '${b}', '${customerId(b, n)}', '+1555${brandDigit[b]}00000${n}', '+1800${brandDigit[b]}000000');`,
        `insert into crm.messages (id, brand_id, conversation_id, direction, content) values ('${messageId(b, 2 * n - 1)}', '${b}', '${conversationId(b, n)}', 'inbound', 'hello from ${b}');`,
        `insert into crm.messages (id, brand_id, conversation_id, direction, content) values ('${messageId(b, 2 * n)}', '${b}', '${conversationId(b, n)}', 'outbound', 'hi, ${b} here');`,
      );
    }
  }
  await execScript(db, rows.join('\n'));
}
