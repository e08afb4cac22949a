import { positiveDuration } from "../duration/positive-duration.js";

/** How long ssoenv waits for AWS, per call (SSO, SSO OIDC, STS). */
export interface NetworkDeadlines {
  /** To open the connection (TCP + TLS). */
  connectMs: number;
  /** For one attempt's answer, from the start of the request. */
  responseMs: number;
  /** For all attempts of one call together, retries and their pauses included. */
  budgetMs: number;
}

/** Defaults: an AWS answer takes well under a second; a tool waiting on `credential_process` should not wait half a minute. */
export const DEFAULT_NETWORK_DEADLINES: Readonly<NetworkDeadlines> = {
  connectMs: 5_000,
  responseMs: 10_000,
  budgetMs: 25_000,
};

/** The variables that set them, as durations ("500ms", "5s", "1m"). */
export const NETWORK_DEADLINE_VARIABLES = {
  connectMs: "SSOENV_CONNECT_TIMEOUT",
  responseMs: "SSOENV_RESPONSE_TIMEOUT",
  budgetMs: "SSOENV_NETWORK_BUDGET",
} as const satisfies Record<keyof NetworkDeadlines, string>;

/**
 * The deadlines of AWS calls: `SSOENV_CONNECT_TIMEOUT`, `SSOENV_RESPONSE_TIMEOUT` and
 * `SSOENV_NETWORK_BUDGET` from `env`, else {@link DEFAULT_NETWORK_DEADLINES}.
 *
 * @example networkDeadlines({ SSOENV_RESPONSE_TIMEOUT: "3s" }).responseMs // 3000
 * @throws SsoenvError `INVALID_ARGUMENT` naming the variable when a value is not a positive duration.
 */
export function networkDeadlines(env: NodeJS.ProcessEnv): NetworkDeadlines {
  const deadlines = { ...DEFAULT_NETWORK_DEADLINES };
  for (const [field, name] of Object.entries(NETWORK_DEADLINE_VARIABLES) as [
    keyof NetworkDeadlines,
    string,
  ][]) {
    const value = env[name];
    if (value === undefined || value.trim() === "") continue;
    deadlines[field] = positiveDuration(name, value);
  }
  return deadlines;
}
