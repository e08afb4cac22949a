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
 * The names a file has the region under: AWS_REGION (the JS SDK's) and AWS_DEFAULT_REGION (the only
 * one boto3 and AWS CLI v1 read), renamed by `keys`. The .env sinks own them (updateEnvFile's
 * `owned`): a profile without a region removes the one written for another profile.
 */
export function regionEnvNames(keys: EnvKeyNames = {}): string[] {
  return ["AWS_REGION", "AWS_DEFAULT_REGION"].map((name) => keys[name] ?? name);
}
