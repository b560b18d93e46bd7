import { execFileSync } from 'node:child_process';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { assertAcyclic } = require('./boundaries.cjs') as { assertAcyclic(modules: Record<string, string[]>): void };

const root = path.resolve(__dirname, '..');
const fixture = path.join(root, 'test/fixtures/boundaries');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

function cruise(cwd: string): Violation[] {
  const out = execFileSync(
    path.join(root, 'node_modules/.bin/depcruise'),
    ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
    {
      cwd,
      encoding: 'utf8',
      // depcruise exits non-zero when it finds violations; the JSON is on stdout either way
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ).toString();
  return JSON.parse(out).summary.violations;
}

function cruiseAllowingFailure(cwd: string): Violation[] {
  try {
    return cruise(cwd);
  } catch (err) {
    return JSON.parse((err as { stdout: string }).stdout).summary.violations;
  }
}

describe('module boundaries (scripts/boundaries.cjs)', () => {
  it('fire on a violating fixture: every rule, on exactly the imports that break it', () => {
    const got = cruiseAllowingFailure(fixture)
      .map((v) => `${v.rule.name}: ${v.from} → ${v.to.replace(/^(\.\.\/)+/, '')}`)
      .sort();
    expect(got).toEqual(
      [
        'common-imports-no-module: src/common/helper.ts → src/modules/alpha/alpha.service.ts',
        'config-imports-nothing-of-ours: src/config/config.ts → src/common/helper.ts',
        'database-imports-only-config: src/database/db.ts → src/common/helper.ts',
        'driver-only-in-database: src/modules/beta/beta.service.ts → node_modules/pg/esm/index.mjs',
        'module-arrows-alpha: src/modules/alpha/alpha.service.ts → src/modules/beta/beta.service.ts',
        'module-arrows-beta: src/modules/beta/beta.service.ts → src/modules/alpha/alpha.repository.ts',
        'module-arrows-beta: src/modules/beta/beta.service.ts → src/modules/alpha/alpha.service.ts',
        'module-arrows-beta: src/modules/beta/beta.service.ts → src/modules/alpha/entities/thing.entity.ts',
        'module-listed: src/modules/unlisted/unlisted.service.ts → path',
        'no-circular: src/modules/alpha/alpha.service.ts → src/modules/beta/beta.service.ts',
        'no-module-internals: src/modules/beta/beta.service.ts → src/modules/alpha/alpha.repository.ts',
        'no-module-internals: src/modules/beta/beta.service.ts → src/modules/alpha/entities/thing.entity.ts',
      ].sort(),
    );
  }, 60_000);

  it('refuse a table of arrows with a cycle or an unknown module', () => {
    expect(() => assertAcyclic({ a: ['b'], b: ['c'], c: [] })).not.toThrow();
    expect(() => assertAcyclic({ a: ['b'], b: ['c'], c: ['a'] })).toThrow('the allowed arrows have a cycle: a → b → c → a');
    expect(() => assertAcyclic({ a: ['ghost'] })).toThrow('names an unknown module "ghost"');
  });
});
