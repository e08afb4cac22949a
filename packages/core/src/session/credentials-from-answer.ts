import { SsoenvError } from "../errors.js";
import type { Credentials } from "./session-types.js";

/** The four fields of an AWS answer's credentials, as SSO names them (STS's are capitalised). */
export interface CredentialsAnswer {
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  sessionToken?: string | undefined;
  /** SSO: epoch milliseconds; STS: a Date. */
  expiration?: number | Date | undefined;
}

/**
 * Our {@link Credentials} from the credentials in an AWS answer, refusing an answer that lacks any of
 * the four fields: half a set of credentials would only fail later, at whatever tool used them.
 *
 * @param from what answered, for the message ("SSO GetRoleCredentials").
 * @throws SsoenvError `CREDENTIALS_INVALID` "<from> returned incomplete credentials".
 */
export function credentialsFromAnswer(answer: CredentialsAnswer | undefined, from: string): Credentials {
  if (!answer?.accessKeyId || !answer.secretAccessKey || !answer.sessionToken || !answer.expiration) {
    throw new SsoenvError("CREDENTIALS_INVALID", `${from} returned incomplete credentials`);
  }
  return {
    accessKeyId: answer.accessKeyId,
    secretAccessKey: answer.secretAccessKey,
    sessionToken: answer.sessionToken,
    expiration: new Date(answer.expiration),
  };
}
