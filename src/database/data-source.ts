import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { SnakeNamingStrategy } from './naming.strategy';

/**
 * Where the entities are: each module keeps its own under `<module>/entities/` (and registers them with
 * `TypeOrmModule.forFeature`); the migration tooling and scripts find all of them by file name, so no list of
 * every module's entities exists anywhere (src/database imports no module).
 */
export const ENTITY_FILES = join(__dirname, '..', '**', '*.entity.{ts,js}');

export function dataSourceOptions(databaseUrl: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [ENTITY_FILES],
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolSize, application_name: 'agent-monitoring' },
  };
}

export function createDataSource(databaseUrl: string, poolSize = 10): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl, poolSize));
}
