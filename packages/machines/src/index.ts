export { ConnectionEvent } from './connection-events/connection-events.js';
export {
  type ConnectionContext,
  connectionDiagram,
} from './connection-machine/connection-machine.js';
export { consentDiagram } from './consent-machine/consent-machine.js';
export { sendConnectionEvent, stateName } from './send-event/send-event.js';
export {
  type MeetingSimulation,
  SimulatedAnswer,
  simulateMeeting,
} from './simulate-meeting/simulate-meeting.js';
