// The one shared setup: every suite in this package runs against each of these targets.
// The implementation lives in src/testing.ts so other packages can use it as @touchpoint/store/testing.
export { databaseTargets, testPostgresUrl, type DatabaseTarget, type TestDatabase } from '../src/testing.ts';
