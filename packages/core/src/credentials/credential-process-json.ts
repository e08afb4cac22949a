import type { Credentials } from "../session/session-types.js";
import { isoSeconds } from "./iso-seconds.js";

/**
 * The JSON a `credential_process` prints: `{"Version":1,"AccessKeyId","SecretAccessKey","SessionToken","Expiration"}`.
 *
 * @example credential_process = ssoenv credential-process --profile dev
 */
export function toCredentialProcessJson(credentials: Credentials): string {
  return JSON.stringify({
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: isoSeconds(credentials.expiration),
  });
}
