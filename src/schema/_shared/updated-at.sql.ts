// The one `updated_at` trigger function of the domains whose rows may carry their own updated_at
// (crm, wolo): declared once here, used by each table's BEFORE UPDATE trigger (docs/conventions.md,
// "Columns"). unified and learning keep `public.unified_touch_updated_at`, which always overwrites.
import { getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { defineTrigger, defineTriggerFunction } from '../../functions/define.js';

/** updated_at = now() on every update that does not set it itself. */
export const setUpdatedAt = defineTriggerFunction('public.set_updated_at()', {
  body: `
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := pg_catalog.now();
  END IF;
  RETURN NEW;
END`,
  comment: 'Trigger: keeps updated_at current (unless the update sets it); crm and wolo tables.',
});

/** `<table>_set_updated_at`: BEFORE UPDATE, FOR EACH ROW, `public.set_updated_at()`. */
export function setUpdatedAtTrigger(table: PgTable) {
  return defineTrigger({ name: `${getTableName(table)}_set_updated_at`, table, timing: 'before', events: ['update'], forEach: 'row', function: setUpdatedAt });
}
