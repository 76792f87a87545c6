// @internal: used only inside @capture-doctor/store.

/**
 * The first row of a query, mapped, or null when there is none.
 * @example const member = await readFirst(ofCompany(companyId).where('id', '=', memberId), toMember);
 */
export async function readFirst<R, T>(
  query: { executeTakeFirst(): Promise<R | undefined> },
  map: (row: R) => T,
): Promise<T | null> {
  const row = await query.executeTakeFirst();
  return row === undefined ? null : map(row);
}

/**
 * Every row of a query, mapped.
 * @example const members = await readAll(ofCompany(companyId).orderBy('email'), toMember);
 */
export async function readAll<R, T>(
  query: { execute(): Promise<R[]> },
  map: (row: R) => T,
): Promise<T[]> {
  const rows = await query.execute();
  return rows.map((row) => map(row));
}
