import { SsoenvError } from "../errors.js";
import type { Credentials } from "../session/session-types.js";
import { isoSeconds } from "./iso-seconds.js";

/**
 * The JSON a `credential_process` prints: `{"Version":1,"AccessKeyId","SecretAccessKey","SessionToken","Expiration"}`.
 *
 * @example credential_process = ssoenv credential-process --profile dev
 */
export function toCredentialProcessJson(credentials: Credentials): string {
  // Checked inline, not with validateOptions: this runs in credential-process's hot path, which bundles it.
  if (typeof credentials?.accessKeyId !== "string" || !(credentials.expiration instanceof Date)) {
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      "toCredentialProcessJson(): its argument must be credentials ({ accessKeyId, secretAccessKey, sessionToken, expiration: Date })",
      { hint: "e.g. toCredentialProcessJson((await ensureSession()).credentials)" },
    );
  }
  return JSON.stringify({
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: isoSeconds(credentials.expiration),
  });
}
