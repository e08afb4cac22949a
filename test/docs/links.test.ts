import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Every README a newcomer reads points at other files: Markdown links (`[x](../core)`, with an
// `#anchor`), and paths in the text and the commands (`packages/cli/bin/ssoenv.cjs`,
// `test/secret-scan/corpus.test.ts`). A file renamed or a heading reworded leaves them pointing at
// nothing, which nothing else notices; this test lists each one that does not resolve.

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Folders a path in a README may start with: the repository's (from the root), a package's (from its README). */
const ROOT_FOLDERS = [".ci", "bench", "examples", "packages", "plugins", "scripts", "test"];
const PACKAGE_FOLDERS = ["bin", "hooks", "lib", "src", "tasks"];
/** Made by a build or a command, not in a fresh clone: `pnpm release:tarballs plugins/container/release`. */
const GENERATED = new Set(["dist", "node_modules", "release"]);

/** GitHub's anchor for a heading: lower case, punctuation dropped (not `-` or `_`), spaces to `-`. */
function anchorOf(heading: string): string {
  const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replaceAll("`", "");
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replaceAll(" ", "-");
}

/** The anchors of a Markdown file, a repeated heading numbered as GitHub does (`x`, `x-1`). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading = ""] of withoutCodeBlocks(markdown).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const anchor = anchorOf(heading);
    const count = seen.get(anchor) ?? 0;
    seen.set(anchor, count + 1);
    anchors.add(count === 0 ? anchor : `${anchor}-${count}`);
  }
  return anchors;
}

function withoutCodeBlocks(markdown: string): string {
  return markdown.replace(/^ *```[\s\S]*?^ *```$/gm, "");
}

/**
 * What in `file` (a Markdown file under `root`) points at nothing: relative links whose file or
 * `#anchor` is missing, and repository paths (in prose, backticks or code blocks) that do not exist.
 */
function brokenReferences(root: string, file: string): string[] {
  const markdown = readFileSync(join(root, file), "utf8");
  const folder = dirname(join(root, file));
  const broken: string[] = [];

  for (const [, target = ""] of withoutCodeBlocks(markdown).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    const [path = "", anchor] = target.split("#");
    const resolved = path === "" ? join(root, file) : join(folder, decodeURIComponent(path));
    if (!existsSync(resolved)) {
      broken.push(`${file}: link ${target}: no ${path}`);
      continue;
    }
    if (anchor === undefined) continue;
    const page = statSync(resolved).isDirectory() ? join(resolved, "README.md") : resolved;
    if (!page.endsWith(".md") || !existsSync(page)) {
      broken.push(`${file}: link ${target}: #${anchor} in a file that is not Markdown`);
    } else if (!anchorsOf(readFileSync(page, "utf8")).has(anchor)) {
      broken.push(`${file}: link ${target}: no heading #${anchor}`);
    }
  }

  const folders = [...ROOT_FOLDERS, ...PACKAGE_FOLDERS].map((name) => name.replace(".", "\\.")).join("|");
  // A path starts a word (not after `/`, `~`, `$` or `.`: `/path/to/…`, `~/src/…`, `../../plugins/…`,
  // which the links above or the reader's machine hold) and ends at a character paths here do not use.
  const pathPattern = new RegExp(`(?<![\\w$~./-])((?:${folders})/[\\w./@-]*[\\w])`, "g");
  const seen = new Set<string>();
  // Link targets were checked above (relative to the file, as Markdown reads them).
  for (const [, path = ""] of markdown.replace(/\]\([^)\s]+\)/g, "]").matchAll(pathPattern)) {
    if (seen.has(path)) continue;
    seen.add(path);
    if (path.split("/").some((segment) => GENERATED.has(segment))) continue;
    if (!existsSync(join(folder, path)) && !existsSync(join(root, path))) {
      broken.push(`${file}: path ${path} does not exist`);
    }
  }
  return broken;
}

function markdownFiles(root: string): string[] {
  return execFileSync("git", ["ls-files", "--", "*.md"], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter(Boolean);
}

describe("the READMEs' links and paths", () => {
  it("every relative link, #anchor and repository path in a tracked Markdown file resolves", () => {
    const files = markdownFiles(REPO_ROOT);
    expect(files).toContain("README.md");
    expect(files).toContain("packages/cli/README.md");
    expect(files.flatMap((file) => brokenReferences(REPO_ROOT, file))).toEqual([]);
  });

  it("names a missing file, a missing heading and a path that does not exist", () => {
    const root = mkdtempSync(join(tmpdir(), "ssoenv-doc-links-"));
    try {
      mkdirSync(join(root, "packages/core/src"), { recursive: true });
      writeFileSync(join(root, "packages/core/src/index.ts"), "");
      writeFileSync(
        join(root, "packages/core/README.md"),
        "# @ssoenv/core\n\n## Error codes\n\n## Error codes\n",
      );
      writeFileSync(
        join(root, "README.md"),
        [
          "# ssoenv",
          "",
          "[core](packages/core) and its [codes](packages/core/README.md#error-codes-1);",
          "[on the web](https://example.com/x#y), [here](#ssoenv).",
          "[gone](packages/cli), [moved](packages/core#exit-codes), `packages/core/src/index.ts`,",
          "`src/index.ts` in `packages/core/src/gone.ts`, `~/src/ssoenv/release/x.tgz`, `packages/*/dist`.",
          "",
          "```sh",
          "node packages/core/bin/missing.js   # and /path/to/plugins/x, ../../test/y",
          "```",
          "",
        ].join("\n"),
      );
      expect(brokenReferences(root, "README.md")).toEqual([
        "README.md: link packages/cli: no packages/cli",
        "README.md: link packages/core#exit-codes: no heading #exit-codes",
        "README.md: path src/index.ts does not exist",
        "README.md: path packages/core/src/gone.ts does not exist",
        "README.md: path packages/core/bin/missing.js does not exist",
      ]);
      expect(brokenReferences(root, "packages/core/README.md")).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/** scripts/release-tarballs.mjs's PUBLISHED (the script packs when imported, so it is read as text). */
function publishedFolders(): string[] {
  const script = readFileSync(join(REPO_ROOT, "scripts/release-tarballs.mjs"), "utf8");
  const list = /export const PUBLISHED = \[([^\]]*)\]/.exec(script)?.[1] ?? "";
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? "");
}

describe("the published packages' READMEs, away from the repository", () => {
  // In a tarball, a README's `../../README.md#…` or `../core` points nowhere. npm resolves those links
  // on the package's page, and `npm repo` / `npm bugs` answer, from package.json's `repository`.
  it("every published package names its folder of the repository; npm repo and npm bugs read it", () => {
    const folders = publishedFolders();
    expect(folders).toContain("packages/cli");
    for (const folder of folders) {
      const manifest = JSON.parse(readFileSync(join(REPO_ROOT, folder, "package.json"), "utf8"));
      expect(manifest.repository, folder).toEqual({
        type: "git",
        url: "git+https://github.com/ssoenv/ssoenv.git",
        directory: folder,
      });
    }
    // What npm makes of it (one package: each npm start takes a second or more on a loaded machine).
    const npm = (command: string) =>
      execFileSync("npm", [command, ".", "--no-browser"], {
        cwd: join(REPO_ROOT, "packages/cli"),
        encoding: "utf8",
        env: { ...process.env, npm_config_update_notifier: "false" },
      });
    expect(npm("repo")).toContain("https://github.com/ssoenv/ssoenv/tree/HEAD/packages/cli");
    expect(npm("bugs")).toContain("https://github.com/ssoenv/ssoenv/issues");
  });
});
