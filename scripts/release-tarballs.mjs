#!/usr/bin/env node
// `pnpm release:tarballs [DIR]`: builds every package and packs each publishable one with `pnpm pack`
// (workspace:* dependencies become the version numbers npm needs) into DIR (default: release/), a new
// folder or one holding only earlier tarballs (replaced; any other file and it refuses, exit 2).
// Until the packages are on the npm registry, these tarballs are how to install ssoenv:
//   npm install -g release/*.tgz
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The packages a user installs, in dependency order. The emulator is published for tests and demos. */
export const PUBLISHED = [
  "packages/core",
  "packages/secret-scan",
  "packages/cli",
  "packages/emulator",
  "plugins/mise",
];

const USAGE = "pnpm release:tarballs [DIR]";
const args = process.argv.slice(2);
// The one argument is a folder: `--help` or a mistyped option must not become ./--help full of tarballs.
if (args[0] === "--help" || args[0] === "-h") {
  process.stdout.write(
    `usage: ${USAGE}\nbuilds every package and packs each published one into DIR (default: release/), a new\nfolder or one holding only earlier tarballs, which it replaces\n`,
  );
  process.exit(0);
}
const refuse = (problem) => {
  process.stderr.write(`release-tarballs: ${problem}\nhint: ${USAGE} (a folder; see --help)\n`);
  process.exit(2);
};
const option = args.find((arg) => arg.startsWith("-"));
if (option !== undefined) refuse(`unknown option ${option}`);
if (args.length > 1) refuse(`one DIR only, got ${args.length}: ${args.join(" ")}`);

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = resolve(args[0] ?? join(root, "release"));
const run = (args, cwd = root) =>
  execFileSync("pnpm", args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

/** What this script writes into DIR, and so the only files it removes there (earlier tarballs). */
const TARBALL = /^ssoenv-.+\.tgz$/;
// Checked before anything changes: DIR is cleared of its earlier tarballs, so a folder that holds
// anything else (`pnpm release:tarballs ~` or `.`) is refused rather than emptied.
if (existsSync(out)) {
  const others = statSync(out).isDirectory() ? readdirSync(out).filter((name) => !TARBALL.test(name)) : [out];
  if (others.length > 0) {
    process.stderr.write(
      `release-tarballs: ${out} is not a folder of release tarballs (it holds ${others.slice(0, 3).join(", ")}${others.length > 3 ? ", …" : ""})\nhint: name a new or empty folder, e.g. pnpm release:tarballs release\n`,
    );
    process.exit(2);
  }
}

if (process.env.SSOENV_RELEASE_SKIP_BUILD !== "1") {
  // From clean dist folders: a file left by an earlier build (a removed module) must not ship.
  for (const dir of PUBLISHED) rmSync(join(root, dir, "dist"), { recursive: true, force: true });
  run(["build"]);
}
mkdirSync(out, { recursive: true });
for (const file of readdirSync(out)) if (TARBALL.test(file)) rmSync(join(out, file));
for (const dir of PUBLISHED) run(["pack", "--pack-destination", out], join(root, dir));
for (const file of readdirSync(out).sort()) process.stdout.write(`${join(out, file)}\n`);
