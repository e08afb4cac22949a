import { credentialsFilePath } from "./aws-paths.js";
import { type ConfigLineProblem, findConfigLineProblems, readConfigText } from "./find-config-problems.js";

/**
 * What the AWS CLI and the SDKs both read in a credentials file, but differently (lines they refuse
 * are validateCredentialsFile's; the profile-header rules of the config file do not apply here).
 */
const READ_DIFFERENTLY: ReadonlySet<ConfigLineProblem["reason"]> = new Set([
  "inline-comment",
  "continued-value",
  "colon-separator",
  "default-section",
]);

/**
 * The lines of the credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`) that
 * the AWS CLI and boto3 read otherwise than the AWS SDKs and ssoenv: `region = eu-west-2 # note` is
 * `eu-west-2 # note` for the AWS CLI, and a comment after a secret key becomes part of the key. Line
 * numbers and key names only, never a value. No file, or one that cannot be read: no problems.
 *
 * @example const { path, problems } = await findCredentialsProblems(); // [{ line: 2, key: "region", reason: "inline-comment" }]
 */
export async function findCredentialsProblems(
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<{ path: string; problems: ConfigLineProblem[] }> {
  const path = credentialsFilePath(options.env ?? process.env);
  const { text } = await readConfigText(path);
  const problems =
    text === undefined ? [] : findConfigLineProblems(text).filter((p) => READ_DIFFERENTLY.has(p.reason));
  return { path, problems };
}
