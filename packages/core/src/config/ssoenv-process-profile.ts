/**
 * The profile a `credential_process = ssoenv credential-process --profile P` hands out (the README's
 * profile for older tools), else undefined: a script left on that profile, or a role chain through
 * it, means P.
 */
export function ssoenvProcessProfile(command: string | undefined): string | undefined {
  const args = /(?:^|[\s/])ssoenv(?:\.js)?\s+credential-process\b(.*)$/.exec(command ?? "")?.[1];
  return args ? /(?:^|\s)(?:--profile[=\s]+|-p\s+)([^\s"']+)/.exec(args)?.[1] : undefined;
}
