import { answerCredentialProcess } from "@ssoenv/core/credential-process";

/**
 * `ssoenv credential-process --profile P` answered from the credentials cache, before commander or
 * the command's module loads (AWS tools run it before every command). Only the plain shapes of the
 * command line: `--profile P`, `-p P`, `--profile=P`, optionally `--no-input`. Resolves to 0 having
 * printed the JSON, or undefined having printed nothing (the full command then takes over).
 */
export async function credentialProcessAnswer(args: readonly string[]): Promise<number | undefined> {
  const profile = profileFrom(args);
  if (!profile) return undefined;
  const json = await answerCredentialProcess({ profile });
  if (json === undefined) return undefined;
  process.stdout.write(`${json}\n`);
  return 0;
}

function profileFrom(args: readonly string[]): string | undefined {
  const rest = args.filter((arg) => arg !== "--no-input");
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
