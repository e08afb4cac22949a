import { SsoenvError } from "../errors.js";
import { firstRefusedLine, readConfigText } from "./find-config-problems.js";

/**
 * The credentials file's lines as validateConfigFile checks the config file's: the AWS CLI and boto3
 * refuse every profile when it has a line they cannot parse ("Unable to parse config file"), while the
 * SDK's loader reads what it can, so ssoenv would hand out credentials (and read a region) from a file
 * every AWS CLI command then refuses. No file, a directory or an unreadable file is fine: the AWS CLI
 * reads none of them either. Never a value from the file in the message (it may hold keys).
 *
 * @throws SsoenvError `CONFIG_INVALID`: one line naming the file and its first refused line.
 */
export async function validateCredentialsFile(options: { path: string }): Promise<void> {
  const { path } = options;
  const read = await readConfigText(path);
  if (read.text === undefined) return;
  const first = firstRefusedLine(read.text);
  if (!first) return;
  throw new SsoenvError(
    "CONFIG_INVALID",
    `The AWS credentials file ${path} is malformed: line ${first.line} ${first.description}`,
    { hint: `fix line ${first.line} of ${path} (the AWS CLI and boto3 refuse the whole file too)` },
  );
}
