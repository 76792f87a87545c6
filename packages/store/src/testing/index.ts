// @capture-doctor/store/testing: runs the store, sync and API suites on a throwaway PostgreSQL.
export { startPostgresCluster, TEST_DATABASE_URL_ENV } from './postgres-cluster.js';
export { dumpTestDatabase, onPostgres, runTestSql, testDatabaseUrl } from './test-database.js';
