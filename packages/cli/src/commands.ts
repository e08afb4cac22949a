import type { Command } from "commander";
// Static, unlike the commands: the fast paths are part of the entry's bundle (dist/bin.cjs).
import { credentialProcessFastPath } from "./commands/credential-process-fast-path.js";
import { scanFastPath } from "./commands/scan-fast-path.js";
import type { FastPath } from "./fast-path.js";
import { HELP_GROUPS } from "./help-groups.js";

export { HELP_GROUPS };

/** One `ssoenv` command, loaded only when it runs (or when `ssoenv --help` lists them all). */
export interface CommandEntry {
  /** The command's name on the command line (`ssoenv <name>`). */
  name: string;
  /** Its heading in `ssoenv --help` (HELP_GROUPS). */
  group: (typeof HELP_GROUPS)[keyof typeof HELP_GROUPS];
  /** Left out of `ssoenv --help`: a question for scripts, not for people. */
  hidden?: boolean;
  /** Loads `commands/<name>.ts` (the declaration, not the work) and returns its `register<Name>Command(program)`. */
  load: () => Promise<(program: Command) => void>;
  /**
   * The command's answer before commander and its module load, for the commands other tools run
   * again and again (see fast-path.ts). The command's commander options are built from its list.
   */
  fastPath?: FastPath;
}

/**
 * Every command, in the order `ssoenv --help` shows them (grouped by `group`). To add one: write
 * `commands/<name>.ts` exporting `register<Name>Command(program)`, which declares the command (its
 * options and help), and `commands/run-<name>.ts`, its work, which the declaration's action imports;
 * then add a line here. `ssoenv --help` loads every declaration and none of their work.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "login",
    group: HELP_GROUPS.signIn,
    load: async () => (await import("./commands/login.js")).registerLoginCommand,
  },
  {
    name: "logout",
    group: HELP_GROUPS.signIn,
    load: async () => (await import("./commands/logout.js")).registerLogoutCommand,
  },
  {
    name: "status",
    group: HELP_GROUPS.signIn,
    load: async () => (await import("./commands/status.js")).registerStatusCommand,
  },
  {
    name: "sessions",
    group: HELP_GROUPS.signIn,
    load: async () => (await import("./commands/sessions.js")).registerSessionsCommand,
  },
  {
    name: "ensure",
    group: HELP_GROUPS.signIn,
    load: async () => (await import("./commands/ensure.js")).registerEnsureCommand,
  },
  {
    name: "refresh",
    group: HELP_GROUPS.credentials,
    load: async () => (await import("./commands/refresh.js")).registerRefreshCommand,
  },
  {
    name: "env",
    group: HELP_GROUPS.credentials,
    load: async () => (await import("./commands/env.js")).registerEnvCommand,
  },
  {
    name: "exec",
    group: HELP_GROUPS.credentials,
    load: async () => (await import("./commands/exec.js")).registerExecCommand,
  },
  {
    name: "credential-process",
    group: HELP_GROUPS.credentials,
    load: async () => (await import("./commands/credential-process.js")).registerCredentialProcessCommand,
    fastPath: credentialProcessFastPath,
  },
  {
    name: "serve",
    group: HELP_GROUPS.credentials,
    load: async () => (await import("./commands/serve.js")).registerServeCommand,
  },
  {
    name: "console",
    group: HELP_GROUPS.credentials,
    load: async () => (await import("./commands/console.js")).registerConsoleCommand,
  },
  {
    name: "scan",
    group: HELP_GROUPS.keys,
    load: async () => (await import("./commands/scan.js")).registerScanCommand,
    fastPath: scanFastPath,
  },
  {
    name: "hook",
    group: HELP_GROUPS.keys,
    load: async () => (await import("./commands/hook.js")).registerHookCommand,
  },
  {
    name: "profiles",
    group: HELP_GROUPS.setUp,
    load: async () => (await import("./commands/profiles.js")).registerProfilesCommand,
  },
  {
    name: "doctor",
    group: HELP_GROUPS.setUp,
    load: async () => (await import("./commands/doctor.js")).registerDoctorCommand,
  },
  {
    // Hidden from help: a question for the scripts around ssoenv (the container entrypoint).
    name: "ci-job",
    group: HELP_GROUPS.setUp,
    hidden: true,
    load: async () => (await import("./commands/ci-job.js")).registerCiJobCommand,
  },
];

/** The entry for `name` (the first word of the command line), if it names a command. */
export function findCommand(name: string | undefined): CommandEntry | undefined {
  return COMMANDS.find((entry) => entry.name === name);
}
