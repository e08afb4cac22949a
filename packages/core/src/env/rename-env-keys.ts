import { REGION_ENV_NAMES } from "../aws/region-env-names.js";

/** AWS name -> the name a .env file uses for it (ssoenv.toml's `[env_files.keys]`). */
export type EnvKeyNames = Readonly<Partial<Record<string, string>>>;

/**
 * `values` under the names a file uses: each AWS name `keys` renames under its new name, the others
 * as they are.
 *
 * @example renameEnvKeys({ AWS_REGION: "eu-west-1" }, { AWS_REGION: "APP_REGION" }) // { APP_REGION: "eu-west-1" }
 */
export function renameEnvKeys(
  values: Readonly<Record<string, string>>,
  keys: EnvKeyNames = {},
): Record<string, string> {
  const renamed: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) renamed[keys[name] ?? name] = value;
  return renamed;
}

/**
 * The names a file has the region under (REGION_ENV_NAMES), renamed by `keys`. The .env sinks own them (updateEnvFile's
 * `owned`): a profile without a region removes the one written for another profile.
 */
export function regionEnvNames(keys: EnvKeyNames = {}): string[] {
  return REGION_ENV_NAMES.map((name) => keys[name] ?? name);
}
