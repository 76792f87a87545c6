const REDACTED = '[redacted]';

// Shapes that carry credentials whatever the provider: PEM keys, bearer tokens, JWTs and
// form fields of the token endpoints. Known secret values are removed on top of these.
const SECRET_PATTERNS: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
  /\b(client_secret|refresh_token|access_token|assertion|client_assertion|private_key)(["']?\s*[:=]\s*["']?)[^\s&"',}]+/gi,
];

/**
 * Removes secrets from a text: the given secret values and anything shaped like a key or token.
 * @example redactSecrets('bad secret s3cr3t', ['s3cr3t']) // 'bad secret [redacted]'
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret.length >= 4) clean = clean.split(secret).join(REDACTED);
  }
  for (const pattern of SECRET_PATTERNS) {
    clean = clean.replace(pattern, (_match, field?: string, separator?: string) =>
      typeof field === 'string' && typeof separator === 'string'
        ? `${field}${separator}${REDACTED}`
        : REDACTED,
    );
  }
  return clean;
}
