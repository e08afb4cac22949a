import { parseMinValidity } from "@ssoenv/core/internal/duration/parse-min-validity";
import type { ProjectConfig } from "@ssoenv/core/internal/project/load-project-config";

/**
 * The min-validity a command uses, in milliseconds: `--min-validity` (`flag`), else
 * `SSOENV_MIN_VALIDITY`, else ssoenv.toml's `min_validity` (checked when the file was loaded), else
 * undefined (any unexpired session). The variable sits above the file as a shell's setting for one
 * job (a long container run) above the project's everyday default.
 *
 * Checked once per command, before any profile is looked at, so a bad value is one error however
 * many targets share it.
 *
 * @example resolveMinValidity({ flag: "2h", project }) // 7_200_000
 * @throws SsoenvError `INVALID_ARGUMENT` naming `--min-validity` or `SSOENV_MIN_VALIDITY` (see parseMinValidity).
 */
export function resolveMinValidity(options: {
  flag?: string | undefined;
  project?: Pick<ProjectConfig, "minValidityMs"> | undefined;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}): number | undefined {
  if (options.flag !== undefined) return parseMinValidity({ value: options.flag, setting: "--min-validity" });
  const variable = (options.env ?? process.env).SSOENV_MIN_VALIDITY;
  // Set but empty means unset, as the container entrypoint has always read it.
  if (variable !== undefined && variable !== "")
    return parseMinValidity({ value: variable, setting: "SSOENV_MIN_VALIDITY" });
  return options.project?.minValidityMs;
}
