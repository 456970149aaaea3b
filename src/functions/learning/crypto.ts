import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { ENCRYPTION_KEY_SETTING } from '../../schema/learning/constants.js';
import { defineFunction, defineSql, type SqlFunction } from '../define.js';
import { mapLearningErrors, parseParams } from './params.js';
import { isStorableText, STORABLE_TEXT_MESSAGE } from '../../schema/_shared/index.js';

/**
 * pgcrypto, for encrypt/decrypt_sensitive_data, in schema `extensions` as on Supabase (where it is
 * already installed there: IF NOT EXISTS keeps it), never in public (lint extension_in_public).
 * service_role (the only role that may call the functions, SECURITY INVOKER) gets USAGE on the schema.
 * The functions below look pgcrypto's schema up at call time, so a database where it was installed
 * elsewhere earlier still works. Never dropped (others may use it).
 */
export const pgcryptoExtension = defineSql({
  key: 'extension pgcrypto (learning)',
  phase: 'pre',
  create: [
    'CREATE SCHEMA IF NOT EXISTS extensions',
    'GRANT USAGE ON SCHEMA extensions TO service_role',
    'CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions',
    // a database migrated before this change has it in public: moved (its functions keep their oids)
    `DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pgcrypto' AND extnamespace = 'public'::regnamespace) THEN
    ALTER EXTENSION pgcrypto SET SCHEMA extensions;
  END IF;
END $$`,
    // the migrating role's default privileges close new functions to PUBLIC, extensions' too
    'GRANT EXECUTE ON FUNCTION extensions.pgp_sym_encrypt(text, text), extensions.pgp_sym_decrypt(bytea, text) TO service_role',
  ],
});

/** The SQL that finds pgcrypto's schema, raising UL001 when it is not installed. */
const findPgcrypto = `
  SELECT n.nspname INTO v_schema
    FROM pg_catalog.pg_extension x JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
   WHERE x.extname = 'pgcrypto';
  IF v_schema IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL001', MESSAGE = 'the pgcrypto extension is not installed';
  END IF;`;

const readKey = `
  v_key := nullif(current_setting('${ENCRYPTION_KEY_SETTING}', true), '');
  IF v_key IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL001',
      MESSAGE = '${ENCRYPTION_KEY_SETTING} is not set: no encryption key',
      HINT = 'Set it for the transaction only: SELECT set_config(''${ENCRYPTION_KEY_SETTING}'', <key>, true). The key is never stored in the database.';
  END IF;`;

/**
 * encrypt_sensitive_data and decrypt_sensitive_data: one text argument (NULL in, NULL out), text out,
 * service_role only, SECURITY INVOKER (pgcrypto's functions need no extra rights). The body reads the
 * key and finds pgcrypto, then runs `step`, which sets v_out.
 */
function cryptoFunction(def: { name: string; arg: string; comment: string; step: string }): SqlFunction {
  return defineFunction(`learning.${def.name}(${def.arg} text) RETURNS text`, { language: 'plpgsql', volatility: 'volatile', searchPath: '', grantExecute: ['service_role'],
    comment: def.comment,
    body: `
DECLARE
  v_key text;
  v_schema name;
  v_out text;
BEGIN
  IF ${def.arg} IS NULL THEN
    RETURN NULL;
  END IF;${readKey}${findPgcrypto}
${def.step}
  RETURN v_out;
END`,
  });
}

/**
 * pgp_sym_encrypt with the key of the transaction-local setting learning.encryption_key
 * (read at call time, never stored, never a default); base64 text out. NULL in, NULL out.
 * service_role only.
 */
export const encryptSensitiveDataFn = cryptoFunction({
  name: 'encrypt_sensitive_data',
  arg: 'data',
  comment: `Encrypts with pgp_sym_encrypt using the key in the setting ${ENCRYPTION_KEY_SETTING} (set per transaction; never stored). Returns base64.`,
  step: `  EXECUTE format('SELECT pg_catalog.encode(%I.pgp_sym_encrypt($1, $2), ''base64'')', v_schema) INTO v_out USING data, v_key;`,
});

/** The inverse of encrypt_sensitive_data; a wrong key or damaged ciphertext raises UL002. service_role only. */
export const decryptSensitiveDataFn = cryptoFunction({
  name: 'decrypt_sensitive_data',
  arg: 'encrypted_data',
  comment: `Decrypts what encrypt_sensitive_data returned, with the key in the setting ${ENCRYPTION_KEY_SETTING}.`,
  step: `  BEGIN
    EXECUTE format('SELECT %I.pgp_sym_decrypt(pg_catalog.decode($1, ''base64''), $2)', v_schema) INTO v_out USING encrypted_data, v_key;
  EXCEPTION WHEN external_routine_invocation_exception OR data_exception OR invalid_parameter_value THEN
    RAISE EXCEPTION USING ERRCODE = 'UL002', MESSAGE = 'decrypt_sensitive_data: wrong key or corrupt data';
  END;`,
});

const cryptoParams = z.object({ key: z.string().min(16, { error: 'must be at least 16 characters' }).refine(isStorableText, STORABLE_TEXT_MESSAGE) });
const encryptParams = cryptoParams.extend({ data: z.string().refine(isStorableText, STORABLE_TEXT_MESSAGE) }).strict();
// what encrypt_sensitive_data returns: base64 (pg_catalog.encode wraps it at 76 characters)
const decryptParams = cryptoParams.extend({ encrypted: z.string().min(1, { error: 'must not be empty' }).regex(/^[A-Za-z0-9+/=\r\n]+$/, { error: 'must be base64 ciphertext from encryptSensitiveData' }) }).strict();

/**
 * Runs `fn` in a transaction with the key set transaction-locally (a bind parameter: the key
 * appears in no SQL text and is gone at commit). Call it on a service_role connection. A learning
 * error (UL001/UL002) names `field`: the input it is about.
 */
async function withKey<T>(db: Database, key: string, field: string, fn: (tx: Pick<Database, 'execute'>) => Promise<T>): Promise<T> {
  return mapLearningErrors(
    () =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select set_config(${ENCRYPTION_KEY_SETTING}, ${key}, true)`);
        return fn(tx);
      }),
    field,
  );
}

/** learning.encrypt_sensitive_data(data) with `key` (base64 ciphertext). */
export async function encryptSensitiveData(db: Database, params: z.input<typeof encryptParams>): Promise<string> {
  const p = parseParams(encryptParams, params);
  return withKey(db, p.key, 'data', async (tx) => {
    const [row] = await queryRows<{ v: string }>(tx, sql`select learning.encrypt_sensitive_data(${p.data}) as v`);
    return row!.v;
  });
}

/** learning.decrypt_sensitive_data(encrypted) with `key`; a wrong key is a ValidationError on `encrypted` with code `decryption_failed`. */
export async function decryptSensitiveData(db: Database, params: z.input<typeof decryptParams>): Promise<string> {
  const p = parseParams(decryptParams, params);
  return withKey(db, p.key, 'encrypted', async (tx) => {
    const [row] = await queryRows<{ v: string }>(tx, sql`select learning.decrypt_sensitive_data(${p.encrypted}) as v`);
    return row!.v;
  });
}

export const learningCryptoObjects = [encryptSensitiveDataFn, decryptSensitiveDataFn];
