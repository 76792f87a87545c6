// @capture-doctor/store/testing: runs the store, sync and API suites on a throwaway PostgreSQL.

export { runTestSql } from '../test-support/run-test-sql.js';
export { startPostgresCluster, TEST_DATABASE_URL_ENV } from './postgres-cluster.js';
export { dumpTestDatabase, onPostgres, testDatabaseUrl } from './test-database.js';
