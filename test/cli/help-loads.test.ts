import { describe, expect, it } from "vitest";
import { type LoadedModules, runRecordingModules } from "./support/record-modules.js";
import { useCliWorld } from "./support/use-cli-world.js";

// Help needs each command's declaration (its name, options and help text), not its work: a command's
// work (commands/run-<name>.ts, with core's modules it calls) loads only when the command runs.
// Checked by what a run loads, not by a clock. Before, `ssoenv --help` loaded every command's work,
// 108 of core's modules among them, and `ssoenv refresh --help` 139 files.
const world = useCliWorld({ per: "file" });

/** The ES modules of the CLI and of @ssoenv/core a run loaded, as "cli/commands/env.js", "core/errors.js". */
function ourModules(loaded: LoadedModules): string[] {
  return loaded.esModules.flatMap((path) => {
    const match = /\/packages\/(cli|core)\/dist\/(.*)$/.exec(path);
    return match ? [`${match[1]}/${match[2]}`] : [];
  });
}

/** The packages a run loaded from node_modules, CommonJS or ES module ("commander", "proper-lockfile"). */
function packages(loaded: LoadedModules): string[] {
  const names = [...loaded.files, ...loaded.esModules].flatMap((file) => {
    const match = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    return match ? [match[1] as string] : [];
  });
  return [...new Set(names)].sort();
}

/** Of core, what the declarations read: option choices and defaults, and the --env-file parser's. */
const READ_BY_DECLARATIONS = [
  "core/credentials/credential-formats.js",
  "core/errors.js",
  "core/fs/names-folder.js",
  "core/fs/stat-path.js", // names-folder.js's stat (379b128: every sync stat goes through it)
  "core/profiles/sync-defaults.js",
];

/** What help must not load: a command's work, core's modules but those above, any package but commander. */
function work(loaded: LoadedModules): string[] {
  return [
    ...ourModules(loaded).filter(
      (module) =>
        (module.startsWith("core/") && !READ_BY_DECLARATIONS.includes(module)) || module.includes("/run-"),
    ),
    ...packages(loaded).filter((name) => name !== "commander"),
  ];
}

const COMMANDS = [
  "login",
  "logout",
  "status",
  "sessions",
  "ensure",
  "refresh",
  "env",
  "exec",
  "credential-process",
  "serve",
  "console",
  "scan",
  "hook",
  "profiles",
  "doctor",
];

describe("help loads the commands' declarations, not their work", () => {
  it("ssoenv --help lists every command and loads none of their work", async () => {
    const help = await runRecordingModules(world, ["--help"], { esModules: true });
    expect(help.exitCode).toBe(0);
    for (const name of COMMANDS) expect(help.stdout).toContain(`\n  ${name} `);
    // The declarations did load (so the check below is about the right run).
    expect(ourModules(help.loaded)).toEqual(expect.arrayContaining(["cli/commands/refresh.js"]));
    expect(work(help.loaded)).toEqual([]);
  });

  it.each(COMMANDS)("ssoenv %s --help loads none of its work", async (name) => {
    const help = await runRecordingModules(world, [name, "--help"], { esModules: true });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain(`Usage: ssoenv ${name} `);
    expect(work(help.loaded)).toEqual([]);
  });

  it("a usage error loads none of the command's work", async () => {
    const usage = await runRecordingModules(world, ["refresh", "--bogus"], { esModules: true });
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toContain("unknown option '--bogus'");
    // What prints the error (picocolors, core's text cleaner, and core's colour rule and the CI setting it
    // reads: files with no other imports) is the only addition.
    expect(work(usage.loaded).sort()).toEqual([
      "core/aws/clean-server-text.js",
      "core/aws/secret-registry.js",
      "core/session/ci-setting.js",
      "core/text/wants-colors.js",
      "picocolors",
    ]);
  });
});
