import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command, Option } from "commander";
import { describe, expect, it } from "vitest";
import { createProgram } from "./create-program.js";

// The READMEs show `ssoenv <command> --option …` in commands to copy, tables and prose. A renamed or
// removed option leaves them showing one the command refuses (exit 2): each is checked against the
// command's own definition here.

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

interface Mention {
  file: string;
  command: string;
  option: string;
}

/**
 * Every option written after `ssoenv <command>` (and the subcommand of `profiles` and `hook`) in
 * `markdown`, up to what ends a command line there: a backtick, `#`, `&&`, `;`, `)`, a quote, a
 * table's `|` (not `\|`, which a cell's code shows as `|`) or ` -- ` (what follows is another command's).
 */
function optionMentions(file: string, markdown: string, program: Command): Mention[] {
  const mentions: Mention[] = [];
  for (const [, words = ""] of markdown.matchAll(/\bssoenv ((?:[^`#&;)"'\n|\\]|\\\|)+)/g)) {
    const line = words.split(/ -- | --$/)[0] ?? "";
    const [name = "", sub = "", ...rest] = line.split(/\s+/);
    const command = program.commands.find((c) => c.name() === name);
    if (!command) continue; // `ssoenv --profile dev status` (the wrong order, shown as such), prose
    const subcommand = command.commands.find((c) => c.name() === sub);
    const tokens = subcommand ? rest : [sub, ...rest];
    for (const token of tokens) {
      const option = /^\[?(--?[a-zA-Z][\w-]*)/.exec(token)?.[1];
      if (option) {
        mentions.push({ file, command: subcommand ? `${name} ${sub}` : name, option });
      }
    }
  }
  return mentions;
}

/** The option spellings `ssoenv <command>` takes: its own, and commander's --help. */
function optionsOf(command: Command): Set<string> {
  const spellings = new Set(["--help", "-h"]);
  for (const option of command.options as readonly Option[]) {
    if (option.long) spellings.add(option.long);
    if (option.short) spellings.add(option.short);
  }
  return spellings;
}

describe("the options the READMEs give ssoenv's commands", () => {
  it("every `ssoenv <command> --option` in a tracked Markdown file is an option of that command", async () => {
    const program = await createProgram();
    const files = execFileSync("git", ["ls-files", "--", "*.md"], { cwd: REPO_ROOT, encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
    const mentions = files.flatMap((file) =>
      optionMentions(file, readFileSync(join(REPO_ROOT, file), "utf8"), program),
    );
    const unknown = mentions
      .filter(({ command, option }) => {
        const [name, sub] = command.split(" ");
        const found = program.commands.find((c) => c.name() === name);
        const target = sub ? found?.commands.find((c) => c.name() === sub) : found;
        return !target || !optionsOf(target).has(option);
      })
      .map(({ file, command, option }) => `${file}: ssoenv ${command} ${option}`);
    expect([...new Set(unknown)]).toEqual([]);
    // Not vacuous: the READMEs name options of most commands.
    expect(new Set(mentions.map((m) => m.command)).size).toBeGreaterThan(10);
    expect(mentions.length).toBeGreaterThan(50);
  });

  it("reads the options of a command line, its subcommand's, and stops where another command's begin", async () => {
    const program = await createProgram();
    const text = [
      "`ssoenv login [-p P \\| --sso-session S] [--use-device-code]`",
      "ssoenv exec --profile dev -- aws --region x s3 ls",
      "`ssoenv profiles sync --dry-run`, then `ssoenv --profile dev status` and ssoenv status --json # --x",
      "| `ssoenv hook install --force` | table |",
    ].join("\n");
    expect(optionMentions("x.md", text, program)).toEqual([
      { file: "x.md", command: "login", option: "-p" },
      { file: "x.md", command: "login", option: "--sso-session" },
      { file: "x.md", command: "login", option: "--use-device-code" },
      { file: "x.md", command: "exec", option: "--profile" },
      { file: "x.md", command: "profiles sync", option: "--dry-run" },
      { file: "x.md", command: "status", option: "--json" },
      { file: "x.md", command: "hook install", option: "--force" },
    ]);
  });
});
