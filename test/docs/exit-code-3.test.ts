import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Exit code 3 means a login is needed and no one can do it here: no terminal, `CI` set (even on a
// terminal: a CI job's pseudo-terminal), or --no-input. Since CI counts too (bdc82a6), a doc that
// still says "exit 3 ... no terminal" sends a CI user, whose job has a terminal, looking for the
// wrong cause; such sentences were fixed one by one and one was missed. This test reads every
// sentence a newcomer meets that ties exit 3 to a missing terminal and asks that it names CI too.

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

const EXIT_3 = /\bexits? (?:with )?(?:code )?3\b|\bexit code 3\b|\(exit 3\)|\b3 login needed|^\| *3 *\|/m;
const NO_TERMINAL = /\b(?:no|without a|not a) terminal\b/i;
const NAMES_CI = /`CI`|\bCI set\b|\bCI=|\bCI job\b|\bin CI\b/;

/** A text's paragraphs, each table row and list item on its own: the unit a reader takes as one statement. */
function statements(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .flatMap((paragraph) => paragraph.split(/\n(?=\||[-*] |\d+\. )/))
    .map((statement) => statement.trim());
}

/** The statements of `text` that give exit 3 for lack of a terminal without naming CI, as `where: text`. */
function exit3WithoutCi(where: string, text: string): string[] {
  return statements(text)
    .filter((s) => EXIT_3.test(s) && NO_TERMINAL.test(s) && !NAMES_CI.test(s))
    .map((s) => {
      const flat = s.replace(/\s+/g, " ");
      const at = flat.search(NO_TERMINAL);
      return `${where}: …${flat.slice(Math.max(0, at - 80), at + 60)}…`;
    });
}

function trackedMarkdown(): string[] {
  return execFileSync("git", ["ls-files", "--", "*.md"], { cwd: REPO_ROOT, encoding: "utf8" })
    .split("\n")
    .filter(Boolean);
}

describe("exit code 3, wherever it is told", () => {
  it("every README sentence tying exit 3 to a missing terminal names CI too", () => {
    const files = trackedMarkdown();
    expect(files).toContain("plugins/mise/README.md");
    const found = files.flatMap((file) => exit3WithoutCi(file, readFileSync(join(REPO_ROOT, file), "utf8")));
    expect(found).toEqual([]);
  });

  it("so do `ssoenv --help` and the container entrypoint's --help", () => {
    const cliHelp = execFileSync(
      process.execPath,
      [join(REPO_ROOT, "packages/cli/bin/ssoenv.cjs"), "--help"],
      {
        encoding: "utf8",
      },
    );
    const entrypointHelp = execFileSync(
      "sh",
      [join(REPO_ROOT, "plugins/container/bin/ssoenv-entrypoint"), "--help"],
      {
        encoding: "utf8",
      },
    );
    expect(cliHelp).toMatch(/3 login needed/);
    expect(entrypointHelp).toMatch(/3 login needed/);
    expect([
      ...exit3WithoutCi("ssoenv --help", cliHelp),
      ...exit3WithoutCi("ssoenv-entrypoint --help", entrypointHelp),
    ]).toEqual([]);
  });

  it("finds the old wording and lets the new one through", () => {
    expect(
      exit3WithoutCi("x.md", "Exit codes: 0 ok, 2 usage,\n3 login needed but no terminal; 127 missing."),
    ).toHaveLength(1);
    expect(exit3WithoutCi("x.md", "| 3 | a login is needed: no terminal, or --no-input |")).toHaveLength(1);
    expect(
      exit3WithoutCi("x.md", "Without a terminal the command then exits 3 with the login to run."),
    ).toHaveLength(1);
    expect(exit3WithoutCi("x.md", "3 login needed but no terminal (or `CI` set)")).toEqual([]);
    expect(exit3WithoutCi("x.md", "Without a terminal, or with CI set, it exits 3.")).toEqual([]);
    // A paragraph on exit 3 and another on terminals are two statements.
    expect(exit3WithoutCi("x.md", "It exits 3.\n\nWith no terminal, no spinner.")).toEqual([]);
  });
});
