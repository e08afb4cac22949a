import { profileHeader } from "@ssoenv/core/internal/config/profile-header";
import { defaultRegionForChild } from "@ssoenv/core/internal/credentials/default-region-for-child";
import type { Session } from "@ssoenv/core/internal/session/session-types";
import { shellWord } from "@ssoenv/secret-scan/shell-word";
import { printWarning } from "./ui.js";

/**
 * Without AWS_PROFILE (exec's child, a shell after `eval "$(ssoenv env)"`), tools read [default]'s
 * region where `aws --profile P` has none: one line on stderr names it and the fix.
 * `takes` says who: "the command takes", "commands run after it take".
 */
export async function noteDefaultRegion(options: {
  env: NodeJS.ProcessEnv;
  session: Pick<Session, "profile" | "region">;
  takes: string;
}): Promise<void> {
  const { env, session, takes } = options;
  const inherited = await defaultRegionForChild({ env, session });
  if (!inherited) return;
  const header = profileHeader(session.profile);
  // A warning, not an error: the command runs all the same.
  printWarning(
    `${header} has no region, so ${takes} [default]'s, ${inherited} (aws --profile ${shellWord(session.profile)} would have none); set region in ${header} or AWS_REGION to choose one`,
  );
}
