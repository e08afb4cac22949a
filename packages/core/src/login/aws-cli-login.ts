import { SsoenvError } from "../errors.js";
import type { SessionContext } from "../session/session-context.js";
import { readSsoToken, type SsoToken, tokenCachePath } from "../token/sso-token-cache.js";
import type { AwsCli } from "./find-aws-cli.js";

/** A session's context (profile, env, signal; no events: the AWS CLI talks to the terminal) and which CLI to run. */
export interface AwsCliLoginOptions extends SessionContext {
  cli: AwsCli;
  /** Pass `--no-browser`: the CLI prints a URL and code instead of opening a browser. */
  noBrowser: boolean;
  /** Pass `--use-device-code` (AWS CLI >= 2.22, which otherwise signs in with PKCE). */
  useDeviceCode?: boolean;
}

/**
 * Runs `aws sso login --profile P` with the terminal attached (stdout goes to our stderr, so that
 * `eval "$(ssoenv env)"` never evaluates the CLI's prompt), then reads the token it cached.
 *
 * @throws SsoenvError `LOGIN_FAILED` (non-zero exit, or no token cached), `LOGIN_CANCELLED` (aborted).
 */
export async function awsCliLogin(options: AwsCliLoginOptions): Promise<SsoToken> {
  const { profile, env, cli } = options;
  const target = profile.sessionOnly ? ["--sso-session", profile.name] : ["--profile", profile.name];
  const args = [
    "sso",
    "login",
    ...target,
    ...(options.noBrowser ? ["--no-browser"] : []),
    ...(options.useDeviceCode ? ["--use-device-code"] : []),
  ];
  const command = `aws ${args.join(" ")}`;
  const { execa } = await import("execa");
  const result = await execa(cli.path, args, {
    // Python buffers a piped stdout: without this, the URL and code to enter reach a CI log or a
    // mise task's piped output only when the login has ended, so nobody can approve it.
    env: { ...env, PYTHONUNBUFFERED: "1" },
    extendEnv: false,
    stdio: ["inherit", 2, "inherit"],
    reject: false,
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  if (result.isCanceled || options.signal?.aborted) {
    throw new SsoenvError("LOGIN_CANCELLED", `${command} was cancelled`, {
      hint: command,
      cause: options.signal?.reason,
    });
  }
  if (result.exitCode !== 0) {
    // Not "run it yourself": the `aws` first on PATH may be another one (pip's v1, which has no
    // `sso login`), and the CLI's reason is on the terminal already.
    const native = [
      "ssoenv login",
      ...target,
      "--method native",
      ...(options.noBrowser ? ["--no-browser"] : []),
      ...(options.useDeviceCode ? ["--use-device-code"] : []),
    ].join(" ");
    throw new SsoenvError(
      "LOGIN_FAILED",
      `${command} failed (${result.signal ? `signal ${result.signal}` : `exit code ${result.exitCode}`}, ${cli.path} ${cli.version})`,
      { hint: `the AWS CLI printed why above; or sign in without it: ${native}` },
    );
  }
  const token = await readSsoToken({ profile, env });
  if (!token) {
    throw new SsoenvError(
      "LOGIN_FAILED",
      `${command} succeeded but no token was cached in ${tokenCachePath({ profile, env })}`,
      { hint: "check that the AWS CLI uses the same HOME and config file (AWS_CONFIG_FILE) as ssoenv" },
    );
  }
  return token;
}
