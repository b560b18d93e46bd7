// @ts-check
/**
 * The architecture of src/ as dependency-cruiser rules, built from a table of allowed arrows between modules
 * (`boundaries(MODULES)`). Used by .dependency-cruiser.cjs (the real table, checked by `npm run lint`) and by
 * scripts/boundaries.spec.ts, which proves every rule fires on a violating fixture (test/fixtures/boundaries).
 *
 * Layers, lowest first: config → database → common → modules → the entry points (main, worker, app and worker
 * modules). A layer imports only layers below it. Between modules, the table is the whole list of allowed arrows: a
 * module imports only the modules it names (their services, DTOs, types), never another module's entities,
 * repositories or storage internals; the table must be a DAG (checked), so modules have no cycles.
 */

/** Folders and files of a module that no other module may import. */
const INTERNALS = '.*(entities/|repositories/|storage/|[.]repository[.]ts$)';

const escape = (s) => s.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&');

/**
 * @param {Record<string, string[]>} MODULES module → the modules it may import
 * @returns {import('dependency-cruiser').IConfiguration}
 */
function boundaries(MODULES) {
  assertAcyclic(MODULES);
  /** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
  const forbidden = [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles between files.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'config-imports-nothing-of-ours',
      severity: 'error',
      comment: 'src/config is the bottom layer.',
      from: { path: '^src/config/' },
      to: { path: '^src/(database|common|modules)/' },
    },
    {
      name: 'database-imports-only-config',
      severity: 'error',
      comment: 'src/database (data source, Db/Tx) knows no module and no cross-cutting piece.',
      from: { path: '^src/database/' },
      to: { path: '^src/(common|modules)/|^src/[^/]+\\.ts$' },
    },
    {
      name: 'common-imports-no-module',
      severity: 'error',
      comment: 'src/common is cross-cutting: modules build on it, never the other way.',
      from: { path: '^src/common/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^src/modules/|^src/[^/]+\\.ts$' },
    },
    {
      name: 'no-module-internals',
      severity: 'error',
      comment: "A module never imports another module's entities, repositories or storage: it calls its exported service.",
      from: { path: '^src/modules/([^/]+)/', pathNot: '\\.spec\\.ts$' },
      to: { path: `^src/modules/[^/]+/${INTERNALS}`, pathNot: '^src/modules/$1/' },
    },
    {
      name: 'driver-only-in-database',
      severity: 'error',
      comment: 'The pg driver (and its COPY streams) is used only by src/database (Db/Tx); repositories go through them.',
      from: { path: '^src/', pathNot: '^src/database/' },
      to: { path: '(^|/)node_modules/(@types/)?(pg|pg-copy-streams|pg-pool)/' },
    },
    ...Object.entries(MODULES).map(([name, allowed]) => ({
      name: `module-arrows-${name}`,
      severity: 'error',
      comment: `${name} may import only: ${allowed.length ? allowed.join(', ') : 'no other module'} (MODULES in .dependency-cruiser.cjs).`,
      from: { path: `^src/modules/${escape(name)}/`, pathNot: '\\.spec\\.ts$' },
      to: { path: '^src/modules/[^/]+/', pathNot: `^src/modules/(${[name, ...allowed].map(escape).join('|')})/` },
    })),
    {
      name: 'module-listed',
      severity: 'error',
      comment: 'Every module folder has its line in MODULES (its allowed arrows are declared).',
      from: { path: `^src/modules/(?!(${Object.keys(MODULES).map(escape).join('|')})/)[^/]+/` },
      to: {},
    },
  ];

  return {
    forbidden,
    options: {
      exclude: { path: '\\.spec\\.ts$' },
      doNotFollow: { path: 'node_modules' },
      tsPreCompilationDeps: true,
      tsConfig: { fileName: 'tsconfig.json' },
      enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    },
  };
}

/** Throws unless every arrow names a listed module and the arrows have no cycle. */
function assertAcyclic(MODULES) {
  const state = new Map();
  const visit = (name, path) => {
    if (!(name in MODULES)) throw new Error(`boundaries: ${path.join(' → ')} names an unknown module "${name}"`);
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'open') throw new Error(`boundaries: the allowed arrows have a cycle: ${[...path, name].join(' → ')}`);
    state.set(name, 'open');
    for (const next of MODULES[name]) visit(next, [...path, name]);
    state.set(name, 'done');
  };
  for (const name of Object.keys(MODULES)) visit(name, []);
}

module.exports = { boundaries, assertAcyclic };
