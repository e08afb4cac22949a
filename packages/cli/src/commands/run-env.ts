import type { CredentialFormat } from "@ssoenv/core/internal/credentials/credential-formats";
import { formatCredentials } from "@ssoenv/core/internal/credentials/format-credentials";
import type { SessionCommandOptions } from "../common-options.js";
import { ensureSessionFor } from "../ensure-session-for.js";

/** What `ssoenv env` does (its declaration, with options and help: env.ts). */
export async function runEnv(options: SessionCommandOptions & { format: CredentialFormat }): Promise<void> {
  const session = await ensureSessionFor(options);
  process.stdout.write(formatCredentials({ session, format: options.format }));
}
