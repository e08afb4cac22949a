import { answerCredentialProcess } from "@ssoenv/core/credential-process";

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
  // process.env as the parent gave it: ssoenv sets its own variables (own-env.ts) only past this.
  const json = await answerCredentialProcess({ ...(profile ? { profile } : {}), env: process.env });
  if (json === undefined) return undefined;
  writeToStdout(`${json}\n`);
  return 0;
}

/**
 * Writes to fd 1 without creating process.stdout (the stream and what it loads cost this hot path
 * ~5% of Node.js's start). fs comes from getBuiltinModule, not `import`: an ESM import of node:fs
 * loads its streams too. A reader that closed the pipe early made its choice: not an error.
 */
function writeToStdout(text: string): void {
  const { writeSync } = process.getBuiltinModule("node:fs");
  const bytes = Buffer.from(text);
  for (let written = 0; written < bytes.length; ) {
    try {
      written += writeSync(1, bytes, written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EPIPE") return;
      // A non-blocking pipe that is full: let the stream wait for it.
      if (code === "EAGAIN") {
        process.stdout.write(bytes.subarray(written));
        return;
      }
      throw error;
    }
  }
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
