export { ConnectionEvent } from './connection-events/connection-events.js';
export {
  type ConnectionContext,
  connectionDiagram,
} from './connection-machine/connection-machine.js';
export { ConsentEvent, ConsentInput } from './consent-events/consent-events.js';
export {
  type ConsentContext,
  consentDiagram,
} from './consent-machine/consent-machine.js';
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
