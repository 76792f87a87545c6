export * from './connection-events/connection-events.js';
export * from './connection-machine/connection-machine.js';
export * from './consent-events/consent-events.js';
export * from './consent-machine/consent-machine.js';
export * from './mermaid-diagram/mermaid-diagram.js';
export * from './refusals/refusals.js';
export * from './send-event/send-event.js';
export * from './simulate-meeting/simulate-meeting.js';
