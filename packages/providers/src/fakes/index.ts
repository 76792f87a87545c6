// @capture-doctor/providers/fakes: loopback fakes of the providers, for tests, benches and the
// demo. Production code imports nothing from here.

export { GOOGLE_SCOPES } from '../google-workspace/google-scopes.js';
export { MICROSOFT_APP_ROLES } from '../microsoft-365/microsoft-scopes.js';
export { type DemoFakes, startDemoFakes } from './demo-fakes/demo-fakes.js';
export { FakeEvent, FakeUser } from './fake-tenant/fake-tenant.js';
export {
  delegatedGoogle,
  fakeServiceAccount,
  type GoogleFake,
  startGoogleFake,
} from './google-fake/google-fake.js';
export { startMicrosoftFake } from './microsoft-fake/microsoft-fake.js';
