import type { JsonObject, Store } from '@capture-doctor/store';
import { type AlertEventType, alertEmail } from './alert-events.js';

/** One alert to raise for a company. */
export interface Alert {
  companyId: string;
  type: AlertEventType;
  /** the webhook payload's `data` */
  data: JsonObject;
  /** the email's placeholders, besides `companyName` */
  words: Record<string, string | number>;
  /** raise it only if no alert of the company has had this key (e.g. once per meeting) */
  dedupeKey?: string;
}

/**
 * Raises an alert in one transaction: stored, one delivery queued per webhook endpoint
 * listening to its type, one email queued in the outbox per recipient listening to it.
 * Answers false when its dedupe key was raised before (nothing is queued again).
 * @example await raiseAlert(store, { companyId: 'acme', type: 'sync.failed', data, words })
 */
export async function raiseAlert(store: Store, alert: Alert): Promise<boolean> {
  const company = await store.companies.get(alert.companyId);
  const timestamp = store.now();
  return store.transaction(async (tx) => {
    const raised = await tx.alertDeliveries.raise({
      companyId: alert.companyId,
      type: alert.type,
      payload: { type: alert.type, timestamp, data: { companyId: alert.companyId, ...alert.data } },
      dedupeKey: alert.dedupeKey ?? null,
    });
    if (raised === null) return false;
    const recipients = await tx.alertRecipients.listening(alert.companyId, alert.type);
    const email = alertEmail(alert.type, {
      companyName: company?.name ?? alert.companyId,
      ...alert.words,
    });
    await tx.outbox.enqueueMany(
      recipients.map((recipient) => ({
        companyId: alert.companyId,
        to: recipient.email,
        ...email,
      })),
    );
    return true;
  });
}
