/** A Xendit invoice as the Invoice API returns it (PAID P2P, ₱800), with `over` on top. */
export const invoice = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  external_id: `ext-${id}`,
  status: 'PAID',
  amount: 800,
  currency: 'PHP',
  description: 'Papers to Profits',
  payer_email: `${id}@example.com`,
  created: '2024-03-01T10:00:00Z',
  ...over,
});
