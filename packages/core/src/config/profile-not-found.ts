import { type MissingProfile, SsoenvError } from "../errors.js";
import { callOption } from "../text/call-option.js";

/**
 * The `PROFILE_NOT_FOUND` error: `Profile "dev" (from AWS_PROFILE) not found` + `detail` (`: line 3
 * of ~/.aws/config has ...`, ` in ~/.aws/config (profiles there: ...)`), with the profile and where its
 * name came from as the error's `profile`, for callers to branch on.
 */
export function profileNotFound(options: {
  profile: MissingProfile;
  detail: string;
  hint: string;
}): SsoenvError {
  const { profile, detail, hint } = options;
  return new SsoenvError("PROFILE_NOT_FOUND", `${profileNotFoundHead(profile)}${detail}`, { hint, profile });
}

/**
 * `Profile "dev" not found`, with where the name came from unless the caller gave it or it is the
 * fallback: `Profile "dev" (from AWS_PROFILE) not found`, `Profile "ops" (from /repo/ssoenv.toml) not found`.
 */
export function profileNotFoundHead(profile: MissingProfile): string {
  const from =
    profile.source === "option" || profile.source === "default"
      ? ""
      : ` (from ${profile.source === "ssoenv.toml" ? (profile.path ?? "ssoenv.toml") : profile.source})`;
  return `Profile "${profile.name}"${from} not found`;
}

/**
 * `error` (a `PROFILE_NOT_FOUND` for a name the caller gave) said again as the project's: the name was
 * the `profile` of `path` (ssoenv.toml), which the message then names. Any other error as it is.
 */
export function profileNamedByProject(error: SsoenvError, path: string): SsoenvError {
  const given = error.profile;
  if (error.code !== "PROFILE_NOT_FOUND" || given?.source !== "option") return error;
  const profile: MissingProfile = { name: given.name, source: "ssoenv.toml", path };
  // The message is profileNotFound's own: its head is the one profileNotFoundHead made.
  const head = profileNotFoundHead(given);
  const detail = error.message.startsWith(head) ? error.message.slice(head.length) : `: ${error.message}`;
  const hint = error.hint && inProject(error.hint, path);
  return new SsoenvError("PROFILE_NOT_FOUND", `${profileNotFoundHead(profile)}${detail}`, {
    ...(hint ? { hint } : {}),
    profile,
    cause: error,
  });
}

/** A typo's likely intent, `meant`, as the caller names it: `did you mean dev? { profile: "dev" }`. */
export function didYouMean(meant: string): string {
  return `did you mean ${meant}? ${callOption("profile", meant)}`;
}

/**
 * `hint` of a name ssoenv.toml gave: a typo's fix is that file's line (`profile = "dev" in
 * /repo/ssoenv.toml`), which every later run and teammate reads, not the option, which serves once.
 */
function inProject(hint: string, path: string): string {
  const meant = /^did you mean (.+?)\? /.exec(hint)?.[1];
  if (meant === undefined || !hint.startsWith(didYouMean(meant))) return hint;
  return `did you mean ${meant}? profile = ${JSON.stringify(meant)} in ${path}${hint.slice(didYouMean(meant).length)}`;
}
