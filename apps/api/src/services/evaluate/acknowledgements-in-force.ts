// @internal: a part of the API's own wiring, not used outside apps/api.
import type { Acknowledgement } from '@capture-doctor/domain';
import { type Store, toFindingAcknowledgement } from '@capture-doctor/store';

/**
 * The company's acknowledgements that are not revoked, in the shape the engine takes. Expired
 * ones are kept: the engine compares `expiresAt` with the evaluation's `asOf` itself.
 * @example deps.evaluator.evaluateSnapshot(snapshot, { acknowledgements: await acknowledgementsInForce(deps.store, 'acme'), asOf })
 */
export async function acknowledgementsInForce(
  store: Pick<Store, 'acknowledgements'>,
  companyId: string,
): Promise<Acknowledgement[]> {
  return (await store.acknowledgements.list(companyId))
    .filter((a) => a.revokedAt === null)
    .map(toFindingAcknowledgement);
}
