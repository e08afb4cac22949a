// @ssoenv/core's public API: what a script needs, each name documented in README.md (a test holds the
// two in step). Every name here is a semver promise. ssoenv's own packages reach the rest through
// `@ssoenv/core/internal` (src/internal/index.ts), which promises nothing.

// sessions: log in, check, log out
export type { EndpointConfig } from "./aws/configured-endpoint.js";
export type { LoadSsoProfileOptions, SsoProfile } from "./config/load-sso-profile.js";
export { listSsoProfiles, loadSsoProfile } from "./config/load-sso-profile.js";
export type { ResolveProfileNameOptions } from "./config/resolve-profile-name.js";
export { resolveProfileName } from "./config/resolve-profile-name.js";
export type { RoleChain, RoleHop } from "./config/role-chain.js";
// where credentials go: a child's environment, shell formats, credential_process, .env files, the console
export { childEnv, credentialEnv, PROFILE_ENV_NAMES } from "./credentials/credential-env.js";
export type { CredentialFormat } from "./credentials/credential-formats.js";
export { CREDENTIAL_FORMATS } from "./credentials/credential-formats.js";
export { toCredentialProcessJson } from "./credentials/credential-process-json.js";
export { formatCredentials } from "./credentials/format-credentials.js";
// durations and errors
export { parseDuration } from "./duration/parse-duration.js";
export { parseEnv } from "./env/parse-env.js";
export type { UpdateEnvFileOptions, UpdateEnvFileResult } from "./env/update-env-file.js";
export { updateEnvFile } from "./env/update-env-file.js";
export { updateEnvText } from "./env/update-env-text.js";
export type { MissingProfile, ProfileSource, SsoenvErrorCode, SsoenvErrorOptions } from "./errors.js";
export { exitCodeFor, isSsoenvError, SsoenvError } from "./errors.js";
export type { LoginOptions, LoginResult } from "./login/login.js";
export { login } from "./login/login.js";
export type { LogoutFile, LogoutOptions, LogoutOutcome, LogoutServer } from "./login/logout.js";
export { logout } from "./login/logout.js";
// generated profiles (profiles sync / list)
export type { GeneratedProfile } from "./profiles/generated-block.js";
export type { AccountRole, ListingProgress } from "./profiles/list-account-roles.js";
export type { ListedProfile } from "./profiles/list-profiles.js";
export { listProfiles } from "./profiles/list-profiles.js";
export type { SyncedSession, SyncProfilesOptions, SyncProfilesResult } from "./profiles/sync-profiles.js";
export { syncProfiles } from "./profiles/sync-profiles.js";
export type { EnsureSessionOptions } from "./session/ensure-session.js";
export { ensureSession } from "./session/ensure-session.js";
export type { CachedSessionStatus } from "./session/get-cached-session-status.js";
export { getCachedSessionStatus } from "./session/get-cached-session-status.js";
export type {
  BrowserPrompt,
  Credentials,
  DevicePrompt,
  LoginGrant,
  LoginMethod,
  LoginPrompt,
  MfaCodeReader,
  Session,
  SessionEvent,
  SessionProblem,
} from "./session/session-types.js";
export type { ConsoleUrlOptions, Partition } from "./sinks/console-url.js";
export { consoleSignInUrl } from "./sinks/console-url.js";
export type { SignInInfo } from "./token/list-sign-ins.js";
export { listSignIns } from "./token/list-sign-ins.js";
export type { SsoToken } from "./token/sso-token-cache.js";
export { readSsoToken, tokenCachePath, writeSsoToken } from "./token/sso-token-cache.js";
