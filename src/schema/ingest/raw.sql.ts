// SQL objects of the raw ingest tables (docs/conventions.md, "SQL objects bound to their table").
import { defineTrigger, defineTriggerFunction } from '../../functions/define.js';
import { personalData } from '../_shared/personal-data.js';
import { sqlLiteral } from '../_shared/index.js';
import { systemeioRaw, xenditRaw } from './raw.js';

/**
 * Advisory lock key of the raw tables (`ingest.xendit_raw`, `ingest.systemeio_raw`). Every statement that
 * writes them takes it shared (the `ingest.wait_for_prepare` triggers), prepare exclusively, first thing,
 * each to its commit. So prepare reads raw data no writer changes while it runs: it waits for the loads,
 * syncs and erasures in flight, and those that start meanwhile wait for its commit. A table lock would
 * do the same but also wait for (and cancel) autovacuum's work on the raw tables.
 */
export const RAW_LOCK_KEY = 'ingest.raw';

/**
 * BEFORE each statement that writes a raw table (INSERT, COPY, UPDATE, DELETE, TRUNCATE): the raw
 * tables' advisory lock, shared, to the commit (`RAW_LOCK_KEY`). Writers do not wait for each other;
 * they wait for a prepare in flight, which holds it exclusively (docs/ingest.md, "Prepare and
 * concurrent writers").
 */
export const waitForPrepare = defineTriggerFunction('ingest.wait_for_prepare()', {
  body: `
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock_shared(pg_catalog.hashtext(${sqlLiteral(RAW_LOCK_KEY)}));
  RETURN NULL;
END`,
  comment: 'Writers of the raw tables take their advisory lock shared: they wait for a prepare in flight, which reads them under it exclusively.',
});

const rawWriteEvents = ['insert', 'update', 'delete', 'truncate'] as const;
export const xenditRawWaitForPrepare = defineTrigger({ table: xenditRaw, timing: 'before', events: rawWriteEvents, forEach: 'statement', function: waitForPrepare });
export const systemeioRawWaitForPrepare = defineTrigger({ table: systemeioRaw, timing: 'before', events: rawWriteEvents, forEach: 'statement', function: waitForPrepare });

// Personal data of the raw ingest tables (issue 17, docs/subjects.md, "Ingest").

// Raw copies of what the providers sent: deleted (the provider keeps its original; production's
// transactions keep the financial record, detached). A payload mentioning the person in a row
// about someone else is redacted.
export const xenditRawPersonalData = personalData(xenditRaw, {
  columns: ['payer_email', 'email_normalized', 'description', 'payload'],
  findBy: [
    { subject: 'email', column: 'payer_email' },
    { subject: 'email', column: 'email_normalized' },
    { mention: 'payload' },
    { mention: 'description' },
  ],
  erase: { action: 'delete' },
});
export const systemeioRawPersonalData = personalData(systemeioRaw, {
  columns: ['email', 'email_normalized', 'first_name', 'last_name', 'phone', 'tags', 'payload'],
  findBy: [
    { subject: 'email', column: 'email' },
    { subject: 'email', column: 'email_normalized' },
    { subject: 'phone', column: 'phone' },
    { mention: 'payload' },
  ],
  erase: { action: 'delete' },
});
