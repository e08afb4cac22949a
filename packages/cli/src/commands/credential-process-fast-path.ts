import { answerCredentialProcess } from "@ssoenv/core/internal/credential-process";
import { INPUT_OPTION, PROFILE_OPTION } from "../common-options.js";
import type { FastPath } from "../fast-path.js";
import { writeToStdout } from "../write-to-stdout.js";

/**
 * `ssoenv credential-process [--profile P] [--no-input]` answered from the credentials cache, before
 * commander or the command's module loads (AWS tools run it before every command). Its options are
 * the command's (credential-process.ts builds its commander command from this list). Without a
 * profile it is found as every command finds it: ssoenv.toml's `profile`, then the environment
 * (SSOENV_PROFILE, AWS_PROFILE, AWS_DEFAULT_PROFILE, default). Resolves to 0 having printed the JSON,
 * or undefined having printed nothing (the full command then takes over).
 */
export const credentialProcessFastPath: FastPath = {
  options: [PROFILE_OPTION, INPUT_OPTION],
  takesArguments: false,
  answer: async ({ options }) => {
    let profile = typeof options.profile === "string" ? options.profile : undefined;
    if (profile === undefined) {
      const { loadProjectConfig } = await import("@ssoenv/core/internal/project-config");
      // A broken ssoenv.toml is the full command's to report.
      const project = await loadProjectConfig({ env: process.env }).catch(() => null);
      if (project === null) return undefined;
      profile = project?.profile;
    }
    // process.env as the parent gave it: ssoenv sets its own variables (own-env.ts) only past this.
    const json = await answerCredentialProcess({ ...(profile ? { profile } : {}), env: process.env });
    if (json === undefined) return undefined;
    writeToStdout(`${json}\n`);
    return 0;
  },
};
