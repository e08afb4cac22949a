import { readFileSync } from "node:fs";
import { chmod, copyFile, mkdir, readdir, realpath, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { findTool, warnMissing } from "./support/find-tool.js";
import { runEntrypoint } from "./support/run-entrypoint.js";
import { REPO_ROOT } from "./support/sso-home.js";
import { terraformEnv } from "./support/terraform-env.js";
import { useSsoHome } from "./support/use-sso-home.js";

// compose.yaml keeps terraform's providers in a named volume mounted at the same path in every run,
// so `docker compose run --rm` does not download them again for each project (and the links terraform
// puts in .terraform/providers still resolve next time). Without Docker: the real terraform through
// the entrypoint, each run a new process with only the workspace and the volume's folder kept, the
// provider from a local filesystem mirror standing in for the registry.
const terraform = findTool("terraform");
if (!terraform) warnMissing("terraform", "the provider plugin cache tests");
const TIMEOUT_MS = 120_000;
const HOUR_MS = 3_600_000;
const PLUGIN = join(REPO_ROOT, "plugins/container");
const read = (path: string) => readFileSync(join(REPO_ROOT, path), "utf8");

/** The service's block of compose.yaml (from its name to the next service or top-level key). */
function serviceBlock(compose: string, service: string): string {
  return new RegExp(`\\n {2}${service}:\\n([\\s\\S]*?)(?=\\n {2}\\S|\\n\\S|$)`).exec(compose)?.[1] ?? "";
}

/** compose.yaml's plugin cache: the volume's target and the tool's folder in it. */
function composeCache(): { target: string; terraformDir: string; packerDir: string } {
  const compose = read("plugins/container/compose.yaml");
  const volume = /- type: volume\n\s+source: plugin-cache\n\s+target: (\S+)/.exec(compose);
  return {
    target: volume?.[1] ?? "(no plugin-cache volume)",
    terraformDir: /TF_PLUGIN_CACHE_DIR: (\S+)/.exec(serviceBlock(compose, "terraform"))?.[1] ?? "(unset)",
    packerDir: /PACKER_PLUGIN_PATH: (\S+)/.exec(serviceBlock(compose, "packer"))?.[1] ?? "(unset)",
  };
}

describe("plugin cache volume in compose.yaml and the images", () => {
  it("compose.yaml mounts one named volume for every project, where each tool's cache path points", () => {
    const compose = read("plugins/container/compose.yaml");
    const { target, terraformDir, packerDir } = composeCache();
    expect(target).toBe("/plugin-cache");
    expect(terraformDir.startsWith(`${target}/`)).toBe(true);
    expect(packerDir.startsWith(`${target}/`)).toBe(true);
    // A fixed name: without it compose prefixes the project's name, one cache per project.
    expect(compose).toMatch(/\nvolumes:\n {2}plugin-cache:\n {4}name: ssoenv-plugin-cache\b/);
    // extends does not bring the base file's top-level volumes: the example declares it too.
    expect(read("examples/terraform-container/compose.yaml")).toMatch(
      /\nvolumes:\n {2}plugin-cache:\n {4}name: ssoenv-plugin-cache\b/,
    );
  });

  it.each(["Dockerfile.terraform", "Dockerfile.packer"])(
    "%s makes the cache folders writable by any uid (a new volume takes their mode), without pointing terraform at them",
    (dockerfile) => {
      const text = readFileSync(join(PLUGIN, dockerfile), "utf8");
      const { target, terraformDir, packerDir } = composeCache();
      const run = /RUN mkdir -p ([^\n\\]*)\\\n && chmod 1777 ([^\n]*)/.exec(text);
      for (const dir of [terraformDir, packerDir]) expect(run?.[1]?.split(" ")).toContain(dir);
      for (const dir of [target, terraformDir, packerDir]) expect(run?.[2]?.split(" ")).toContain(dir);
      // Set in the image, a cache without a volume behind it would leave .terraform/providers
      // linking into a folder gone with the container.
      expect(text).not.toContain("TF_PLUGIN_CACHE_DIR=");
      if (dockerfile === "Dockerfile.packer") expect(text).toContain(`PACKER_PLUGIN_PATH=${packerDir}`);
    },
  );
});

describe.skipIf(!terraform)(
  "terraform's providers in the plugin cache volume, through the entrypoint",
  () => {
    const { emulator, home } = useSsoHome({ approval: "auto" });

    it(
      "installs a provider once; a new run in another project takes it from the volume, and the first project's links still resolve",
      async () => {
        await home.seedToken(emulator.issueToken({ expiresInMs: 8 * HOUR_MS }));
        const { target, terraformDir } = composeCache();
        expect(
          terraformDir.startsWith(`${target}/`),
          "compose.yaml's TF_PLUGIN_CACHE_DIR in its volume",
        ).toBe(true);
        // The volume, as the image leaves it for any uid: compose.yaml's path below its target.
        const volume = join(home.root, "volume");
        const cacheDir = join(volume, relative(target, terraformDir));
        await mkdir(cacheDir, { recursive: true });
        await chmod(cacheDir, 0o1777);

        const platform = `${process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`;
        const mirror = join(home.root, "mirror");
        const providerDir = join(mirror, "example.com/ssoenv/fake/1.0.0", platform);
        await mkdir(providerDir, { recursive: true });
        // terraform init installs a provider without running it: any executable will do.
        await writeFile(join(providerDir, "terraform-provider-fake_v1.0.0"), "#!/bin/sh\nexit 1\n", {
          mode: 0o755,
        });
        const cliConfig = join(home.root, "terraform.rc");
        await writeFile(
          cliConfig,
          `provider_installation {\n  filesystem_mirror {\n    path = "${mirror}"\n  }\n}\n`,
        );

        const project = async (name: string) => {
          const dir = join(home.root, "work", name);
          await mkdir(dir, { recursive: true });
          await writeFile(
            join(dir, "main.tf"),
            'terraform {\n  required_providers {\n    fake = { source = "example.com/ssoenv/fake", version = "1.0.0" }\n  }\n}\n',
          );
          return dir;
        };
        const init = (cwd: string) =>
          runEntrypoint({
            command: ["terraform", "init", "-input=false", "-no-color"],
            env: terraformEnv(
              { home, emulator },
              { TF_CLI_CONFIG_FILE: cliConfig, TF_PLUGIN_CACHE_DIR: cacheDir },
            ),
            cwd,
            timeoutMs: TIMEOUT_MS,
          });

        const first = await project("first");
        const installed = await init(first);
        expect(installed.exitCode, installed.all).toBe(0);
        expect(installed.stdout).toContain("Installed example.com/ssoenv/fake v1.0.0");
        expect(await readdir(join(cacheDir, "example.com/ssoenv/fake/1.0.0", platform))).toEqual([
          "terraform-provider-fake_v1.0.0",
        ]);

        // Another project with its lock file committed (terraform 1.4+ takes from the cache only what
        // a lock file vouches for), in a new container: no install, the volume's copy.
        const second = await project("second");
        await copyFile(join(first, ".terraform.lock.hcl"), join(second, ".terraform.lock.hcl"));
        const cached = await init(second);
        expect(cached.exitCode, cached.all).toBe(0);
        expect(cached.stdout).toContain(
          "Using example.com/ssoenv/fake v1.0.0 from the shared cache directory",
        );

        // The first project again, in yet another container: its .terraform/providers links into the
        // volume, at the same path, so nothing is installed again.
        const linked = join(first, ".terraform/providers/example.com/ssoenv/fake/1.0.0", platform);
        expect(await realpath(linked)).toBe(
          await realpath(join(cacheDir, "example.com/ssoenv/fake/1.0.0", platform)),
        );
        const again = await init(first);
        expect(again.exitCode, again.all).toBe(0);
        expect(again.stdout).toContain("Using previously-installed example.com/ssoenv/fake v1.0.0");
      },
      TIMEOUT_MS * 3,
    );
  },
);
