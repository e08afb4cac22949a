#!/usr/bin/env node
// `pnpm release:tarballs [DIR]`: builds every package and packs each publishable one with `pnpm pack`
// (workspace:* dependencies become the version numbers npm needs) into DIR (default: release/).
// Until the packages are on the npm registry, these tarballs are how to install ssoenv:
//   npm install -g release/*.tgz
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
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

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = resolve(process.argv[2] ?? join(root, "release"));
const run = (args, cwd = root) =>
  execFileSync("pnpm", args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

if (process.env.SSOENV_RELEASE_SKIP_BUILD !== "1") {
  // From clean dist folders: a file left by an earlier build (a removed module) must not ship.
  for (const dir of PUBLISHED) rmSync(join(root, dir, "dist"), { recursive: true, force: true });
  run(["build"]);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const dir of PUBLISHED) run(["pack", "--pack-destination", out], join(root, dir));
for (const file of readdirSync(out).sort()) process.stdout.write(`${join(out, file)}\n`);
