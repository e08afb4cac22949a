import { SsoenvError } from "../errors.js";
import { firstRefusedLine, readConfigText } from "./find-config-problems.js";

/**
 * Checks that the AWS config file can be read as the AWS CLI reads it, before anything relies on
 * what the SDK's lenient loader makes of it: that loader reads a directory or an unreadable file as
 * an empty config ("profile not found") and skips lines the AWS CLI refuses. No file is fine (the
 * caller says what is missing). Reads the file only: no network, nothing written. Returns the text it
 * read (for messages that name a line).
 *
 * @example await validateConfigFile({ path: configFilePath(process.env) });
 * @throws SsoenvError `CONFIG_INVALID`: one line naming the file and what is wrong (the first line the
 *   AWS CLI refuses; `ssoenv doctor` lists all of them). Never a value from the file.
 */
export async function validateConfigFile(options: {
  path: string;
}): Promise<{ exists: boolean; text?: string }> {
  const { path } = options;
  const read = await readConfigText(path);
  if (read.unreadable) {
    throw new SsoenvError("CONFIG_INVALID", `The AWS config file ${path} is unusable: ${read.unreadable}`, {
      hint: read.throughFile
        ? `if ${read.throughFile} is your config file, set AWS_CONFIG_FILE=${read.throughFile}; else fix the path (AWS_CONFIG_FILE, or HOME)`
        : read.unreadable.includes("directory")
          ? `move the folder away and put your config file at ${path}, or set AWS_CONFIG_FILE to the file`
          : `make it a file you can read (ls -l ${path}; chmod 600 ${path}), or set AWS_CONFIG_FILE to your config file`,
    });
  }
  if (read.text === undefined) return { exists: false };
  const first = firstRefusedLine(read.text);
  if (first) {
    throw new SsoenvError(
      "CONFIG_INVALID",
      `The AWS config file ${path} is malformed: line ${first.line} ${first.description}`,
      {
        hint: `fix line ${first.line} of ${path} (the AWS CLI refuses the whole file too); ssoenv doctor lists every such line`,
      },
    );
  }
  return { exists: true, text: read.text };
}
