/** `@agentobs/sdk/api`: everything the generated client exports (services, models, core). */
export * from './generated';
