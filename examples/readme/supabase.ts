import type { Database } from '@org/unified-schema/supabase';
import { createClient } from '@supabase/supabase-js';

const url = process.env.SUPABASE_URL ?? 'http://127.0.0.1:54321';
const anonKey = process.env.SUPABASE_ANON_KEY ?? 'anon-key';
const supabase = createClient<Database>(url, anonKey); // public
const crm = createClient<Database, 'crm'>(url, anonKey, { db: { schema: 'crm' } }); // another schema
const customers = crm.from('customers').select('email, stage'); // typed rows: { email: string; stage: … }[]
console.log(typeof supabase.from, typeof customers.then);
