/**
 * Migration tooling on the TypeORM DataSource API (no CLI, no ts-node):
 *   node dist/scripts/migrations.js run                 apply pending migrations
 *   node dist/scripts/migrations.js revert              revert the last one
 *   node dist/scripts/migrations.js generate <Name>     write migrations/<timestamp>-<Name>.ts from the entity diff
 *   node dist/scripts/migrations.js check               fail if the entities differ from the migrated schema
 * DATABASE_URL names the database.
 */
import 'reflect-metadata';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource } from '../src/database/data-source';

const root = join(__dirname, '..', '..');

async function pendingSql(url: string) {
  const ds = createDataSource(url, 2);
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    return await ds.driver.createSchemaBuilder().log();
  } finally {
    await ds.destroy();
  }
}

const q = (s: string) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';

async function main() {
  const [cmd, name, ...rest] = process.argv.slice(2);
  // --tables a,b: keep only statements about these tables (several people adding entities at once)
  const tablesArg = rest.indexOf('--tables');
  const tables = tablesArg >= 0 ? (rest[tablesArg + 1] ?? '').split(',').filter(Boolean) : [];
  const mine = (query: string) => !tables.length || tables.some((t) => query.includes(`"${t}"`));
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  if (cmd === 'run') {
    const ds = createDataSource(url, 2);
    await ds.initialize();
    const ran = await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    console.log(ran.length ? `applied ${ran.map((m) => m.name).join(', ')}` : 'database is up to date');
  } else if (cmd === 'revert') {
    const ds = createDataSource(url, 2);
    await ds.initialize();
    await ds.undoLastMigration({ transaction: 'each' });
    await ds.destroy();
  } else if (cmd === 'generate') {
    if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: generate <PascalCaseName>');
    const sql = await pendingSql(url);
    sql.upQueries = sql.upQueries.filter((x) => mine(x.query));
    sql.downQueries = sql.downQueries.filter((x) => mine(x.query));
    if (!sql.upQueries.length) {
      console.log('no changes');
      return;
    }
    const ts = Date.now();
    const cls = `${name}${ts}`;
    const up = sql.upQueries.map(
      (x) => `    await queryRunner.query(${q(x.query)}${x.parameters?.length ? `, ${JSON.stringify(x.parameters)}` : ''});`,
    );
    const down = sql.downQueries
      .reverse()
      .map((x) => `    await queryRunner.query(${q(x.query)}${x.parameters?.length ? `, ${JSON.stringify(x.parameters)}` : ''});`);
    const file = `${ts}-${name}`;
    writeFileSync(
      join(root, 'migrations', `${file}.ts`),
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${cls} implements MigrationInterface {\n  name = '${cls}';\n\n` +
        `  public async up(queryRunner: QueryRunner): Promise<void> {\n${up.join('\n')}\n  }\n\n` +
        `  public async down(queryRunner: QueryRunner): Promise<void> {\n${down.join('\n')}\n  }\n}\n`,
    );
    const indexPath = join(root, 'migrations', 'index.ts');
    let index = readFileSync(indexPath, 'utf8');
    index = index.replace(/(\n\n\/\*\*)/, `\nimport { ${cls} } from './${file}';$1`).replace(
      /\[([^\]]*)\];/,
      (_m, list: string) =>
        `[${[
          ...list
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          cls,
        ].join(', ')}];`,
    );
    writeFileSync(indexPath, index);
    console.log(`wrote migrations/${file}.ts`);
  } else if (cmd === 'check') {
    const sql = await pendingSql(url);
    if (sql.upQueries.length) {
      console.error('Entities and migrations differ; generate a migration. Pending SQL:');
      for (const x of sql.upQueries) console.error('  ' + x.query);
      process.exit(1);
    }
    console.log('migrations match the entities');
  } else {
    throw new Error('usage: migrations.js run|revert|generate <Name>|check');
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
