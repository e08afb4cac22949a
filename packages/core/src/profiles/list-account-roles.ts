import { AdaptiveRateLimiter } from "../aws/adaptive-rate-limiter.js";
import { endpointFor, endpointOverrideOf, ssoClient } from "../aws/aws-clients.js";
import { callAws, classifyAwsError } from "../aws/call-aws.js";
import { cleanServerText } from "../aws/clean-server-text.js";
import { loadSdk } from "../aws/load-sdk.js";
import { configuredMaxAttempts } from "../aws/max-attempts.js";
import type { ClientSettings } from "../config/load-sso-profile.js";
import { TokenRejectedError } from "../session/token-rejected-error.js";
import { DEFAULT_LISTING_CONCURRENCY } from "./sync-defaults.js";

/** One role the signed-in person may use in one account. */
export interface AccountRole {
  accountId: string;
  accountName: string;
  roleName: string;
}

/**
 * Progress of a listing: accounts whose roles are all listed, of all accounts. While the accounts
 * themselves are being listed (`ListAccounts`, a page at a time), `accountsListed` is false and
 * `accountsTotal` counts those found so far.
 */
export interface ListingProgress {
  accountsDone: number;
  accountsTotal: number;
  accountsListed: boolean;
}

/** The most ListAccounts and ListAccountRoles accept per page. */
const MAX_PAGE = 100;

/**
 * Every account (SSO `ListAccounts`) and every role in each (`ListAccountRoles`), all pages, with an SSO
 * access token. Role listings run in parallel, at most `concurrency` requests at a time, paced by an
 * {@link AdaptiveRateLimiter} once the service throttles; throttling (429 `TooManyRequestsException`),
 * 5xx and network errors are retried with exponential backoff and jitter.
 *
 * @returns pairs in the service's order (accounts, then roles).
 * @throws TokenRejectedError when SSO refuses the token (refresh or log in, then call again);
 *   SsoenvError `ENDPOINT_UNREACHABLE` when retries run out.
 */
export async function listAccountRoles(options: {
  accessToken: string;
  /** `sso_region` of the sso-session. */
  region: string;
  env: NodeJS.ProcessEnv;
  /** The current profile's client settings (endpoints, CA bundle, dual-stack, max_attempts). */
  settings?: ClientSettings | undefined;
  /** @default 8 */
  concurrency?: number;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: ListingProgress) => void) | undefined;
  onRetry?: ((info: { operation: string; attempt: number; delayMs: number }) => void) | undefined;
}): Promise<AccountRole[]> {
  const { ListAccountsCommand, ListAccountRolesCommand } = loadSdk("sso");
  const settings = options.settings ?? {};
  const client = await ssoClient(options.region, options.env, settings);
  const endpoint = endpointFor("sso", options.region, options.env, settings);
  const override = endpointOverrideOf("sso", options.env, settings);
  const limiter = new AdaptiveRateLimiter();
  const call = <T>(operation: string, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> =>
    retried(operation, send).catch((error: unknown) => {
      // 401: the token was revoked or has expired after all; the caller refreshes or logs in.
      if ((error as { name?: string }).name === "UnauthorizedException") {
        throw new TokenRejectedError("SSO rejected the access token", { cause: error });
      }
      throw error;
    });
  const retried = <T>(operation: string, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> =>
    callAws(
      {
        operation,
        endpoint,
        override,
        env: options.env,
        // Throttling is expected at organisation scale: enough attempts to ride out a busy minute,
        // unless the user set their own number (AWS_MAX_ATTEMPTS), as for every AWS tool.
        attempts: configuredMaxAttempts(options.env, settings.maxAttempts) ?? 8,
        baseDelayMs: 100,
        // Paced by the limiter below: its own short pauses (a random part of 200 ms, 400 ms...).
        throttledBaseDelayMs: 200,
        signal: options.signal,
        onRetry: options.onRetry,
      },
      // Each attempt's signal aborts at its deadline (and with options.signal), so a hung page is
      // abandoned and its socket closed, not left to the socket's own timeout.
      async (abortSignal) => {
        await limiter.acquire(options.signal);
        try {
          const answer = await send(abortSignal);
          limiter.succeeded();
          return answer;
        } catch (error) {
          if (classifyAwsError(error) === "throttled") limiter.throttled();
          throw error;
        }
      },
    );

  const accounts: { accountId: string; accountName: string }[] = [];
  let nextToken: string | undefined;
  // Said before the first page: a slow or throttled ListAccounts must not look like a hang.
  options.onProgress?.({ accountsDone: 0, accountsTotal: 0, accountsListed: false });
  do {
    const page = await call("SSO ListAccounts", (abortSignal) =>
      client.send(
        new ListAccountsCommand({ accessToken: options.accessToken, maxResults: MAX_PAGE, nextToken }),
        { abortSignal },
      ),
    );
    for (const account of page.accountList ?? []) {
      if (account.accountId) {
        accounts.push({
          accountId: account.accountId,
          // Printed and written into the config: no escape sequence or control character from the
          // endpoint (AWS allows only printable characters; something posing as it may send anything).
          accountName: cleanServerText(account.accountName ?? "") || account.accountId,
        });
      }
    }
    nextToken = page.nextToken || undefined;
    if (nextToken)
      options.onProgress?.({ accountsDone: 0, accountsTotal: accounts.length, accountsListed: false });
  } while (nextToken);

  const rolesByAccount: AccountRole[][] = new Array(accounts.length);
  let done = 0;
  options.onProgress?.({ accountsDone: 0, accountsTotal: accounts.length, accountsListed: true });
  const listRoles = async (index: number) => {
    const account = accounts[index] as (typeof accounts)[number];
    const roles: AccountRole[] = [];
    let token: string | undefined;
    do {
      const page = await call("SSO ListAccountRoles", (abortSignal) =>
        client.send(
          new ListAccountRolesCommand({
            accessToken: options.accessToken,
            accountId: account.accountId,
            maxResults: MAX_PAGE,
            nextToken: token,
          }),
          { abortSignal },
        ),
      );
      for (const role of page.roleList ?? []) {
        if (role.roleName) roles.push({ ...account, roleName: role.roleName });
      }
      token = page.nextToken || undefined;
    } while (token);
    rolesByAccount[index] = roles;
    done++;
    options.onProgress?.({ accountsDone: done, accountsTotal: accounts.length, accountsListed: true });
  };

  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_LISTING_CONCURRENCY));
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < accounts.length && failure === undefined) {
      const index = next++;
      try {
        await listRoles(index);
      } catch (error) {
        // The first failure ends the listing: the other workers stop taking accounts.
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, accounts.length) }, worker));
  if (failure !== undefined) throw failure;
  return rolesByAccount.flat();
}
