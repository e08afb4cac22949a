import { validateConfigFile } from "@ssoenv/core/internal/config/validate-config-file";

/** What to do in a config with no profile yet. */
export const GET_PROFILES = "aws configure sso-session, then ssoenv profiles sync";

/** The config file's path, and "(it does not exist)" when so: for the lines that say it holds nothing. */
export async function describeConfigFile(configPath: string): Promise<string> {
  const { exists } = await validateConfigFile({ path: configPath });
  return exists ? configPath : `${configPath} (it does not exist)`;
}
