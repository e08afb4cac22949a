import type { EmulatorState } from "./emulator-state.js";
import { portalError } from "./service-error.js";

/** ListAccounts and ListAccountRoles page size when the caller sends none (as the service). */
const DEFAULT_PAGE_SIZE = 20;

/** GET /federation/credentials */
export function handleGetRoleCredentials(
  state: EmulatorState,
  token: string | undefined,
  query: URLSearchParams,
) {
  const record = state.getRoleCredentials({
    token,
    accountId: query.get("account_id"),
    roleName: query.get("role_name"),
  });
  return {
    roleCredentials: {
      accessKeyId: record.accessKeyId,
      secretAccessKey: record.secretAccessKey,
      sessionToken: record.sessionToken,
      expiration: record.expiresAt,
    },
  };
}

/** GET /assignment/accounts */
export function handleListAccounts(state: EmulatorState, token: string | undefined, query: URLSearchParams) {
  state.authenticateAccessToken(token);
  const accounts = state.settings.accounts.map((a) => ({
    accountId: a.accountId,
    accountName: a.accountName,
    ...(a.emailAddress ? { emailAddress: a.emailAddress } : {}),
  }));
  const page = paginate(accounts, query, state.settings.pageSize);
  return { accountList: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

/** GET /assignment/roles */
export function handleListAccountRoles(
  state: EmulatorState,
  token: string | undefined,
  query: URLSearchParams,
) {
  state.authenticateAccessToken(token);
  const accountId = query.get("account_id");
  if (!accountId) throw portalError("InvalidRequestException", "account_id is required");
  const account = state.settings.accounts.find((a) => a.accountId === accountId);
  const roles = (account?.roles ?? []).map((roleName) => ({ roleName, accountId }));
  const page = paginate(roles, query, state.settings.pageSize);
  return { roleList: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

/** POST /logout: nothing to answer (the caller sends an empty body). */
export function handleLogout(state: EmulatorState, token: string | undefined): undefined {
  state.logout(token);
  return undefined;
}

/**
 * Opaque next_token pagination over a fixed list: `max_result` items per page (1 to 100), never more
 * than the service's `pageSize`.
 */
function paginate<T>(
  items: T[],
  query: URLSearchParams,
  pageSize: number,
): { items: T[]; nextToken?: string } {
  const maxRaw = query.get("max_result");
  const max = maxRaw === null ? DEFAULT_PAGE_SIZE : Number(maxRaw);
  if (!Number.isInteger(max) || max < 1 || max > 100) {
    // AWS's words (synfinatic/aws-sso-cli#1342): the bounds are enforced by the service since 2026-05
    throw portalError(
      "InvalidRequestException",
      "ResultSize parameter must be within the valid limits of: 1-100",
    );
  }
  const tokenRaw = query.get("next_token");
  let start = 0;
  if (tokenRaw !== null) {
    const decoded = Buffer.from(tokenRaw, "base64url").toString("utf8");
    const match = /^offset:(\d+)$/.exec(decoded);
    if (!match) throw portalError("InvalidRequestException", "Invalid next_token");
    start = Number(match[1]);
  }
  const end = start + Math.min(max, pageSize);
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? Buffer.from(`offset:${end}`).toString("base64url") : undefined,
  };
}
