import type { FastPath, OptionSpec } from "./fast-path.js";
import { readVersion } from "./version.js";
import { writeToStdout } from "./write-to-stdout.js";

/** `-v, --version`, the program's own option (create-program.ts gives it to commander). */
export const VERSION_OPTION: OptionSpec = {
  long: "version",
  short: "v",
  description: "output the version number",
};

/**
 * `ssoenv --version` before commander loads: commander's own --version would come after every
 * command's module (the program lists them all when no command is named), ~2x the time of the whole
 * answer (see the cli README). Anything else without a command (`--help`, nothing, an unknown word) is
 * commander's.
 */
export const programFastPath: FastPath = {
  options: [VERSION_OPTION],
  takesArguments: false,
  answer: async ({ options }) => {
    if (options.version !== true) return undefined;
    writeToStdout(`${readVersion()}\n`);
    return 0;
  },
};
