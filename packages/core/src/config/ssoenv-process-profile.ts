/**
 * The profile a `credential_process = ssoenv credential-process --profile P` hands out (the README's
 * profile for older tools), else undefined: a script left on that profile, or a role chain through
 * it, means P. The program may be `ssoenv`, the package's `ssoenv.js` or a checkout's `ssoenv.cjs`,
 * and it or P may be quoted, as the AWS CLI (shlex.split) and the SDKs (a shell) take them.
 */
export function ssoenvProcessProfile(command: string | undefined): string | undefined {
  const args = /(?:^|[\s/"'])ssoenv(?:\.c?js)?["']?\s+credential-process\b(.*)$/.exec(command ?? "")?.[1];
  return args ? /(?:^|\s)(?:--profile[=\s]+|-p\s+)(["']?)([^\s"']+)\1/.exec(args)?.[2] : undefined;
}
