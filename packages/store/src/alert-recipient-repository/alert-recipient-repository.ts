import { z } from 'zod';
import { requireCompany } from '../company-repository/company-repository.js';
import type { AlertRecipientTable } from '../database/database.js';
import { insertRows } from '../insert-rows/insert-rows.js';
import { readAll } from '../read-rows/read-rows.js';
import { inTransaction, type RepositoryContext } from '../repository-context/repository-context.js';
import { StoreError } from '../store-error/store-error.js';
import { parseStored, validateInput } from '../validate-input/validate-input.js';
import { AlertEventTypes } from '../webhook-endpoint-repository/webhook-endpoint-repository.js';

export const AlertRecipient = z.strictObject({
  email: z.email().max(320),
  events: AlertEventTypes,
});
export type AlertRecipient = z.infer<typeof AlertRecipient>;

export const AlertRecipientList = z.array(AlertRecipient).max(200);

export interface AlertRecipientRepository {
  /** The company's email recipients, in the order they were given. */
  list(companyId: string): Promise<AlertRecipient[]>;
  /** Replaces the whole list (all or nothing); an address given twice is refused. */
  replace(companyId: string, recipients: readonly AlertRecipient[]): Promise<AlertRecipient[]>;
  /** The recipients listening to `eventType`. */
  listening(companyId: string, eventType: string): Promise<AlertRecipient[]>;
}

/**
 * The alert_recipients table: who is emailed which alerts.
 * @example await store.alertRecipients.replace('acme', [{ email: 'ops@acme.example', events: ['sync.failed'] }]);
 */
export function alertRecipientRepository(ctx: RepositoryContext): AlertRecipientRepository {
  const { db } = ctx;
  const list = (companyId: string) =>
    readAll(
      db
        .selectFrom('alert_recipients')
        .selectAll()
        .where('company_id', '=', companyId)
        .orderBy('position'),
      toRecipient,
    );
  return {
    list,
    async replace(companyId, recipients) {
      const parsed = validateInput(AlertRecipientList, recipients, 'alert recipients');
      const seen = new Set<string>();
      parsed.forEach((recipient, index) => {
        const address = recipient.email.toLowerCase();
        if (seen.has(address)) {
          throw new StoreError('invalid_input', `${recipient.email} is listed twice`, {
            field: `items[${index}].email`,
          });
        }
        seen.add(address);
      });
      await requireCompany(ctx, companyId);
      const rows: AlertRecipientTable[] = parsed.map((recipient, position) => ({
        company_id: companyId,
        email: recipient.email,
        events: JSON.stringify([...new Set(recipient.events)]),
        position,
      }));
      await inTransaction(db, async (trx) => {
        await trx.deleteFrom('alert_recipients').where('company_id', '=', companyId).execute();
        await insertRows(trx, 'alert_recipients', rows);
      });
      return list(companyId);
    },
    async listening(companyId, eventType) {
      return (await list(companyId)).filter((recipient) => recipient.events.includes(eventType));
    },
  };
}

function toRecipient(row: AlertRecipientTable): AlertRecipient {
  const events = parseStored(z.array(z.string()), row.events, `alert recipient ${row.email}`);
  return { email: row.email, events };
}
