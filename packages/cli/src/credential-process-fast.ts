import { loadSsoProfile, readCachedCredentials, toCredentialProcessJson } from "@ssoenv/core";

/**
 * The hot path of `ssoenv credential-process --profile P`: AWS tools call it before every command,
 * so when cached credentials are still valid it answers without loading commander, the other
 * commands or any AWS SDK client. Returns false (print nothing) for anything else — other arguments,
 * a cache miss, any error — and the full command takes over and reports properly.
 */
export async function tryCachedCredentialProcess(argv: readonly string[]): Promise<boolean> {
  const profileName = profileFrom(argv);
  if (!profileName) return false;
  try {
    const profile = await loadSsoProfile({ profile: profileName });
    const cached = await readCachedCredentials({ profile });
    if (!cached) return false;
    process.stdout.write(`${toCredentialProcessJson(cached)}\n`);
    return true;
  } catch {
    return false;
  }
}

/** `credential-process --profile P` / `-p P` / `--profile=P` (optionally with --no-input), else undefined. */
function profileFrom(argv: readonly string[]): string | undefined {
  const [command, ...rest] = argv.filter((arg) => arg !== "--no-input");
  if (command !== "credential-process") return undefined;
  if (rest.length === 1 && rest[0]?.startsWith("--profile="))
    return rest[0].slice("--profile=".length) || undefined;
  if (
    rest.length === 2 &&
    (rest[0] === "--profile" || rest[0] === "-p") &&
    rest[1] &&
    !rest[1].startsWith("-")
  ) {
    return rest[1];
  }
  return undefined;
}
