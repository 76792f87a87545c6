// vitest globalSetup of the suites' PostgreSQL project: one cluster per test run, its URL
// handed to the test processes (and the processes they start) through the environment.
import { startPostgresCluster, TEST_DATABASE_URL_ENV } from './postgres-cluster.js';

export default async function setup(): Promise<() => void> {
  const cluster = await startPostgresCluster();
  process.env[TEST_DATABASE_URL_ENV] = cluster.url;
  return () => cluster.stop();
}
