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

describe("each command's --help", () => {
  it("ends with examples: every command, the groups (profiles, hook) and their subcommands", async () => {
    const program = await createProgram();
    const withoutExamples: string[] = [];
    const visit = (command: typeof program, path: string) => {
      let help = "";
      command.configureOutput({ writeOut: (text) => (help += text) });
      command.outputHelp();
      if (!help.includes("\nExamples:\n  $ ")) withoutExamples.push(path);
      for (const sub of command.commands)
        if (sub.name() !== "help" && !(sub as unknown as { _hidden?: boolean })._hidden)
          visit(sub, `${path} ${sub.name()}`);
    };
    for (const command of program.commands)
      if (command.name() !== "help" && !(command as unknown as { _hidden?: boolean })._hidden)
        visit(command, command.name());
    expect(withoutExamples).toEqual([]);
  });
});
