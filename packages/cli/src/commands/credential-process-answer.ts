import { answerCredentialProcess } from "@ssoenv/core/credential-process";
import { parentEnv } from "../own-env.js";

/**
 * `ssoenv credential-process [--profile P]` answered from the credentials cache, before commander or
 * the command's module loads (AWS tools run it before every command). Only the plain shapes of the
 * command line: `--profile P`, `-p P`, `--profile=P` or no profile, optionally `--no-input`. Without
 * a profile it is found as every command finds it: ssoenv.toml's `profile`, then the environment
 * (SSOENV_PROFILE, AWS_PROFILE, AWS_DEFAULT_PROFILE, default). Resolves to 0 having printed the JSON,
 * or undefined having printed nothing (the full command then takes over).
 */
export async function credentialProcessAnswer(args: readonly string[]): Promise<number | undefined> {
  const given = profileFrom(args);
  if (given === null) return undefined;
  let profile = given;
  if (profile === undefined) {
    const { loadProjectConfig } = await import("@ssoenv/core/project-config");
    // A broken ssoenv.toml is the full command's to report.
    const project = await loadProjectConfig().catch(() => null);
    if (project === null) return undefined;
    profile = project?.profile;
  }
  const json = await answerCredentialProcess({ ...(profile ? { profile } : {}), env: parentEnv() });
  if (json === undefined) return undefined;
  process.stdout.write(`${json}\n`);
  return 0;
}

/** The profile given, undefined when none is, null for a command line the full command must read. */
function profileFrom(args: readonly string[]): string | undefined | null {
  const rest = args.filter((arg) => arg !== "--no-input");
  if (rest.length === 0) return undefined;
  if (rest.length === 1 && rest[0]?.startsWith("--profile="))
    return rest[0].slice("--profile=".length) || null;
  if (
    rest.length === 2 &&
    (rest[0] === "--profile" || rest[0] === "-p") &&
    rest[1] &&
    !rest[1].startsWith("-")
  ) {
    return rest[1];
  }
  return null;
}
