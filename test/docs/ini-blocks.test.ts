import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  describeConfigLineProblem,
  findConfigLineProblems,
} from "@ssoenv/core/internal/config/find-config-problems";
import { describe, expect, it } from "vitest";

// A reader copies the docs' ```ini blocks into ~/.aws/config. Each must be a config `ssoenv doctor`
// passes: README's `ssoenv_session_duration = 12h   # other AWS tools ignore this key` got doctor's
// "has a comment after the value ..., which the AWS CLI and boto3 read as part of the value", and a
// `source_profile = dev   # ...` line would name a profile "dev   # ..." for the AWS CLI.

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The ```ini blocks of a Markdown text (fences indented in a list item too), with their first line. */
function iniBlocks(markdown: string): { line: number; text: string }[] {
  const blocks: { line: number; text: string }[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)```ini\s*$/.exec(lines[i] ?? "");
    if (!open) continue;
    const indent = open[1]?.length ?? 0;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^ *```\s*$/.test(lines[j] ?? ""); j++)
      body.push((lines[j] ?? "").slice(indent));
    blocks.push({ line: i + 2, text: `${body.join("\n")}\n` });
    i = j;
  }
  return blocks;
}

/** Each problem doctor would report in the ```ini blocks of `file`, as `file:line: description`. */
function iniProblems(file: string, markdown: string): string[] {
  return iniBlocks(markdown).flatMap((block) =>
    findConfigLineProblems(block.text).map(
      (problem) => `${file}:${block.line + problem.line - 1}: ${describeConfigLineProblem(problem)}`,
    ),
  );
}

describe("the docs' ~/.aws/config examples", () => {
  it("every ```ini block of a tracked Markdown file is a config doctor passes", () => {
    const files = execFileSync("git", ["ls-files", "--", "*.md"], { cwd: REPO_ROOT, encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
    const blocks = files.flatMap((file) => iniBlocks(readFileSync(join(REPO_ROOT, file), "utf8")));
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    expect(files.flatMap((file) => iniProblems(file, readFileSync(join(REPO_ROOT, file), "utf8")))).toEqual(
      [],
    );
  });

  // `aws sts get-caller-identity --profile dev-process` on the cli README's profile ended "You must
  // specify a region." (exit 253): the profile credential_process answers for has no region of its own.
  it("every credential_process profile of a ```ini block names its region, which the AWS CLI needs", () => {
    const files = execFileSync("git", ["ls-files", "--", "*.md"], { cwd: REPO_ROOT, encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
    const profiles = files.flatMap((file) =>
      iniBlocks(readFileSync(join(REPO_ROOT, file), "utf8")).flatMap((block) =>
        block.text
          .split(/^(?=\[)/m)
          .filter((section) => /^credential_process *=/m.test(section))
          .map((section) => ({ where: `${file}:${block.line}: ${section.split("\n")[0]}`, section })),
      ),
    );
    expect(profiles.length).toBeGreaterThanOrEqual(2);
    expect(profiles.filter((p) => !/^region *=/m.test(p.section)).map((p) => p.where)).toEqual([]);
  });

  it("reports an inline comment, with the line it is on, in an indented block too", () => {
    const markdown = [
      "- a profile:",
      "",
      "  ```ini",
      "  [profile p]",
      "  region = eu-west-1   # note",
      "  ```",
      "",
    ].join("\n");
    const problems = iniProblems("x.md", markdown);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^x\.md:5: .*comment after the value of region/);
  });
});
