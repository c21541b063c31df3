export * from './errors.ts';
export * from './run-states.ts';
export * from './parameters.ts';
export * from './api.ts';
