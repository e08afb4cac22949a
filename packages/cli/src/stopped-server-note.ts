import { shellWord } from "@ssoenv/secret-scan/shell-word";

/**
 * The end of the line saying an `ssoenv serve` was stopped: what it served and what brings it back
 * (`which served dev; run ssoenv serve --profile dev again ...`), since the endpoint in its .env files
 * and in tools' environments answers nothing until a server runs again. `afterLogin` when the sign-in
 * it served has just ended (logout): the restart waits for the next login.
 */
export function stoppedServerNote(
  server: { profiles: readonly string[]; background: boolean; envFiles?: readonly string[] },
  options: { afterLogin: boolean },
): string {
  // The files it wrote, as recorded; a record from before they were kept says so instead.
  const files = server.envFiles
    ? server.envFiles.map((path) => ` --env-file ${shellWord(path)}`).join("")
    : "";
  const unrecorded = server.envFiles ? "" : " (with the same --env-file)";
  const again = server.background
    ? `the next ssoenv refresh${options.afterLogin ? " after your login" : ""} starts it again, with a new endpoint in its files`
    : `${options.afterLogin ? "after your next login, run" : "run"} ssoenv serve ${server.profiles.map((name) => `--profile ${shellWord(name)}`).join(" ")}${files} again${unrecorded}: tools using its endpoint get no credentials until then`;
  return `which served ${server.profiles.join(", ")}; ${again}`;
}
