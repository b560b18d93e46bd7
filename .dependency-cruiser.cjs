// @ts-check
/** The architecture of src/, checked by `npm run lint`: the rules are in scripts/boundaries.cjs, the arrows here. */
const { boundaries } = require('./scripts/boundaries.cjs');

/** module → the modules it may import. Add an arrow here only if it keeps the graph acyclic. */
const MODULES = {
  audit: [],
  mail: [],
  workspace: ['audit'],
  'api-keys': ['audit'],
  auth: ['workspace', 'api-keys', 'audit'],
  billing: ['workspace', 'audit'],
  team: ['auth', 'billing', 'workspace', 'audit', 'mail'],
  integrations: ['billing', 'workspace', 'audit'],
  ingestion: ['billing', 'workspace'],
  otel: ['ingestion'],
  'ingest-health': [],
  alerts: ['integrations', 'ingestion', 'audit'],
};

module.exports = boundaries(MODULES);
