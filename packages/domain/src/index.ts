export { boundedIssues } from './bounded-issues/bounded-issues.js';
export {
  CalendarEvent,
  EventResponse,
  MeetingReason,
  MeetingVerdict,
  UpcomingMeeting,
} from './calendar-event/calendar-event.js';
export {
  CaptureSnapshot,
  type CaptureSnapshotInput,
  CompanyFacts,
  ImportSettings,
  MemberFacts,
  MemberSettings,
  ProviderError,
  ProviderTenant,
  Seat,
} from './capture-snapshot/capture-snapshot.js';
export {
  ConsentEvidence,
  ConsentEvidenceKind,
  ConsentFinding,
  ConsentFixBy,
  ConsentPolicy,
  Participant,
} from './consent-policy/consent-policy.js';
export {
  authorizationErrorCodes,
  connectivityErrorCodes,
  ErrorCode,
  ErrorGroup,
  errorGroups,
} from './error-codes/error-codes.js';
export { formatIssues, type SchemaProblem } from './format-issues/format-issues.js';
export { parseCaptureSnapshot } from './parse-capture-snapshot/parse-capture-snapshot.js';
export {
  Acknowledgement,
  Banner,
  Because,
  type ColorCounts,
  Finding,
  MemberIcons,
  MemberReport,
  Report,
  ReportSummary,
} from './report/report.js';
export {
  AccessState,
  ConnectionMode,
  FindingColor,
  FixBy,
  IconColor,
  IconName,
  MemberConnection,
  Provider,
  ProviderHealth,
} from './vocabulary/vocabulary.js';
