import { z } from 'zod';
import { parseInput } from '../../errors.js';
import { isStorableDate, STORABLE_DATE_MESSAGE } from '../../schema/_shared/index.js';
import { BUSINESS_TIME_ZONE } from '../../schema/unified/constants.js';

export { ValidationError } from '../../errors.js';

/** Parses with zod; on failure throws a ValidationError naming the first offending field. */
export function parseParams<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  return parseInput(schema, value, 'params');
}

const calendar = new Intl.DateTimeFormat('en-CA', { timeZone: BUSINESS_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) of an instant in the business time zone. */
export function businessDate(instant: Date): string {
  return calendar.format(instant);
}

function isRealDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * A calendar date in the business time zone: a `YYYY-MM-DD` string, or a Date (the business-time-zone
 * date of that instant). Output: `YYYY-MM-DD`.
 */
export const businessDateParam = z.union([z.date(), z.string()]).transform((v, ctx) => {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime()) || !isStorableDate(v)) {
      ctx.addIssue({ code: 'custom', message: `is an invalid Date or ${STORABLE_DATE_MESSAGE}` });
      return z.NEVER;
    }
    return businessDate(v);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    ctx.addIssue({ code: 'custom', message: `must be a date YYYY-MM-DD or a Date, got "${v}"` });
    return z.NEVER;
  }
  return v;
});

/**
 * A business month: `YYYY-MM`, `YYYY-MM-DD` (its month) or a Date (its business-time-zone month).
 * Output: the first day of the month, `YYYY-MM-01`.
 */
export const businessMonthParam = z.union([z.date(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'string' && /^\d{4}-\d{2}$/.test(v)) {
    const month = Number(v.slice(5, 7));
    if (month >= 1 && month <= 12) return `${v}-01`;
    ctx.addIssue({ code: 'custom', message: `must be a month YYYY-MM, got "${v}"` });
    return z.NEVER;
  }
  const parsed = businessDateParam.safeParse(v);
  if (!parsed.success) {
    ctx.addIssue({ code: 'custom', message: `must be a month YYYY-MM, a date YYYY-MM-DD or a Date, got "${String(v)}"` });
    return z.NEVER;
  }
  return `${parsed.data.slice(0, 7)}-01`;
});

/** Adds the issue "from is after to" to the `to` field. */
export function fromBeforeTo<T extends { from?: string; to?: string }>(p: T, ctx: z.RefinementCtx): void {
  if (p.from && p.to && p.from > p.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${p.from} > ${p.to})` });
}
