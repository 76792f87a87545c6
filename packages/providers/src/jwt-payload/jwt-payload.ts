// @internal: reads the claims of an access token the provider issued (and the fakes).

/**
 * Decodes a JWT's payload without checking it.
 * @example decodeJwtPart(token.split('.')[1]).roles
 */
export function decodeJwtPart(part: string | undefined): Record<string, unknown> {
  if (part === undefined) return {};
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
