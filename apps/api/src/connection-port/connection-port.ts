import type { z } from 'zod';

/** The connection as the API shows it: the machine's state and its configuration, no secrets. */
export interface ConnectionView {
  state: string;
  configuration: Record<string, unknown>;
}

/** The provider tenant the machine accepted, kept so credentials have a connection to belong to. */
export interface AcceptedTenant {
  provider: string;
  id: string;
  mode: string | null;
}

export type ConnectionOutcome =
  | { ok: true; persisted: unknown; view: ConnectionView; tenant: AcceptedTenant | null }
  | { ok: false; code: string; message: string };

/**
 * The connection machine as the API uses it. The machine alone decides whether a change is
 * allowed; the API only sends events and stores what the machine persists.
 */
export interface ConnectionPort {
  /** the body of PATCH /connection: one event for the machine */
  eventSchema: z.ZodType;
  view(persisted: unknown | null): ConnectionView;
  send(companyId: string, persisted: unknown | null, event: unknown): ConnectionOutcome;
}
