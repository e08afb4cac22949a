import type { CredentialFormat } from "@ssoenv/core/internal/credentials/credential-formats";
import { formatCredentials } from "@ssoenv/core/internal/credentials/format-credentials";
import type { SessionCommandOptions } from "../common-options.js";
import { noteDefaultRegion } from "../default-region-note.js";
import { ensureSessionFor } from "../ensure-session-for.js";
import { parentEnv } from "../own-env.js";

/** What `ssoenv env` does (its declaration, with options and help: env.ts). */
export async function runEnv(options: SessionCommandOptions & { format: CredentialFormat }): Promise<void> {
  const session = await ensureSessionFor(options);
  process.stdout.write(formatCredentials({ session, format: options.format }));
  // The shell formats unset AWS_PROFILE: the shell's tools then read [default]'s region.
  if (options.format !== "dotenv" && options.format !== "json") {
    await noteDefaultRegion({ env: parentEnv(), session, takes: "commands run after it take" });
  }
}
