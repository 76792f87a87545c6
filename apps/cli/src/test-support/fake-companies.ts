import {
  delegatedGoogle,
  fakeServiceAccount,
  type GoogleFake,
  startGoogleFake,
} from '@capture-doctor/providers/fakes';
import type { Store } from '@capture-doctor/store';
import { connectFromSyncInput } from '@capture-doctor/sync';

/** Companies each backed by a loopback fake Google Workspace tenant of its own. */
export interface FakeCompanies {
  ids: string[];
  fakes: GoogleFake[];
  close(): Promise<void>;
}

/**
 * Creates `count` companies (`<prefix>0`, `<prefix>1`, ...) of `members` members each, connected
 * company-wide through a service account to a fake tenant answering after `latencyMs`.
 * @example const companies = await startFakeCompanies(store, { prefix: 'c', count: 4, members: 50, latencyMs: 50 });
 */
export async function startFakeCompanies(
  store: Store,
  options: { prefix: string; count: number; members: number; latencyMs: number },
): Promise<FakeCompanies> {
  const ids: string[] = [];
  const fakes: GoogleFake[] = [];
  try {
    for (let index = 0; index < options.count; index += 1) {
      const id = `${options.prefix}${index}`;
      const domain = `${id}.test`;
      const account = fakeServiceAccount(domain);
      const members = Array.from({ length: options.members }, (_, n) => ({
        id: `u${n}`,
        email: `u${n}@${domain}`,
      }));
      const fake = await startGoogleFake({
        domain,
        latencyMs: options.latencyMs,
        users: [{ id: 'admin', email: `admin@${domain}`, admin: true }, ...members],
        google: delegatedGoogle(account),
      });
      fakes.push(fake);
      await store.companies.create({ id, name: `Company ${index}` });
      await connectFromSyncInput(store, id, {
        provider: 'google_workspace',
        input: {
          domain,
          credentials: {
            kind: 'service_account',
            clientEmail: account.clientEmail,
            privateKey: account.privateKey,
            adminEmail: `admin@${domain}`,
          },
          endpoints: { rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl },
          members,
        },
      });
      ids.push(id);
    }
  } catch (error) {
    await Promise.all(fakes.map((fake) => fake.close()));
    throw error;
  }
  return {
    ids,
    fakes,
    close: async () => {
      await Promise.all(fakes.map((fake) => fake.close()));
    },
  };
}
