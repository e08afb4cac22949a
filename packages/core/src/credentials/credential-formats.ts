// Its own module so that `ssoenv env --help` lists the formats without loading the formatter.

/** Output forms of `ssoenv env`. */
export type CredentialFormat = "sh" | "fish" | "powershell" | "dotenv" | "json";

export const CREDENTIAL_FORMATS: readonly CredentialFormat[] = ["sh", "fish", "powershell", "dotenv", "json"];
