import { sessionInEnv } from "@ssoenv/core/internal/credentials/credential-env";
import type { CredentialFormat } from "@ssoenv/core/internal/credentials/credential-formats";
import { formatCredentials } from "@ssoenv/core/internal/credentials/format-credentials";
import type { SessionCommandOptions } from "../common-options.js";
import { noteDefaultRegion } from "../default-region-note.js";
import { ensureSessionFor } from "../ensure-session-for.js";
import { parentEnv } from "../own-env.js";

/** What `ssoenv env` does (its declaration, with options and help: env.ts). */
export async function runEnv(options: SessionCommandOptions & { format: CredentialFormat }): Promise<void> {
  const session = await ensureSessionFor(options);
  if (options.format === "dotenv" || options.format === "json") {
    // Read elsewhere, later (a .env, docker run --env-file, another program): the profile's region.
    process.stdout.write(formatCredentials({ session, format: options.format }));
    return;
  }
  // The shell formats are evaluated by the caller's shell: a region it has stays, as exec's command
  // keeps it. They unset AWS_PROFILE: the shell's tools then read [default]'s region.
  const env = parentEnv();
  process.stdout.write(
    formatCredentials({ session: sessionInEnv({ env, session }), format: options.format }),
  );
  await noteDefaultRegion({ env, session, takes: "commands run after it take" });
}
