import type { Command } from "commander";
// Static, unlike the commands: the cached answer is part of the entry's bundle (dist/bin.cjs).
import { credentialProcessAnswer } from "./commands/credential-process-answer.js";

/** One `ssoenv` command, loaded only when it runs (or when `ssoenv --help` lists them all). */
export interface CommandEntry {
  /** The command's name on the command line (`ssoenv <name>`). */
  name: string;
  /** Loads `commands/<name>.ts` and returns its `register<Name>Command(program)`. */
  load: () => Promise<(program: Command) => void>;
  /**
   * A hot path's answer before commander and the command's module load, for the commands other tools
   * run again and again (AWS tools run `credential-process` before every command, git runs `scan` on
   * every commit). Resolves to the exit code, or undefined to take the normal way.
   */
  answer?: (args: readonly string[]) => Promise<number | undefined>;
}

/**
 * Every command, in the order `ssoenv --help` shows them. To add one: write `commands/<name>.ts`
 * exporting `register<Name>Command(program)` and add a line here.
 */
export const COMMANDS: readonly CommandEntry[] = [
  { name: "login", load: async () => (await import("./commands/login.js")).registerLoginCommand },
  { name: "status", load: async () => (await import("./commands/status.js")).registerStatusCommand },
  { name: "ensure", load: async () => (await import("./commands/ensure.js")).registerEnsureCommand },
  { name: "env", load: async () => (await import("./commands/env.js")).registerEnvCommand },
  { name: "refresh", load: async () => (await import("./commands/refresh.js")).registerRefreshCommand },
  { name: "exec", load: async () => (await import("./commands/exec.js")).registerExecCommand },
  {
    name: "credential-process",
    load: async () => (await import("./commands/credential-process.js")).registerCredentialProcessCommand,
    answer: credentialProcessAnswer,
  },
  { name: "serve", load: async () => (await import("./commands/serve.js")).registerServeCommand },
  { name: "profiles", load: async () => (await import("./commands/profiles.js")).registerProfilesCommand },
  { name: "logout", load: async () => (await import("./commands/logout.js")).registerLogoutCommand },
  { name: "console", load: async () => (await import("./commands/console.js")).registerConsoleCommand },
  { name: "sessions", load: async () => (await import("./commands/sessions.js")).registerSessionsCommand },
  { name: "doctor", load: async () => (await import("./commands/doctor.js")).registerDoctorCommand },
  {
    name: "scan",
    load: async () => (await import("./commands/scan.js")).registerScanCommand,
    answer: async (args) => (await loadScanCommand()).answerScan(args),
  },
  { name: "hook", load: async () => (await import("./commands/hook.js")).registerHookCommand },
];

/** The entry for `name` (the first word of the command line), if it names a command. */
export function findCommand(name: string | undefined): CommandEntry | undefined {
  return COMMANDS.find((entry) => entry.name === name);
}

/**
 * The scan command, from its one-file CommonJS bundle when built (dist/scan-hook.cjs, the file the
 * pre-commit hook runs too: see scripts/bundle-hot-paths.mjs), else from its module (from source).
 * Required, not imported: `ssoenv scan --staged` runs on every commit, and an import() would start
 * Node.js's ES module loader for it (~9 ms on Node.js 20). Builtins come from getBuiltinModule for
 * the same reason.
 */
async function loadScanCommand(): Promise<typeof import("./commands/scan.js")> {
  const { existsSync } = process.getBuiltinModule("node:fs");
  if (!existsSync(new URL("./scan-hook.cjs", import.meta.url))) return import("./commands/scan.js");
  const { createRequire } = process.getBuiltinModule("node:module");
  return createRequire(import.meta.url)("./scan-hook.cjs") as typeof import("./commands/scan.js");
}
