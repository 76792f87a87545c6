import type { z } from 'zod';

/** The consent machine and rules as the API uses them: a policy schema and a simulation. */
export interface ConsentPort {
  policySchema: z.ZodType;
  /** the body of POST /consent-policy/simulate */
  meetingSchema: z.ZodType;
  /** a policy used before any draft is saved */
  defaultPolicy(): unknown;
  simulate(policy: unknown, meeting: unknown): unknown;
}
