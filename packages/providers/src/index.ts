export { KeyedLimiter, mapWithConcurrency } from './bounded-concurrency/bounded-concurrency.js';
export * from './build-capture-snapshot/build-capture-snapshot.js';
export * from './demo-fakes/demo-fakes.js';
export {
  type FakeAnswer,
  type FakeRequest,
  newTestCertificate,
  type RunningFakeServer,
  testCertificate,
} from './fake-server/fake-server.js';
export * from './fake-tenant/fake-tenant.js';
export * from './google-adapter/google-adapter.js';
export * from './google-fake/google-fake.js';
export * from './microsoft-adapter/microsoft-adapter.js';
export * from './microsoft-fake/microsoft-fake.js';
export * from './provider-facts/provider-facts.js';
export { redactSecrets } from './redact-secrets/redact-secrets.js';
