import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findTool } from "./support/find-tool.js";
import { ENTRYPOINT, REPO_ROOT } from "./support/sso-home.js";

// No Docker engine here: these checks keep the Dockerfiles and compose.yaml in line with what the
// process-level tests exercise (the entrypoint, its modes, the compose mount layout).
const PLUGIN = join(REPO_ROOT, "plugins/container");
const read = (path: string) => readFileSync(join(PLUGIN, path), "utf8");

describe("container files", () => {
  it("commits the entrypoint as an executable that every POSIX sh parses", () => {
    if (existsSync(join(REPO_ROOT, ".git"))) {
      const mode = execFileSync("git", ["ls-files", "-s", "plugins/container/bin/ssoenv-entrypoint"], {
        cwd: REPO_ROOT,
        encoding: "utf8",
      });
      expect(mode.startsWith("100755 ")).toBe(true);
    }
    const shells = [["sh"], ["dash"], ["busybox", "sh"]].filter(([name]) => findTool(name as string));
    for (const [file, ...args] of shells) {
      const result = spawnSync(file as string, [...args, "-n", ENTRYPOINT], { encoding: "utf8" });
      expect({ shell: [file, ...args].join(" "), status: result.status, stderr: result.stderr }).toEqual({
        shell: [file, ...args].join(" "),
        status: 0,
        stderr: "",
      });
    }
  });

  it.each([
    ["Dockerfile.terraform", '["terraform", "plan"]', "hashicorp/terraform"],
    ["Dockerfile.packer", '["packer", "build", "."]', "hashicorp/packer"],
  ])("%s runs its tool through ssoenv-entrypoint", (dockerfile, cmd, officialImage) => {
    const text = read(dockerfile);
    expect(text).toContain(`FROM ${officialImage}:`);
    // Until the packages are on the registry the image installs the release tarballs, which
    // `pnpm release:tarballs plugins/container/release` packs into the build context: the CLI's and
    // those of its @ssoenv dependencies, in the same npm command (else npm asks the registry: E404).
    expect(text).toContain(`pnpm release:tarballs plugins/container/release`);
    expect(text).toContain("COPY release/ /tmp/ssoenv-release/");
    const install = /npm install --global (?:[^\n\\]|\\\n)*/.exec(text)?.[0] ?? "";
    const cli = JSON.parse(readFileSync(join(REPO_ROOT, "packages/cli/package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const needed = [
      "@ssoenv/cli",
      ...Object.keys(cli.dependencies).filter((name) => name.startsWith("@ssoenv/")),
    ];
    for (const name of needed)
      expect(install).toContain(`/tmp/ssoenv-release/${name.replace("@ssoenv/", "ssoenv-")}-*.tgz`);
    expect(install).not.toMatch(/@ssoenv\/cli@/);
    expect(text).toContain("COPY bin/ssoenv-entrypoint /usr/local/bin/ssoenv-entrypoint");
    expect(text).toMatch(/^ENTRYPOINT \["ssoenv-entrypoint"\]$/m);
    expect(text).toContain(`CMD ${cmd}`);
  });

  it.each(["Dockerfile.terraform", "Dockerfile.packer"])(
    "%s gives ssoenv's bin an env that takes its shebang's -S (Alpine's BusyBox env does not)",
    (dockerfile) => {
      // npm links /usr/local/bin/ssoenv to bin/ssoenv.cjs, so the kernel runs its shebang's env.
      const shebang = readFileSync(join(REPO_ROOT, "packages/cli/bin/ssoenv.cjs"), "utf8").split("\n", 1)[0];
      const envArgs = /^#!\/usr\/bin\/env (.+)$/.exec(shebang ?? "")?.[1];
      const busybox = findTool("busybox");
      if (envArgs?.startsWith("-S ") && busybox) {
        // What the kernel does with that line where env is BusyBox's: one argument, refused.
        const run = spawnSync(busybox, ["env", envArgs, "-e", "0"], { encoding: "utf8" });
        expect(run.status).not.toBe(0);
        expect(run.stderr).toContain("invalid option");
      }
      const text = read(dockerfile);
      if (envArgs?.startsWith("-S ") && /^FROM node:\S*alpine/m.test(text)) {
        expect(/apk add [^\n]*/.exec(text)?.[0]).toContain(" coreutils-env");
      }
    },
  );

  it("the Packer image defaults to SSOENV_MODE=process (the Medley Advent Calendar 2024 article's credential_process workaround)", () => {
    expect(read("Dockerfile.packer")).toMatch(/SSOENV_MODE=process/);
  });

  it("compose.yaml mounts ~/.aws read-only, sso/cache writable and ssoenv's cache as a tmpfs", () => {
    const volumes = composeVolumeItems(read("compose.yaml"));
    const byTarget = new Map(volumes.map((item) => [/target: (\S+)/.exec(item)?.[1], item]));
    expect(byTarget.get("/home/ssoenv/.aws")).toMatch(
      /type: bind[\s\S]*source: \$\{HOME\}\/\.aws\n[\s\S]*read_only: true/,
    );
    const cache = byTarget.get("/home/ssoenv/.aws/sso/cache");
    expect(cache).toMatch(/type: bind[\s\S]*source: \$\{HOME\}\/\.aws\/sso\/cache/);
    expect(cache).not.toContain("read_only");
    expect(byTarget.get("/home/ssoenv/.aws/ssoenv")).toMatch(/type: tmpfs/);
    expect(read("compose.yaml")).toMatch(/^ {2}init: true/m);
  });
});

/** The `- type: ...` items of the shared volumes list, each as its own text block. */
function composeVolumeItems(compose: string): string[] {
  const list = /\n {2}volumes:\n([\s\S]*?)\n(?=\S)/.exec(compose)?.[1] ?? "";
  return list.split(/\n(?= {4}- )/).filter((item) => item.trimStart().startsWith("- type:"));
}
