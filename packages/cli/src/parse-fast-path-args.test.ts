import type { Command, Option } from "commander";
import { describe, expect, it } from "vitest";
import { COMMANDS, type CommandEntry } from "./commands.js";
import { createProgram } from "./create-program.js";
import type { FastPath, ParsedArgs } from "./fast-path.js";
import { parseFastPathArgs } from "./parse-fast-path-args.js";
import { programFastPath } from "./program-fast-path.js";

/**
 * Command lines to read both ways, made from the commander definition itself (so that an option
 * added to it is tried too): each option's spellings with good, odd and missing values, words that
 * are not options, then every pair of those.
 */
function commandLines(command: Command): string[][] {
  const words: string[][] = [];
  for (const option of command.options as Option[]) {
    for (const name of [option.long, option.short].filter((n): n is string => n !== undefined)) {
      if (option.required || option.optional) {
        const values = option.argChoices
          ? [...option.argChoices, "bogus"]
          : ["dev", "-dash", "", "a=b", "10"];
        for (const value of values) {
          words.push([name, value], [`${name}=${value}`]);
          if (!name.startsWith("--")) words.push([`${name}${value}`]);
        }
        words.push([name]);
      } else {
        words.push([name], [`${name}=true`]);
      }
    }
  }
  words.push(
    ["x"],
    ["x", "y"],
    ["--"],
    ["--", "-x"],
    ["-"],
    ["--bogus"],
    ["-Z"],
    ["-h"],
    ["--help"],
    ["--version"],
  );
  return [[], ...words, ...words.flatMap((first) => words.map((second) => [...first, ...second]))];
}

/** How commander reads `ssoenv NAME ARGS`: the action's arguments and options, or "error". */
async function commanderReading(entry: CommandEntry, args: string[]): Promise<ParsedArgs | "error"> {
  const program = await createProgram({ commands: [entry] });
  const command = program.commands.find((c) => c.name() === entry.name) as Command;
  command.exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  command.action(() => {}); // read, never run
  try {
    await program.parseAsync([entry.name, ...args], { from: "user" });
  } catch {
    return "error";
  }
  return { args: command.processedArgs.flat() as string[], options: command.opts() };
}

const withFastPath = COMMANDS.filter((entry): entry is CommandEntry & { fastPath: FastPath } =>
  Boolean(entry.fastPath),
);

describe("a command's fast path reads a command line as its commander definition does", () => {
  it("there are fast paths to check", () => {
    expect(withFastPath.map((entry) => entry.name)).toEqual(["credential-process", "scan"]);
  });

  for (const entry of withFastPath) {
    it(`${entry.name}: same options, and every line it takes, taken the same (or left to commander)`, async () => {
      const program = await createProgram({ commands: [entry] });
      const command = program.commands.find((c) => c.name() === entry.name) as Command;
      // The commander command is built from the fast path's list: the same options, in order.
      expect((command.options as Option[]).map((option) => option.long)).toEqual(
        entry.fastPath.options.map((spec) => `--${spec.long}`),
      );
      let taken = 0;
      const disagreements: string[] = [];
      for (const args of commandLines(command)) {
        const fast = parseFastPathArgs(entry.fastPath, args);
        if (fast === undefined) continue;
        taken++;
        const commander = await commanderReading(entry, args);
        if (
          JSON.stringify(commander) !==
          JSON.stringify({ args: fast.args, options: sorted(fast.options, commander) })
        ) {
          disagreements.push(
            `${JSON.stringify(args)}: fast path ${JSON.stringify(fast)}, commander ${JSON.stringify(commander)}`,
          );
        }
      }
      expect(disagreements).toEqual([]);
      // Not vacuous: the usual lines are taken by the fast path.
      expect(taken).toBeGreaterThan(20);
    });
  }

  it("takes the plain spellings tools run, and leaves the rest to commander", () => {
    const [credentialProcess, scan] = withFastPath.map((entry) => entry.fastPath) as [FastPath, FastPath];
    for (const args of [["--profile", "dev"], ["-p", "dev"], ["--profile=dev"]]) {
      expect(parseFastPathArgs(credentialProcess, args)).toEqual({
        args: [],
        options: { profile: "dev", input: true },
      });
    }
    expect(parseFastPathArgs(credentialProcess, ["--no-input", "--profile", "dev"])?.options).toEqual({
      profile: "dev",
      input: false,
    });
    expect(parseFastPathArgs(credentialProcess, [])).toEqual({ args: [], options: { input: true } });
    expect(parseFastPathArgs(scan, ["--staged"])).toEqual({
      args: [],
      options: { staged: true, format: "text" },
    });
    expect(parseFastPathArgs(scan, ["--format", "json", "a", "--max-file-size=10", "b"])).toEqual({
      args: ["a", "b"],
      options: { format: "json", maxFileSize: "10" },
    });
    // After `--`, every word is a file (pre-commit's file names come after the hook's entry).
    expect(parseFastPathArgs(scan, ["--staged", "--", "--help", "-x", "--"])).toEqual({
      args: ["--help", "-x", "--"],
      options: { staged: true, format: "text" },
    });
    // Spellings commander reads too, but the fast path does not (commander then answers).
    for (const args of [["-pdev"], ["--profile", "-dash"], ["--", "x"], ["-"], ["x"], ["--no-input=true"]]) {
      expect(parseFastPathArgs(credentialProcess, args)).toBeUndefined();
    }
    expect(parseFastPathArgs(scan, ["--format", "text", "--format", "bogus"])).toBeUndefined();
  });

  it("the program's answers --version and -v alone, where commander prints the version", async () => {
    const program = await createProgram({ commands: [] });
    let answered = 0;
    for (const args of commandLines(program)) {
      const fast = parseFastPathArgs(programFastPath, args);
      let code: string | undefined;
      try {
        await (await createProgram({ commands: [] }))
          .configureOutput({ writeOut: () => {}, writeErr: () => {} })
          .parseAsync(args, { from: "user" });
      } catch (error) {
        code = (error as { code?: string }).code;
      }
      // Where the fast path answers, commander prints the version (elsewhere commander decides).
      if (fast?.options.version === true) {
        answered++;
        expect({ args, code }).toEqual({ args, code: "commander.version" });
      }
    }
    expect(parseFastPathArgs(programFastPath, ["--version"])?.options.version).toBe(true);
    expect(parseFastPathArgs(programFastPath, ["-v"])?.options.version).toBe(true);
    expect(answered).toBeGreaterThan(2);
  });
});

/** The fast path's options in commander's key order (JSON comparison), undefined values left out. */
function sorted(options: ParsedArgs["options"], commander: ParsedArgs | "error"): ParsedArgs["options"] {
  const order = commander === "error" ? [] : Object.keys(commander.options);
  const keys = Object.keys(options).filter((key) => options[key] !== undefined);
  keys.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  return Object.fromEntries(keys.map((key) => [key, options[key]]));
}
