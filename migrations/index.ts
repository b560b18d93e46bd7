import { Initial1795608632669 } from './1795608632669-Initial';
import { Billing1795608927309 } from './1795608927309-Billing';

/** Migrations in order. `node dist/scripts/migrations.js generate <Name>` appends here. */
export const MIGRATIONS: Function[] = [Initial1795608632669, Billing1795608927309];
