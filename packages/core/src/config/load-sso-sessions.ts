import { existsSync } from "node:fs";
import { loadSsoSessionData } from "@smithy/shared-ini-file-loader";
import { SsoenvError } from "../errors.js";
import { callOption } from "../text/call-option.js";
import { closestName } from "../text/closest-name.js";
import { configFilePath } from "./aws-paths.js";
import { readConfigText } from "./find-config-problems.js";
import { findSkippedHeader } from "./find-skipped-header.js";
import { type ClientSettings, loadCurrentClientSettings, type SsoProfile } from "./load-sso-profile.js";
import { lowerCaseKeys } from "./lower-case-keys.js";
import { missingConfigFile } from "./missing-config-file.js";
import { readSessionDuration } from "./read-session-duration.js";
import { validateConfigFile } from "./validate-config-file.js";

/** An `[sso-session NAME]` section of `~/.aws/config`, as the SDK reads it. */
export interface SsoSessionConfig {
  name: string;
  /** `sso_start_url`. */
  startUrl: string;
  /** `sso_region`. */
  ssoRegion: string;
  /** `sso_registration_scopes`, split on commas. */
  registrationScopes?: string[];
  /** `ssoenv_session_duration` in ms: how long a sign-in lasts (AWS's 8 h when absent). */
  sessionDurationMs?: number;
  /** All keys of the section (ssoenv's own `ssoenv_*` keys included). */
  values: Record<string, string>;
}

/**
 * The sso-sessions of the config file (`AWS_CONFIG_FILE` or `~/.aws/config`), in file order.
 * @throws SsoenvError `CONFIG_INVALID` when the file is a directory, unreadable or malformed (see
 *   validateConfigFile), an sso-session lacks sso_start_url or sso_region, or its
 *   ssoenv_session_duration is not a duration.
 */
export async function loadSsoSessions(
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<SsoSessionConfig[]> {
  const configPath = configFilePath(options.env ?? process.env);
  await validateConfigFile({ path: configPath });
  let data: Record<string, Record<string, string | undefined>>;
  try {
    // Key names in any case, as the AWS CLI reads them (and loadSsoProfile).
    data = lowerCaseKeys(await loadSsoSessionData({ configFilepath: configPath }));
  } catch (error) {
    throw new SsoenvError("CONFIG_INVALID", `Cannot parse the AWS config file ${configPath}`, {
      hint: `fix the file ${configPath} (INI format: [profile NAME] and [sso-session NAME] sections)`,
      cause: error,
    });
  }
  return Object.entries(data).map(([name, section]) => {
    for (const key of ["sso_start_url", "sso_region"] as const) {
      if (!section[key]) {
        throw new SsoenvError("CONFIG_INVALID", `sso-session "${name}" in ${configPath} is missing ${key}`, {
          hint: `add "${key} = ..." to [sso-session ${name}] in ${configPath}`,
        });
      }
    }
    const scopes = section.sso_registration_scopes
      ?.split(",")
      .map((scope) => scope.trim())
      .filter(Boolean);
    const sessionDurationMs = readSessionDuration({
      values: section,
      section: `sso-session ${name}`,
      file: configPath,
    });
    return {
      name,
      startUrl: section.sso_start_url as string,
      ssoRegion: section.sso_region as string,
      ...(scopes ? { registrationScopes: scopes } : {}),
      ...(sessionDurationMs ? { sessionDurationMs } : {}),
      values: Object.fromEntries(
        Object.entries(section).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
    };
  });
}

/**
 * An SsoProfile that stands for the sso-session itself, for the token cache, the login lock and a login
 * (`aws sso login --sso-session NAME`): what a command that needs no account or role (profiles sync) uses.
 * Its clients take `settings`: the current profile's (loadCurrentClientSettings), as the AWS CLI's do.
 */
export function ssoSessionAsProfile(session: SsoSessionConfig, settings: ClientSettings = {}): SsoProfile {
  return {
    ...settings,
    name: session.name,
    ssoSession: session.name,
    startUrl: session.startUrl,
    ssoRegion: session.ssoRegion,
    accountId: "",
    roleName: "",
    ...(session.registrationScopes ? { registrationScopes: session.registrationScopes } : {}),
    // The sign-in's length, which a login --sso-session reports before any profile names the session.
    ...(session.sessionDurationMs ? { sessionDurationMs: session.sessionDurationMs } : {}),
    legacy: false,
    sessionOnly: true,
  };
}

/**
 * The `[sso-session NAME]` as the profile a login uses (`ssoenv login --sso-session NAME`), with the
 * current profile's client settings.
 * @throws SsoenvError `INVALID_ARGUMENT` naming the sso-sessions there; `CONFIG_INVALID` (loadSsoSessions,
 *   or a header for it that the AWS CLI reads and the SDKs skip, named by its line).
 */
export async function loadSsoSessionProfile(options: {
  ssoSession: string;
  env: NodeJS.ProcessEnv;
}): Promise<SsoProfile> {
  const { ssoSession: name, env } = options;
  const sessions = await loadSsoSessions({ env });
  const found = sessions.find((session) => session.name === name);
  if (found) return ssoSessionAsProfile(found, await loadCurrentClientSettings({ env }));
  // The AWS CLI reads `[sso-session  corp ]`, the SDKs (and ssoenv) skip it: name that line.
  throw await ssoSessionNotFound({ name, known: sessions.map((session) => session.name), env });
}

/**
 * Why the config file has no `[sso-session NAME]` (or none at all, without `name`) as the SDKs read
 * it, worded for a script and the CLI alike (no flag names): the line skippedSsoSessionHeader finds,
 * else `INVALID_ARGUMENT` listing the sso-sessions there (`CONFIG_INVALID` when there is none, or no
 * config file at all).
 */
export async function ssoSessionNotFound(options: {
  name?: string | undefined;
  known: readonly string[];
  env: NodeJS.ProcessEnv;
}): Promise<SsoenvError> {
  const { name, known, env } = options;
  const skipped = await skippedSsoSessionHeader({ name, env });
  if (skipped) return skipped;
  const configPath = configFilePath(env);
  // No file at all (before any `aws configure`): say so, as a profile not found does.
  if (!existsSync(configPath)) {
    return missingConfigFile({
      code: "CONFIG_INVALID",
      what: name === undefined ? "No [sso-session] section" : `There is no [sso-session ${name}]`,
      configPath,
      env,
      create: "aws configure sso-session",
    });
  }
  const create = "add one with: aws configure sso-session";
  if (name === undefined) {
    return new SsoenvError("CONFIG_INVALID", `${configPath} has no [sso-session] section`, { hint: create });
  }
  return new SsoenvError(
    "INVALID_ARGUMENT",
    `There is no [sso-session ${name}] in ${configPath}${known.length ? ` (there: ${known.join(", ")})` : ""}`,
    { hint: known.length ? otherSsoSession(name, known) : create },
  );
}

/**
 * The option that names an sso-session there, as a profile not found gives it (the CLI writes
 * `{ ssoSession: "corp" }` as `--sso-session corp`): the one a typo meant, the only one, or the
 * first with the command that lists them all.
 */
function otherSsoSession(name: string, known: readonly string[]): string {
  const meant = closestName(name, known);
  if (meant !== undefined) return `did you mean ${meant}? ${callOption("ssoSession", meant)}`;
  const [first = ""] = known;
  if (known.length === 1) return `the only one there: ${callOption("ssoSession", first)}`;
  return `name one of those: ${callOption("ssoSession", first)}, or another (ssoenv sessions lists them with their profiles)`;
}

/**
 * `CONFIG_INVALID` naming the line of the config file whose `[sso-session ...]` header the AWS CLI
 * reads as `name` (without it: as any name) but the SDKs and ssoenv skip (`[sso-session  corp]`,
 * `[sso-session "my corp"]`), with the header to write; undefined when there is none. The file is
 * read again: for the not-found paths only.
 */
export async function skippedSsoSessionHeader(options: {
  name?: string | undefined;
  env: NodeJS.ProcessEnv;
}): Promise<SsoenvError | undefined> {
  const configPath = configFilePath(options.env);
  const { text } = await readConfigText(configPath);
  const skipped =
    text === undefined ? undefined : findSkippedHeader({ text, kind: "sso-session", name: options.name });
  if (!skipped) return undefined;
  return new SsoenvError(
    "CONFIG_INVALID",
    `sso-session "${skipped.name}": line ${skipped.line} of ${configPath} ${skipped.reason}`,
    { hint: skipped.hint },
  );
}
