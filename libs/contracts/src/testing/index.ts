// Test support for every unit that handles runs: fixtures of the shapes this package defines.
// Imported as `@trainops/contracts/testing`, from tests and test support only; production code
// keeps to `@trainops/contracts`.
export { buildRunFixture } from './run-fixture.ts';
