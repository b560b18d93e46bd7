import { DataSource } from 'typeorm';
import type { Pool } from 'pg';

export const PG_POOL = Symbol('PG_POOL');

/** The pg pool under TypeORM's data source, for hot paths written in plain SQL (auth, ingestion). */
export const pgPoolProvider = {
  provide: PG_POOL,
  inject: [DataSource],
  useFactory: (ds: DataSource): Pool => (ds.driver as unknown as { master: Pool }).master,
};
