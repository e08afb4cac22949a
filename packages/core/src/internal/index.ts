// @ssoenv/core/internal: what ssoenv's own packages (the CLI, the mise tasks, the tests) use beyond the
// public API. No semver promise: anything here may change in any release. Our packages depend on the
// exact version of @ssoenv/core they were released with (pnpm turns workspace:* into it), so they
// always get the one they were built against. Scripts: use `@ssoenv/core` (README.md).
export { configuredEndpoints } from "../aws/aws-clients.js";
export { cleanServerText } from "../aws/clean-server-text.js";
export type { ClockSkewMeasurement, MeasureClockSkewOptions } from "../aws/measure-clock-skew.js";
export { measureClockSkew } from "../aws/measure-clock-skew.js";
export type { NetworkDeadlines } from "../aws/network-deadlines.js";
export {
  DEFAULT_NETWORK_DEADLINES,
  NETWORK_DEADLINE_VARIABLES,
  networkDeadlines,
} from "../aws/network-deadlines.js";
export { configFilePath, credentialsFilePath } from "../config/aws-paths.js";
export type { ConfigLineProblem, ConfigProblems } from "../config/find-config-problems.js";
export {
  describeConfigLineProblem,
  findConfigLineProblems,
  findConfigProblems,
  isConfigLineRefused,
} from "../config/find-config-problems.js";
export { findCredentialsProblems } from "../config/find-credentials-problems.js";
export type { LongLivedKey, LongLivedKeys } from "../config/find-long-lived-keys.js";
export { findLongLivedKeys, isLongLivedKeyId } from "../config/find-long-lived-keys.js";
export { loadConfigProfiles } from "../config/load-sso-profile.js";
export type { SsoSessionConfig } from "../config/load-sso-sessions.js";
export {
  loadSsoSessionProfile,
  loadSsoSessions,
  skippedSsoSessionHeader,
  ssoSessionAsProfile,
} from "../config/load-sso-sessions.js";
export { isRegionName } from "../config/region-name.js";
export { profileNameVariable } from "../config/resolve-profile-name.js";
export { safeProfileName } from "../config/safe-profile-name.js";
export { validateConfigFile } from "../config/validate-config-file.js";
export { answerCredentialProcess } from "../credentials/answer-credential-process.js";
export {
  credentialsCachePath,
  readCachedCredentials,
  rememberCachedCredentials,
  writeCachedCredentials,
} from "../credentials/credentials-cache.js";
export type { ParseDurationSettingOptions } from "../duration/parse-duration-setting.js";
export { parseDurationSetting } from "../duration/parse-duration-setting.js";
export type { ParseMinValidityOptions } from "../duration/parse-min-validity.js";
export { parseMinValidity } from "../duration/parse-min-validity.js";
export { formatEnvValue } from "../env/format-env-value.js";
export type { EnvEntry } from "../env/parse-env.js";
export { parseEnvEntries } from "../env/parse-env.js";
export { checkEnvFileTarget } from "../env/update-env-file.js";
export { fromFileSystemError } from "../errors.js";
export { namesFolder } from "../fs/names-folder.js";
export type { WriteFileAtomicOptions } from "../fs/write-file-atomic.js";
export { writeFileAtomic } from "../fs/write-file-atomic.js";
export { awsCliCredentialsCachePath } from "../login/aws-cli-credentials-cache.js";
export type { NoBrowserReason } from "../login/display.js";
export { browserAvailability, NO_BROWSER_REASONS, openBrowser } from "../login/display.js";
export type { AwsCli, AwsCliSearch } from "../login/find-aws-cli.js";
export { findAwsCli, MIN_AWS_CLI_VERSION, parseAwsCliVersion, requireAwsCli } from "../login/find-aws-cli.js";
export { listAccountRoles } from "../profiles/list-account-roles.js";
export type { NamePlaceholder, NameTemplate } from "../profiles/profile-name-template.js";
export {
  NAME_PLACEHOLDERS,
  parseNameTemplate,
  renderProfileName,
} from "../profiles/profile-name-template.js";
export {
  DEFAULT_LISTING_CONCURRENCY,
  DEFAULT_NAME_TEMPLATE,
  NAME_TEMPLATE_KEY,
} from "../profiles/sync-defaults.js";
export type { ProjectConfig, ProjectEnvFile, RenamableEnvName } from "../project/load-project-config.js";
export {
  loadProjectConfig,
  PROJECT_CONFIG_FILE,
  RENAMABLE_ENV_NAMES,
} from "../project/load-project-config.js";
export { isReservedEnvName } from "../project/reserved-env-names.js";
export { resolveProjectTargets } from "../project/resolve-project-targets.js";
export type { EnsureSessionsOptions, EnsureSessionsResult } from "../session/ensure-sessions.js";
export { ensureSessions } from "../session/ensure-sessions.js";
export type { EnsureSsoTokenOptions } from "../session/ensure-sso-token.js";
export { ensureSsoToken } from "../session/ensure-sso-token.js";
export type { SessionContext } from "../session/session-context.js";
export type { SessionEnd } from "../session/sign-in-record.js";
export {
  DEFAULT_SESSION_DURATION_MS,
  estimateSessionEnd,
  readSignInRecord,
  sessionDuration,
  signInRecordPath,
  writeSignInRecord,
} from "../session/sign-in-record.js";
export {
  CONSOLE_URL_VALIDITY_MS,
  federationEndpoint,
  validateConsoleDestination,
} from "../sinks/console-url.js";
export type { CredentialsKeeper, CredentialsKeeperOptions } from "../sinks/serve/credentials-keeper.js";
export { createCredentialsKeeper, RENEW_BEFORE_MS } from "../sinks/serve/credentials-keeper.js";
export {
  ENDPOINT_ENV_NAMES,
  endpointEnv,
  STATIC_CREDENTIAL_ENV_NAMES,
} from "../sinks/serve/endpoint-env.js";
export type { BackgroundServer } from "../sinks/serve/ensure-background-server.js";
export { ensureBackgroundServer, SERVE_TOKEN_ENV } from "../sinks/serve/ensure-background-server.js";
export type { ServerStatus } from "../sinks/serve/probe-server.js";
export { probeServer, stopServer } from "../sinks/serve/probe-server.js";
export type { RunCredentialsServerOptions } from "../sinks/serve/run-credentials-server.js";
export { runCredentialsServer } from "../sinks/serve/run-credentials-server.js";
export type { ServerState } from "../sinks/serve/server-state.js";
export { isAlive, listServerStates, serverStateDir } from "../sinks/serve/server-state.js";
export type {
  CredentialsServer,
  StartCredentialsServerOptions,
} from "../sinks/serve/start-credentials-server.js";
export {
  checkServePort,
  SERVE_HOST,
  startCredentialsServer,
} from "../sinks/serve/start-credentials-server.js";
export { writeEndpointEnvFile } from "../sinks/serve/write-endpoint-env-file.js";
export { closestName } from "../text/closest-name.js";
export { localIsoSeconds } from "../text/local-iso-seconds.js";
