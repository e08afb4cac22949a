/**
 * Every secret this process has sent to or received from AWS (access and refresh tokens, client
 * secrets, device codes, role keys), so that text a server sends back can be printed without them:
 * a server that echoes the request would otherwise make ssoenv print the access token.
 */
const secrets = new Set<string>();

/** Shorter values are not worth redacting (and would blank out ordinary words). */
const MIN_SECRET_LENGTH = 8;

/**
 * How many secrets are kept, the most recently seen. A long-running process (a script calling
 * ensureSession per request, `ssoenv serve`) sees ~3 new ones per session: kept forever they grew
 * the heap by ~1.4 MB and every cleanServerText by ~0.3-0.5 ms per 1,000 sessions. Server text can only
 * echo what its own request carried or its answer returned, and both are remembered (again) at that
 * moment, so the newest hundreds cover every call in flight.
 */
export const MAX_REMEMBERED_SECRETS = 256;

/** Field names of SSO, SSO OIDC and STS inputs and outputs that hold a secret. */
const SECRET_FIELDS = new Set([
  "accessToken",
  "refreshToken",
  "idToken",
  "clientSecret",
  "deviceCode",
  "code",
  "codeVerifier",
  "accessKeyId",
  "secretAccessKey",
  "sessionToken",
  "AccessKeyId",
  "SecretAccessKey",
  "SessionToken",
]);

/** Remembers a secret so that {@link redactSecrets} hides it. */
export function rememberSecret(value: unknown): void {
  if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) return;
  // Deleted first so that a secret seen again counts as recent (a Set keeps insertion order).
  secrets.delete(value);
  secrets.add(value);
  if (secrets.size > MAX_REMEMBERED_SECRETS) {
    const oldest = secrets.values().next().value;
    if (oldest !== undefined) secrets.delete(oldest);
  }
}

/** Remembers the secret fields of an AWS command's input or output (nested objects included). */
export function rememberSecretFields(value: unknown, depth = 0): void {
  if (typeof value !== "object" || value === null || depth > 3) return;
  for (const [key, field] of Object.entries(value)) {
    if (SECRET_FIELDS.has(key)) rememberSecret(field);
    else if (typeof field === "object") rememberSecretFields(field, depth + 1);
  }
}

/** `text` with every remembered secret replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  let result = text;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join("[redacted]");
  }
  return result;
}
