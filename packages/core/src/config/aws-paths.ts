import { homedir } from "node:os";
import { join } from "node:path";

/** Home folder as the AWS SDK finds it (HOME, USERPROFILE, HOMEPATH), from the given environment. */
export function homeDirFrom(env: NodeJS.ProcessEnv): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? "C:"}${env.HOMEPATH}`;
  return homedir();
}

/** Expands a leading `~/` the way the SDK does. */
export function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  return path.startsWith("~/") ? join(homeDirFrom(env), path.slice(2)) : path;
}

/** `AWS_CONFIG_FILE`, else `~/.aws/config`. */
export function configFilePath(env: NodeJS.ProcessEnv): string {
  return expandHome(env.AWS_CONFIG_FILE || join(homeDirFrom(env), ".aws", "config"), env);
}

/** `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`. */
export function credentialsFilePath(env: NodeJS.ProcessEnv): string {
  return expandHome(env.AWS_SHARED_CREDENTIALS_FILE || join(homeDirFrom(env), ".aws", "credentials"), env);
}

/** `~/.aws/sso/cache`, where the AWS CLI and SDKs keep SSO tokens. */
export function ssoCacheDir(env: NodeJS.ProcessEnv): string {
  return join(homeDirFrom(env), ".aws", "sso", "cache");
}

/** `~/.aws/ssoenv`, ssoenv's own private state (credential cache). */
export function ssoenvStateDir(env: NodeJS.ProcessEnv): string {
  return join(homeDirFrom(env), ".aws", "ssoenv");
}
