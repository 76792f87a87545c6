export { ConnectionEvent } from './connection-events/connection-events.js';
export {
  type ConnectionContext,
  connectionDiagram,
} from './connection-machine/connection-machine.js';
export {
  ConsentEvent,
  ConsentInput,
  type ConsentParticipant,
} from './consent-events/consent-events.js';
export {
  type ConsentContext,
  consentDiagram,
  type ParticipantConsent,
} from './consent-machine/consent-machine.js';
export type { Refusal } from './refusals/refusals.js';
export {
  type EventResult,
  restoreConsentActor,
  sendConnectionEvent,
  sendConsentEvent,
  startConsentActor,
  stateName,
} from './send-event/send-event.js';
export {
  type MeetingSimulation,
  SimulatedAnswer,
  simulateMeeting,
} from './simulate-meeting/simulate-meeting.js';
