// @capture-doctor/api: the HTTP API, the team-members page and the server that runs them.
export type { AppDeps } from './app-deps/app-deps.js';
export { joinMeetingsAfterSync } from './background-work/work-deps.js';
export { consentLinksFrom } from './consent-links/consent-links.js';
export { type AppOptions, createApp } from './create-app/create-app.js';
export { csvCell } from './csv-export/csv-export.js';
export {
  DEMO_COMPANY_ID,
  type DemoKeys,
  demoSnapshots,
  ensureDemoCompany,
} from './demo-company/demo-company.js';
export { writeDemoKeysFile } from './demo-keys-file/demo-keys-file.js';
export {
  diffReports,
  type EvaluationDiff,
  type IconChange,
} from './evaluation-diff/evaluation-diff.js';
export { createMailer, type Mailer, type SmtpConfig, smtpConfigFromEnv } from './mailer/mailer.js';
export { openApiDocument } from './openapi/openapi.js';
export { type ProblemDocument, ProblemError } from './problem/problem.js';
export type { CalendarJoin } from './services/meetings/join-calendar-meetings.js';
export { MEMBER_CSV_COLUMNS, memberCsvRow } from './services/members/list-members.js';
export {
  type RunningServer,
  type StartServerOptions,
  startServer,
  startupBanner,
} from './start-server/start-server.js';
export {
  type RunningWorker,
  type StartWorkerOptions,
  startWorker,
  WorkerRefusal,
} from './start-worker/start-worker.js';
