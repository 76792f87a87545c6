import type { Kysely, Migration } from 'kysely';

// Migrations take `Kysely<unknown>`: this one knows only the columns it reads and writes.
interface Tables {
  meetings: { id: string; consent_state: string; cancelled_at: string | null };
}

/**
 * Meetings called off before the consent machine had its `cancelled` state: their stored machine
 * is put in that state, so it refuses the recorder like any meeting called off now, and takes
 * the meeting back where it was if its event returns (`noticeSent` once a notice went out).
 */
export const cancelledConsentState: Migration = {
  async up(db: Kysely<unknown>) {
    await rewriteStates(db, (value) =>
      value === 'scheduled' || value === 'noticeSent' ? 'cancelled' : value,
    );
  },

  async down(db: Kysely<unknown>) {
    await rewriteStates(db, (value, noticeSent) => {
      if (value !== 'cancelled') return value;
      return noticeSent ? 'noticeSent' : 'scheduled';
    });
  },
};

async function rewriteStates(
  db: Kysely<unknown>,
  next: (value: unknown, noticeSent: boolean) => unknown,
): Promise<void> {
  const tables = db as unknown as Kysely<Tables>;
  const rows = await tables
    .selectFrom('meetings')
    .select(['id', 'consent_state'])
    .where('cancelled_at', 'is not', null)
    .execute();
  for (const row of rows) {
    const state: unknown = JSON.parse(row.consent_state);
    if (typeof state !== 'object' || state === null || !('value' in state)) continue;
    const value = next(state.value, noticeWasSent(state));
    if (value === state.value) continue;
    const updated = JSON.stringify({ ...state, value });
    await tables
      .updateTable('meetings')
      .set({ consent_state: updated })
      .where('id', '=', row.id)
      .execute();
  }
}

// The machine's own evidence says whether the notice went out before the meeting was called off.
function noticeWasSent(state: object): boolean {
  if (!('context' in state) || typeof state.context !== 'object' || state.context === null) {
    return false;
  }
  const evidence = 'evidence' in state.context ? state.context.evidence : [];
  return (
    Array.isArray(evidence) &&
    evidence.some(
      (e: unknown) =>
        typeof e === 'object' && e !== null && 'kind' in e && e.kind === 'notice_email_sent',
    )
  );
}
