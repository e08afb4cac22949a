// core (core helper)
export { cleanServerText } from "./aws/clean-server-text.js";
export type { ClockSkewMeasurement, MeasureClockSkewOptions } from "./aws/measure-clock-skew.js";
export { measureClockSkew } from "./aws/measure-clock-skew.js";
export type { NetworkDeadlines } from "./aws/network-deadlines.js";
export { DEFAULT_NETWORK_DEADLINES, networkDeadlines } from "./aws/network-deadlines.js";
export { configFilePath, credentialsFilePath } from "./config/aws-paths.js";
export type { ConfigLineProblem, ConfigProblems } from "./config/find-config-problems.js";
export {
  describeConfigLineProblem,
  findConfigLineProblems,
  findConfigProblems,
  isConfigLineRefused,
} from "./config/find-config-problems.js";
export type { LongLivedKey } from "./config/find-long-lived-keys.js";
export { findLongLivedKeys } from "./config/find-long-lived-keys.js";
export type { LoadSsoProfileOptions, SsoProfile } from "./config/load-sso-profile.js";
export { listConfigProfileNames, listSsoProfiles, loadSsoProfile } from "./config/load-sso-profile.js";
export type { SsoSessionConfig } from "./config/load-sso-sessions.js";
export { loadSsoSessions, ssoSessionAsProfile } from "./config/load-sso-sessions.js";
export type { ResolveProfileNameOptions } from "./config/resolve-profile-name.js";
export { resolveProfileName } from "./config/resolve-profile-name.js";
export type { RoleChain, RoleHop } from "./config/role-chain.js";
export { validateConfigFile } from "./config/validate-config-file.js";
export { answerCredentialProcess } from "./credentials/answer-credential-process.js";
export { childEnv, credentialEnv, PROFILE_ENV_NAMES } from "./credentials/credential-env.js";
export { toCredentialProcessJson } from "./credentials/credential-process-json.js";
export {
  credentialsCachePath,
  readCachedCredentials,
  rememberCachedCredentials,
  writeCachedCredentials,
} from "./credentials/credentials-cache.js";
export type { CredentialFormat } from "./credentials/format-credentials.js";
export { CREDENTIAL_FORMATS, formatCredentials } from "./credentials/format-credentials.js";
export { parseDuration } from "./duration/parse-duration.js";
export type { ParseDurationSettingOptions } from "./duration/parse-duration-setting.js";
export { parseDurationSetting } from "./duration/parse-duration-setting.js";
export type { ParseMinValidityOptions } from "./duration/parse-min-validity.js";
export { parseMinValidity } from "./duration/parse-min-validity.js";
export { formatEnvValue } from "./env/format-env-value.js";
// .env files (cli helper)
export type { EnvEntry } from "./env/parse-env.js";
export { parseEnv, parseEnvEntries } from "./env/parse-env.js";
export type { UpdateEnvFileOptions, UpdateEnvFileResult } from "./env/update-env-file.js";
export { updateEnvFile } from "./env/update-env-file.js";
export { updateEnvText } from "./env/update-env-text.js";
export type { SsoenvErrorCode, SsoenvErrorOptions } from "./errors.js";
export { exitCodeFor, fromFileSystemError, isSsoenvError, SsoenvError } from "./errors.js";
export type { WriteFileAtomicOptions } from "./fs/write-file-atomic.js";
export { writeFileAtomic } from "./fs/write-file-atomic.js";
export type { NoBrowserReason } from "./login/display.js";
export { browserAvailability, NO_BROWSER_REASONS, openBrowser } from "./login/display.js";
export type { AwsCli, AwsCliSearch } from "./login/find-aws-cli.js";
export { findAwsCli, MIN_AWS_CLI_VERSION, parseAwsCliVersion, requireAwsCli } from "./login/find-aws-cli.js";
export type { LoginOptions, LoginResult } from "./login/login.js";
export { login } from "./login/login.js";
export type { LogoutOptions, LogoutOutcome } from "./login/logout.js";
export { awsCliCredentialsCachePath, logout } from "./login/logout.js";
// generated profiles (profiles sync / list)
export type { GeneratedProfile } from "./profiles/generated-block.js";
export type { AccountRole, ListingProgress } from "./profiles/list-account-roles.js";
export { DEFAULT_LISTING_CONCURRENCY, listAccountRoles } from "./profiles/list-account-roles.js";
export type { ListedProfile } from "./profiles/list-profiles.js";
export { listProfiles } from "./profiles/list-profiles.js";
export type { NamePlaceholder, NameTemplate } from "./profiles/profile-name-template.js";
export {
  DEFAULT_NAME_TEMPLATE,
  NAME_PLACEHOLDERS,
  parseNameTemplate,
  renderProfileName,
  safeProfileName,
} from "./profiles/profile-name-template.js";
export type { SyncedSession, SyncProfilesOptions, SyncProfilesResult } from "./profiles/sync-profiles.js";
export { NAME_TEMPLATE_KEY, syncProfiles } from "./profiles/sync-profiles.js";
// ssoenv.toml (cli helper)
export type { ProjectConfig, ProjectEnvFile, RenamableEnvName } from "./project/load-project-config.js";
export {
  loadProjectConfig,
  PROJECT_CONFIG_FILE,
  RENAMABLE_ENV_NAMES,
} from "./project/load-project-config.js";
export { isReservedEnvName } from "./project/reserved-env-names.js";
export { resolveMinValidity } from "./project/resolve-min-validity.js";
export { resolveProjectTargets } from "./project/resolve-project-targets.js";
export type { EnsureSessionOptions } from "./session/ensure-session.js";
export { ensureSession } from "./session/ensure-session.js";
export type { EnsureSessionsOptions, EnsureSessionsResult } from "./session/ensure-sessions.js";
export { ensureSessions } from "./session/ensure-sessions.js";
export type { EnsureSsoTokenOptions } from "./session/ensure-sso-token.js";
export { ensureSsoToken } from "./session/ensure-sso-token.js";
export type { CachedSessionStatus } from "./session/get-cached-session-status.js";
export { getCachedSessionStatus } from "./session/get-cached-session-status.js";
export type { SessionContext } from "./session/session-context.js";
export type {
  BrowserPrompt,
  Credentials,
  DevicePrompt,
  LoginGrant,
  LoginMethod,
  LoginPrompt,
  Session,
  SessionEvent,
  SessionProblem,
} from "./session/session-types.js";
export type { SessionEnd } from "./session/sign-in-record.js";
export {
  DEFAULT_SESSION_DURATION_MS,
  estimateSessionEnd,
  readSignInRecord,
  sessionDuration,
  signInRecordPath,
  writeSignInRecord,
} from "./session/sign-in-record.js";
export type { ConsoleUrlOptions, Partition } from "./sinks/console-url.js";
export {
  CONSOLE_URL_VALIDITY_MS,
  consoleSignInUrl,
  federationEndpoint,
  partitionOf,
  validateConsoleDestination,
} from "./sinks/console-url.js";
// ssoenv serve: the container credentials endpoint (cli helper)
export type { CredentialsKeeper, CredentialsKeeperOptions } from "./sinks/serve/credentials-keeper.js";
export { createCredentialsKeeper, RENEW_BEFORE_MS } from "./sinks/serve/credentials-keeper.js";
export { endpointEnv, STATIC_CREDENTIAL_ENV_NAMES } from "./sinks/serve/endpoint-env.js";
export type { BackgroundServer } from "./sinks/serve/ensure-background-server.js";
export { ensureBackgroundServer, SERVE_TOKEN_ENV } from "./sinks/serve/ensure-background-server.js";
export type { ServerStatus } from "./sinks/serve/probe-server.js";
export { probeServer, stopServer } from "./sinks/serve/probe-server.js";
export type { RunCredentialsServerOptions } from "./sinks/serve/run-credentials-server.js";
export { runCredentialsServer } from "./sinks/serve/run-credentials-server.js";
export type { ServerState } from "./sinks/serve/server-state.js";
export { isAlive, listServerStates, serverStateDir } from "./sinks/serve/server-state.js";
export type {
  CredentialsServer,
  StartCredentialsServerOptions,
} from "./sinks/serve/start-credentials-server.js";
export { SERVE_HOST, startCredentialsServer } from "./sinks/serve/start-credentials-server.js";
export { writeEndpointEnvFile } from "./sinks/serve/write-endpoint-env-file.js";
export type { SignInInfo } from "./token/list-sign-ins.js";
export { listSignIns } from "./token/list-sign-ins.js";
export type { SsoToken } from "./token/sso-token-cache.js";
export { readSsoToken, tokenCachePath, writeSsoToken } from "./token/sso-token-cache.js";
