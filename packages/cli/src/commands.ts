import type { Command } from "commander";
// Static, unlike the commands: the fast paths are part of the entry's bundle (dist/bin.cjs).
import { credentialProcessFastPath } from "./commands/credential-process-fast-path.js";
import { scanFastPath } from "./commands/scan-fast-path.js";
import type { FastPath } from "./fast-path.js";

/** One `ssoenv` command, loaded only when it runs (or when `ssoenv --help` lists them all). */
export interface CommandEntry {
  /** The command's name on the command line (`ssoenv <name>`). */
  name: string;
  /** Loads `commands/<name>.ts` and returns its `register<Name>Command(program)`. */
  load: () => Promise<(program: Command) => void>;
  /**
   * The command's answer before commander and its module load, for the commands other tools run
   * again and again (see fast-path.ts). The command's commander options are built from its list.
   */
  fastPath?: FastPath;
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
    fastPath: credentialProcessFastPath,
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
    fastPath: scanFastPath,
  },
  { name: "hook", load: async () => (await import("./commands/hook.js")).registerHookCommand },
];

/** The entry for `name` (the first word of the command line), if it names a command. */
export function findCommand(name: string | undefined): CommandEntry | undefined {
  return COMMANDS.find((entry) => entry.name === name);
}
