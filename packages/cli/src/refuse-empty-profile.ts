import type { Command } from "commander";

/**
 * Refuses an empty `--profile` before any command runs (a commander preAction hook on the program):
 * `--profile "$PROFILE"` with the variable unset would otherwise read as no `--profile` at all, and
 * the command would act on the default profile, another account, without a word. The AWS CLI finds no
 * credentials for `--profile ""`. Every command's `--profile` (serve's repeatable one too).
 *
 * @throws SsoenvError `INVALID_ARGUMENT` "--profile is empty".
 */
export function refuseEmptyProfile(program: Command): void {
  program.hook("preAction", async (_program, action) => {
    const given = action.opts().profile as string | string[] | undefined;
    if (given === undefined) return;
    if (!(Array.isArray(given) ? given : [given]).some((name) => name.trim() === "")) return;
    const { SsoenvError } = await import("@ssoenv/core/internal/errors");
    throw new SsoenvError("INVALID_ARGUMENT", "--profile is empty (a variable that is not set?)", {
      hint: "give a profile name, e.g. --profile dev, or leave --profile out for the default (ssoenv.toml, SSOENV_PROFILE, AWS_PROFILE...)",
    });
  });
}
