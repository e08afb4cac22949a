import type { Command } from "commander";

/** The options naming a profile or an sso-session, with what the fix says for each. */
const NAMED = [
  {
    key: "profile",
    flag: "--profile",
    hint: "give a profile name, e.g. --profile dev, or leave --profile out for the default (ssoenv.toml, SSOENV_PROFILE, AWS_PROFILE...)",
  },
  {
    key: "ssoSession",
    flag: "--sso-session",
    hint: "give the name of an [sso-session] section, e.g. --sso-session corp (ssoenv sessions lists them)",
  },
] as const;

/**
 * Refuses an empty `--profile` or `--sso-session` before any command runs (a commander preAction hook
 * on the program): `--profile "$PROFILE"` with the variable unset would otherwise read as no
 * `--profile` at all, and the command would act on the default profile, another account, without a
 * word (the AWS CLI finds no credentials for `--profile ""`); an empty `--sso-session` was refused as
 * "there is no [sso-session ]", which hid the unset variable. Every command's (serve's repeatable
 * `--profile` too).
 *
 * @throws SsoenvError `INVALID_ARGUMENT` "--profile is empty" / "--sso-session is empty".
 */
export function refuseEmptyNames(program: Command): void {
  program.hook("preAction", async (_program, action) => {
    const options = action.opts();
    for (const { key, flag, hint } of NAMED) {
      const given = options[key] as string | string[] | undefined;
      if (given === undefined) continue;
      if (!(Array.isArray(given) ? given : [given]).some((name) => name.trim() === "")) continue;
      const { SsoenvError } = await import("@ssoenv/core/internal/errors");
      throw new SsoenvError("INVALID_ARGUMENT", `${flag} is empty (a variable that is not set?)`, { hint });
    }
  });
}
