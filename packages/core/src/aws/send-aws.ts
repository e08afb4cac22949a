import type { SessionContext } from "../session/session-context.js";
import type { Credentials } from "../session/session-types.js";
import type { AwsService } from "./aws-clients.js";
import type { AwsSdk } from "./load-sdk.js";
import { configuredMaxAttempts } from "./max-attempts.js";
import type { NetworkDeadlines } from "./network-deadlines.js";
import { regionSettingOf } from "./region-setting.js";
import { retryReporter } from "./retry-reporter.js";

/**
 * An SDK v3 command that answers `Output` (every `new XCommand(input)` is one): only what lets the
 * answer's type be read off the command.
 */
export interface AwsCommand<Output> {
  resolveMiddleware(...args: never[]): (...args: never[]) => Promise<{ output: Output }>;
}

/** One AWS operation: which service, what to call it in messages, and the command to send. */
export type SendAwsRequest<S extends AwsService, Output> = {
  service: S;
  /** "SSO GetRoleCredentials", for messages and `retrying` events. */
  operation: string;
  /** Builds the command from the service's SDK module; called for each attempt. */
  command: (sdk: AwsSdk[S]) => AwsCommand<Output>;
  /** @default context.profile.ssoRegion (where SSO and SSO OIDC live; an STS call names its own) */
  region?: string | undefined;
  /** AWS error names the caller handles itself. @see CallAwsOptions.knownErrors */
  knownErrors?: readonly string[] | undefined;
  /** @default 3; `AWS_MAX_ATTEMPTS`, else the profile's `max_attempts`, wins @see CallAwsOptions.attempts */
  attempts?: number | undefined;
  /**
   * All attempts together within one response deadline, not the whole budget: a call the caller can
   * do without (refreshing a token still good) must not keep the one it needs waiting.
   */
  withinOneResponse?: boolean | undefined;
} & (S extends "sts"
  ? {
      /** What STS calls are signed with. */
      credentials: Credentials;
      /** STS's region is the profile's (or a role hop's), never silently the SSO region. */
      region: string;
    }
  : unknown);

/** aws-clients.ts, loaded with the first request (see sendAws). */
type AwsClients = typeof import("./aws-clients.js");

/** Each service's client (STS's signs with the request's credentials). */
const clientFor: {
  [S in AwsService]: (
    clients: AwsClients,
    request: SendAwsRequest<S, unknown>,
    region: string,
    context: SessionContext,
  ) => Promise<CommandSender>;
} = {
  sso: ({ ssoClient }, _, region, { env, profile }) => ssoClient(region, env, profile),
  "sso-oidc": ({ oidcClient }, _, region, { env, profile }) => oidcClient(region, env, profile),
  sts: ({ stsClient }, request, region, { env, profile }) =>
    stsClient(region, env, request.credentials, profile),
};

/**
 * Sends one command to SSO, SSO OIDC or STS the way every ssoenv AWS call goes: the service's client
 * for the region (endpoint overrides and dual-stack from `context.env` and `context.profile`), under
 * {@link callAws}'s deadlines and retries, cancelled by `context.signal`, each retry reported to
 * `context.onEvent` as a `retrying` event.
 *
 * @example
 * const answer = await sendAws(context, {
 *   service: "sso",
 *   operation: "SSO GetRoleCredentials",
 *   command: (sso) => new sso.GetRoleCredentialsCommand({ accessToken, accountId, roleName }),
 * });
 * @throws SsoenvError `ENDPOINT_UNREACHABLE`, `AWS_ANSWER_UNEXPECTED`, `CLOCK_SKEW`,
 *   `INVALID_ARGUMENT` (a bad deadline variable). AWS error answers are thrown as the SDK built them:
 *   every one when `knownErrors` is not given, else only those it names (the others become
 *   `AWS_ANSWER_UNEXPECTED`).
 */
export async function sendAws<S extends AwsService, Output>(
  context: SessionContext,
  request: SendAwsRequest<S, Output>,
): Promise<Output> {
  // What sends a request (the clients, the SDK's loader, deadlines and retries) loads with the first
  // one, not with the modules that may send one (ensureSession, the logins): an error found before any
  // request, such as a malformed ~/.aws/config, costs none of it.
  const [clients, { loadSdk }, { callAws }, { networkDeadlines }] = await Promise.all([
    import("./aws-clients.js"),
    import("./load-sdk.js"),
    import("./call-aws.js"),
    import("./network-deadlines.js"),
  ]);
  const { profile, env } = context;
  const region = request.region ?? profile.ssoRegion;
  const sdk = loadSdk(request.service);
  const client = await clientFor[request.service](clients, request, region, context);
  const deadlines = request.withinOneResponse ? oneResponse(networkDeadlines(env)) : undefined;
  return callAws(
    {
      deadlines,
      operation: request.operation,
      endpoint: clients.endpointFor(request.service, region, env, profile),
      override: clients.endpointOverrideOf(request.service, env, profile),
      regionSetting: regionSettingOf(request.service, region, profile, env),
      env,
      knownErrors: request.knownErrors,
      // The user's number (AWS_MAX_ATTEMPTS, the profile's max_attempts) wins, as in every AWS tool.
      attempts: configuredMaxAttempts(env, profile.maxAttempts) ?? request.attempts,
      signal: context.signal,
      onRetry: retryReporter(context.onEvent),
    },
    // The command comes from the same service's SDK as the client, so the answer is its Output.
    (abortSignal) => client.send(request.command(sdk), { abortSignal }) as Promise<Output>,
  );
}

/** The deadlines with a budget of one response deadline (or less, when the budget is less). */
function oneResponse(deadlines: NetworkDeadlines): NetworkDeadlines {
  return { ...deadlines, budgetMs: Math.min(deadlines.budgetMs, deadlines.responseMs) };
}

/** The one method of an SDK v3 client used here (its generic overloads cannot be called on a union). */
interface CommandSender {
  send(command: unknown, options: { abortSignal: AbortSignal }): Promise<unknown>;
}
