import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "./commands.js";
import { createProgram } from "./create-program.js";

describe("ssoenv --help", () => {
  it("lists every command once, under a heading that says what it is for, login beside logout", async () => {
    const help = (await createProgram()).helpInformation();
    const sections = help.split(/\n(?=\S)/);
    const headings = sections.map((section) => section.split("\n")[0] ?? "");
    // No catch-all "Commands:" list: each command sits in a group of at least two.
    expect(headings).not.toContain("Commands:");
    const listed = new Map<string, string>();
    for (const section of sections) {
      const [heading = "", ...lines] = section.split("\n");
      // The command lists: every heading but the options and the examples.
      if (!heading.endsWith(":") || heading === "Options:" || heading === "Examples:") continue;
      const names = lines.flatMap((line) => /^ {2}([a-z-]+)\b/.exec(line)?.[1] ?? []);
      expect(names.length, heading).toBeGreaterThanOrEqual(2);
      for (const name of names) {
        expect(listed.has(name), `${name} listed twice`).toBe(false);
        listed.set(name, heading);
      }
    }
    expect([...listed.keys()].sort()).toEqual(
      [...COMMANDS.filter((c) => !c.hidden).map((c) => c.name), "help"].sort(),
    );
    expect(listed.get("logout")).toBe(listed.get("login"));
    expect(listed.get("sessions")).toBe(listed.get("status"));
    expect(listed.get("hook")).toBe(listed.get("scan"));
  });
});

/** Each of `program` and its commands and subcommands but `help` and the hidden ones, with its path. */
function everyCommand(program: Command): Array<[path: string, command: Command]> {
  const visible = (command: Command) =>
    command.name() !== "help" && !(command as unknown as { _hidden?: boolean })._hidden;
  const visit = (command: Command, path: string): Array<[string, Command]> => [
    [path, command],
    ...command.commands.filter(visible).flatMap((sub) => visit(sub, `${path} ${sub.name()}`)),
  ];
  return visit(program, "ssoenv");
}

/** What `ssoenv <path> --help` prints on stdout. */
function helpOf(command: Command): string {
  let help = "";
  command.configureOutput({ writeOut: (text) => (help += text) });
  command.outputHelp();
  return help;
}

describe("each command's --help", () => {
  // One shape for all, so that a note after the examples (scan, profiles sync) does not end it
  // otherwise: usage, the description, options, examples, and a blank line before the prompt.
  it("has one shape: usage, description, Options:, Examples:, then a blank line at the end", async () => {
    const misshapen: string[] = [];
    for (const [path, command] of everyCommand(await createProgram())) {
      const help = helpOf(command);
      const [usage = "", blank, description = ""] = help.split("\n");
      const shaped =
        usage.startsWith(`Usage: ${path} `) &&
        blank === "" &&
        /^[A-Za-z]/.test(description) &&
        /\nOptions:\n {2}-/.test(help) &&
        help.indexOf("\nOptions:\n") < help.indexOf("\nExamples:\n  $ ") &&
        help.endsWith("\n\n") &&
        !help.endsWith("\n\n\n");
      if (!shaped) misshapen.push(`${path}: ${JSON.stringify(help.slice(-40))}`);
    }
    expect(misshapen).toEqual([]);
  });
});
