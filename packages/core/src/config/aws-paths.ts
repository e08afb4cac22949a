import { isAbsolute, join, resolve } from "node:path";
import { SsoenvError } from "../errors.js";
import { refuseUnexpandedPath } from "./refuse-unexpanded-path.js";

/**
 * Home folder as the AWS SDK finds it (HOME, USERPROFILE, HOMEPATH), from the given environment.
 * Without one (or with a relative one) ssoenv refuses rather than guess: Node's fallback for an empty
 * HOME is "", which would put the token cache (access token, refresh token, client secret) in
 * `./.aws` of whatever folder ssoenv runs in.
 *
 * @throws SsoenvError `ENVIRONMENT_INVALID`.
 */
export function homeDirFrom(env: NodeJS.ProcessEnv): string {
  const home = env.HOME || env.USERPROFILE || (env.HOMEPATH ? `${env.HOMEDRIVE ?? "C:"}${env.HOMEPATH}` : "");
  if (home && isAbsolute(home)) return home;
  throw new SsoenvError(
    "ENVIRONMENT_INVALID",
    home ? `HOME is "${home}", not an absolute path` : "HOME is not set (or empty)",
    {
      hint: "set HOME to your home folder, e.g. export HOME=/home/you: ssoenv keeps the SSO token cache in $HOME/.aws, never in the current folder",
    },
  );
}

/** Expands a leading `~/` the way the SDK does. */
function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  return path.startsWith("~/") ? join(homeDirFrom(env), path.slice(2)) : path;
}

/**
 * `AWS_CONFIG_FILE`, else `~/.aws/config`, as an absolute path: a relative AWS_CONFIG_FILE is relative
 * to the working folder (as for the AWS CLI), and a process started elsewhere (the background serve)
 * must read the same file.
 */
export function configFilePath(env: NodeJS.ProcessEnv): string {
  return fromVariable("AWS_CONFIG_FILE", env) ?? defaultConfigFilePath(env);
}

/** `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`, as an absolute path (see configFilePath). */
export function credentialsFilePath(env: NodeJS.ProcessEnv): string {
  return fromVariable("AWS_SHARED_CREDENTIALS_FILE", env) ?? defaultCredentialsFilePath(env);
}

/** `~/.aws/config`: the config file when AWS_CONFIG_FILE names none. */
export function defaultConfigFilePath(env: NodeJS.ProcessEnv): string {
  return join(homeDirFrom(env), ".aws", "config");
}

/** `~/.aws/credentials`: the credentials file when AWS_SHARED_CREDENTIALS_FILE names none. */
export function defaultCredentialsFilePath(env: NodeJS.ProcessEnv): string {
  return join(homeDirFrom(env), ".aws", "credentials");
}

/** The absolute path a file variable names, undefined when it is unset or empty. */
function fromVariable(variable: string, env: NodeJS.ProcessEnv): string | undefined {
  const value = env[variable];
  if (!value) return undefined;
  const resolvePath = (path: string) => resolve(expandHome(path, env));
  refuseUnexpandedPath({ variable, value, env, resolvePath });
  return resolvePath(value);
}

/**
 * The folder of the refresh that started ssoenv's background server, in that server's environment:
 * it runs in its state folder (a long-lived process should not keep a project folder busy).
 */
export const WORKING_FOLDER_ENV = "SSOENV_WORKING_FOLDER";

/**
 * A path the AWS CLI reads from the folder it runs in when relative (AWS_CA_BUNDLE, a profile's
 * `ca_bundle`), as this process is to read it: as given, or in the background server from the folder
 * of the refresh that started it (WORKING_FOLDER_ENV).
 */
export function fromWorkingFolder(path: string, env: NodeJS.ProcessEnv): string {
  const folder = env[WORKING_FOLDER_ENV];
  return folder ? resolve(folder, path) : path;
}

/** `~/.aws/sso/cache`, where the AWS CLI and SDKs keep SSO tokens. */
export function ssoCacheDir(env: NodeJS.ProcessEnv): string {
  return join(homeDirFrom(env), ".aws", "sso", "cache");
}

/** `~/.aws/cli/cache`, where the AWS CLI v2 keeps the role credentials it gets (awsCliCredentialsCachePath). */
export function awsCliCacheDir(env: NodeJS.ProcessEnv): string {
  return join(homeDirFrom(env), ".aws", "cli", "cache");
}

/** `~/.aws/ssoenv`, ssoenv's own private state (credential cache). */
export function ssoenvStateDir(env: NodeJS.ProcessEnv): string {
  return join(homeDirFrom(env), ".aws", "ssoenv");
}
