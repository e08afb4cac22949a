import type { SessionCommandOptions } from "../common-options.js";
import { describeSession } from "../describe-session.js";
import { ensureSessionFor } from "../ensure-session-for.js";
import { printInfo } from "../ui.js";

/** What `ssoenv ensure` does (its declaration, with options and help: ensure.ts). */
export async function runEnsure(options: SessionCommandOptions): Promise<void> {
  const session = await ensureSessionFor(options);
  printInfo(
    `profile ${session.profile}: ${session.accountId} / ${session.roleName}, ${describeSession(session)}`,
  );
}
