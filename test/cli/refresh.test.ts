import { execFileSync } from "node:child_process";
import { appendFile, chmod, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { join, sep } from "node:path";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { writeSignInRecord } from "@ssoenv/core/internal";
import { parse } from "dotenv";
import { describe, expect, it } from "vitest";
import { ENV_EDGE_CASES } from "../../packages/core/src/env/test-support/env-edge-cases.js";
import { startCliWorld } from "./support/cli-world.js";
import { useCliWorld } from "./support/use-cli-world.js";

const world = useCliWorld({ loggedIn: true });

const KEY_ID = /^ASIA[A-Z0-9]{16}$/;
let n = 0;
async function freshProject(): Promise<string> {
  const dir = join(world.project, `p${n++}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

describe("ssoenv refresh", () => {
  it("writes keys Node.js's --env-file reads, after a line of blanks and before a BOM'd line of ours", async () => {
    const cwd = await freshProject();
    // Node.js glues a line without `=` to the next key and keeps a BOM in the first key (nodejs/node#56686)
    await writeFile(join(cwd, "a.env"), "PORT=3000\n  \n");
    await writeFile(join(cwd, "b.env"), "\ufeffAWS_REGION=us-east-1\nPORT=3000\n");
    const result = await world.run(
      ["refresh", "--profile", "dev", "--env-file", "a.env", "--env-file", "b.env"],
      { cwd },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    for (const name of ["a.env", "b.env"]) {
      const path = join(cwd, name);
      const expected = parse(await readFile(path));
      const script = `const o={};for(const k of ${JSON.stringify(Object.keys(expected))})o[k]=process.env[k];console.log(JSON.stringify(o))`;
      const read = JSON.parse(
        execFileSync(process.execPath, [`--env-file=${path}`, "-e", script], {
          encoding: "utf8",
          env: { PATH: process.env.PATH ?? "" },
        }),
      );
      expect(read, name).toEqual(expected);
      expect(read.AWS_ACCESS_KEY_ID, name).toMatch(KEY_ID);
    }
  });

  it("writes ./.env (0600) when there is no ssoenv.toml and no --env-file", async () => {
    const cwd = await freshProject();
    const result = await world.run(["refresh", "--profile", "dev"], { cwd });
    expect(result.exitCode).toBe(0);
    const values = parse(await readFile(join(cwd, ".env")));
    expect(values.AWS_ACCESS_KEY_ID).toMatch(KEY_ID);
    expect(values.AWS_SECRET_ACCESS_KEY).toBeTruthy();
    expect(values.AWS_SESSION_TOKEN).toBeTruthy();
    expect(Date.parse(values.AWS_CREDENTIAL_EXPIRATION ?? "")).toBeGreaterThan(Date.now());
    expect(values.AWS_REGION).toBe("eu-west-1");
    expect(values.AWS_DEFAULT_REGION).toBe("eu-west-1");
    expect((await stat(join(cwd, ".env"))).mode & 0o777).toBe(0o600);
    // The summary: file, profile, account, role, expiry; never a secret.
    expect(result.stdout).toContain(".env");
    expect(result.stdout).toContain("dev");
    expect(result.stdout).toContain("111111111111");
    expect(result.stdout).toContain("AdministratorAccess");
    expect(result.stdout).toMatch(/credentials until (\d\d:\d\d|\w{3} \d+ \w{3} \d\d:\d\d) \(\d+m left\)/);
    for (const secret of [values.AWS_ACCESS_KEY_ID, values.AWS_SECRET_ACCESS_KEY, values.AWS_SESSION_TOKEN]) {
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
  });

  it("changes only our keys and keeps every other line", async () => {
    const cwd = await freshProject();
    const before =
      "# app settings\r\nexport DATABASE_URL='postgres://x'\r\n\r\nAWS_ACCESS_KEY_ID=old # from yesterday\r\nPORT=3000";
    await writeFile(join(cwd, ".env"), before);
    const result = await world.run(["refresh", "--profile", "stg"], { cwd });
    expect(result.exitCode).toBe(0);
    const after = await readFile(join(cwd, ".env"), "utf8");
    expect(
      after.startsWith("# app settings\r\nexport DATABASE_URL='postgres://x'\r\n\r\nAWS_ACCESS_KEY_ID=ASIA"),
    ).toBe(true);
    expect(after).toContain(" # from yesterday\r\nPORT=3000\r\nAWS_SECRET_ACCESS_KEY=");
    expect(after.endsWith("\r\n")).toBe(false);
    const values = parse(after);
    expect(values.DATABASE_URL).toBe("postgres://x");
    expect(values.PORT).toBe("3000");
    expect(values.AWS_REGION).toBeUndefined(); // stg has no region
    expect(values.AWS_DEFAULT_REGION).toBeUndefined();
  });

  // The record (~/.aws/ssoenv/env-files/) names the file and the region written there: a file that
  // is gone needs none, and a machine's records would otherwise only ever grow.
  it("forgets the region it wrote for a .env file that no longer exists", async () => {
    const cwd = await freshProject();
    const recordedPaths = async () => {
      const folder = join(world.home, ".aws", "ssoenv", "env-files");
      const names = await readdir(folder).catch(() => [] as string[]);
      return Promise.all(
        names.map(async (name) => JSON.parse(await readFile(join(folder, name), "utf8")).path as string),
      );
    };
    const first = await world.run(["refresh", "--profile", "dev", "-e", "gone.env"], { cwd });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(await recordedPaths()).toContain(join(cwd, "gone.env"));
    await rm(join(cwd, "gone.env"));
    const second = await world.run(["refresh", "--profile", "dev", "-e", "kept.env"], { cwd });
    expect(second.exitCode, second.stderr).toBe(0);
    const paths = await recordedPaths();
    expect(paths).toContain(join(cwd, "kept.env"));
    expect(paths).not.toContain(join(cwd, "gone.env"));
  });

  // Reading every record costs ~0.2 s of CPU at 10,000: a refresh that added none (the same files
  // again) leaves them to the next one that adds one, which is when the folder grows.
  it("looks through the records only when it added one", async () => {
    const cwd = await freshProject();
    const folder = join(world.home, ".aws", "ssoenv", "env-files");
    const recordedPaths = async () =>
      Promise.all(
        (await readdir(folder)).map(
          async (name) => JSON.parse(await readFile(join(folder, name), "utf8")).path as string,
        ),
      );
    const refresh = async (...files: string[]) => {
      const result = await world.run(["refresh", "--profile", "dev", ...files.flatMap((f) => ["-e", f])], {
        cwd,
      });
      expect(result.exitCode, result.stderr).toBe(0);
    };
    await refresh("gone.env", "kept.env");
    await rm(join(cwd, "gone.env"));
    await refresh("kept.env");
    expect(await recordedPaths()).toContain(join(cwd, "gone.env"));
    await refresh("kept.env", "new.env");
    const paths = await recordedPaths();
    expect(paths).not.toContain(join(cwd, "gone.env"));
    expect(paths).toEqual(expect.arrayContaining([join(cwd, "kept.env"), join(cwd, "new.env")]));
  });

  it("removes the region it wrote when a file switches to a profile without one, and keeps a region set by hand", async () => {
    const cwd = await freshProject();
    const path = (name: string) => join(cwd, name);
    await writeFile(path("hand.env"), "AWS_REGION=us-west-2\n", { mode: 0o600 });
    const dev = await world.run(
      ["refresh", "--profile", "dev", "-e", "switched.env", "-e", "edited.env", "-e", "renamed.env"],
      { cwd },
    );
    expect(dev.exitCode, dev.stderr).toBe(0);
    expect(parse(await readFile(path("switched.env"))).AWS_REGION).toBe("eu-west-1");
    // Then the user sets another region by hand in one of them (AWS_REGION only).
    const edited = (await readFile(path("edited.env"), "utf8")).replace(
      /^AWS_REGION=.*$/m,
      "AWS_REGION=us-west-2",
    );
    await writeFile(path("edited.env"), edited);
    // And names another in ssoenv.toml with the region renamed.
    await writeFile(
      path("ssoenv.toml"),
      [
        'profile = "stg"',
        "[[env_files]]",
        'path = "renamed.env"',
        "[env_files.keys]",
        'AWS_REGION = "APP_REGION"',
      ].join("\n"),
    );

    for (let run = 0; run < 2; run++) {
      const stg = await world.run(
        ["refresh", "--profile", "stg", "-e", "switched.env", "-e", "hand.env", "-e", "edited.env"],
        { cwd },
      );
      expect(stg.exitCode, stg.stderr).toBe(0);
      // stg has no region: eu-west-1 was dev's, which ssoenv wrote; calls with stg's keys must not go there.
      const switched = parse(await readFile(path("switched.env")));
      expect(switched.AWS_ACCESS_KEY_ID).toMatch(KEY_ID);
      expect(switched.AWS_REGION).toBeUndefined();
      expect(switched.AWS_DEFAULT_REGION).toBeUndefined();
      // What the user wrote stays; what ssoenv wrote beside it goes.
      expect(parse(await readFile(path("hand.env")))).toMatchObject({ AWS_REGION: "us-west-2" });
      const values = parse(await readFile(path("edited.env")));
      expect(values.AWS_REGION).toBe("us-west-2");
      expect(values.AWS_DEFAULT_REGION).toBeUndefined();
    }
    // What ssoenv wrote goes under whatever names it wrote it.
    const renamed = await world.run(["refresh"], { cwd });
    expect(renamed.exitCode, renamed.stderr).toBe(0);
    const values = parse(await readFile(path("renamed.env")));
    expect(values.AWS_ACCESS_KEY_ID).toMatch(KEY_ID);
    expect(values.AWS_REGION).toBeUndefined();
    expect(values.AWS_DEFAULT_REGION).toBeUndefined();
  });

  it("writes the targets of ssoenv.toml with their profiles and renames, in parallel", async () => {
    const cwd = await freshProject();
    await mkdir(join(cwd, "apps", "api"), { recursive: true });
    await writeFile(
      join(cwd, "ssoenv.toml"),
      [
        'profile = "dev"',
        "[[env_files]]",
        'path = ".env"',
        "[[env_files]]",
        'path = "apps/api/.env"',
        'profile = "stg"',
        "[env_files.keys]",
        'AWS_ACCESS_KEY_ID = "S3_ACCESS_KEY_ID"',
        'AWS_SECRET_ACCESS_KEY = "S3_SECRET_ACCESS_KEY"',
      ].join("\n"),
    );
    const result = await world.run(["refresh", "--json"], { cwd: join(cwd, "apps") });
    expect(result.exitCode).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.files).toHaveLength(2);
    expect(summary.files[0]).toMatchObject({
      path: join(cwd, ".env"),
      profile: "dev",
      accountId: "111111111111",
    });
    expect(summary.files[1]).toMatchObject({
      path: join(cwd, "apps/api/.env"),
      profile: "stg",
      roleName: "ReadOnly",
    });
    const api = parse(await readFile(join(cwd, "apps/api/.env")));
    expect(api.S3_ACCESS_KEY_ID).toMatch(KEY_ID);
    expect(api.S3_SECRET_ACCESS_KEY).toBeTruthy();
    expect(api.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(api.AWS_SESSION_TOKEN).toBeTruthy();
    expect(parse(await readFile(join(cwd, ".env"))).AWS_ACCESS_KEY_ID).toMatch(KEY_ID);
  });

  it("keeps a credentials endpoint in a file whose keys are renamed (the SDK's own chain still uses it)", async () => {
    const cwd = await freshProject();
    await writeFile(
      join(cwd, "ssoenv.toml"),
      [
        'profile = "dev"',
        "[[env_files]]",
        'path = "renamed.env"',
        "[env_files.keys]",
        'AWS_ACCESS_KEY_ID = "S3_ACCESS_KEY_ID"',
        'AWS_SECRET_ACCESS_KEY = "S3_SECRET_ACCESS_KEY"',
        'AWS_SESSION_TOKEN = "S3_SESSION_TOKEN"',
        "[[env_files]]",
        'path = "plain.env"',
        // Named as itself: not a rename (a table that lists every name to rename only the region).
        "[[env_files]]",
        'path = "same.env"',
        "[env_files.keys]",
        'AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID"',
        'AWS_REGION = "APP_REGION"',
      ].join("\n"),
    );
    const endpoint =
      "AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:9/profiles/stg\nAWS_CONTAINER_AUTHORIZATION_TOKEN=t\n";
    for (const name of ["renamed.env", "plain.env", "same.env"]) {
      await writeFile(join(cwd, name), `APP=1\n${endpoint}`, { mode: 0o600 });
    }
    const result = await world.run(["refresh"], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const renamed = parse(await readFile(join(cwd, "renamed.env")));
    expect(renamed.S3_ACCESS_KEY_ID).toMatch(KEY_ID);
    expect(renamed.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(renamed.AWS_CONTAINER_CREDENTIALS_FULL_URI).toBe("http://127.0.0.1:9/profiles/stg");
    expect(renamed.AWS_CONTAINER_AUTHORIZATION_TOKEN).toBe("t");
    // Under the AWS names the keys win over the endpoint in every SDK: the endpoint goes.
    for (const name of ["plain.env", "same.env"]) {
      const plain = parse(await readFile(join(cwd, name)));
      expect(plain.AWS_ACCESS_KEY_ID, name).toMatch(KEY_ID);
      expect(plain.AWS_CONTAINER_CREDENTIALS_FULL_URI, name).toBeUndefined();
      expect(plain.AWS_CONTAINER_AUTHORIZATION_TOKEN, name).toBeUndefined();
    }
  });

  it("warns when a file it writes keys into sets AWS_PROFILE (the JS SDK would use that profile), keeping the line", async () => {
    const cwd = await freshProject();
    await writeFile(
      join(cwd, "ssoenv.toml"),
      [
        'profile = "dev"',
        "[[env_files]]",
        'path = "keys.env"',
        "[[env_files]]",
        'path = "renamed.env"',
        "[env_files.keys]",
        'AWS_ACCESS_KEY_ID = "S3_ACCESS_KEY_ID"',
        'AWS_SECRET_ACCESS_KEY = "S3_SECRET_ACCESS_KEY"',
      ].join("\n"),
    );
    await writeFile(join(cwd, "keys.env"), "APP=1\nexport AWS_PROFILE=stg\n", { mode: 0o600 });
    await writeFile(join(cwd, "renamed.env"), "AWS_PROFILE=stg\n", { mode: 0o600 });
    const result = await world.run(["refresh"], { cwd });
    // A profile name that is not ASCII is named as the file says it (UTF-8), not as bytes.
    const utf8 = await freshProject();
    await writeFile(join(utf8, ".env"), "AWS_PROFILE=caf\u00e9\n", { mode: 0o600 });
    const named = await world.run(["refresh", "--profile", "dev"], { cwd: utf8 });
    expect(named.stderr).toContain(`${join(utf8, ".env")} sets AWS_PROFILE="caf\u00e9": `);
    expect(result.exitCode, result.stderr).toBe(0);
    const keys = join(cwd, "keys.env");
    expect(result.stderr).toContain(`${keys} sets AWS_PROFILE=stg`);
    expect(result.stderr).toContain(`remove that line from ${keys}`);
    // The renamed keys are not in the SDK's chain: its AWS_PROFILE is the app's own choice.
    expect(result.stderr).not.toContain("renamed.env");
    expect(result.stderr.split("\n").filter((line) => line.includes("AWS_PROFILE"))).toHaveLength(1);
    const values = parse(await readFile(keys));
    expect(values.AWS_PROFILE).toBe("stg");
    expect(values.AWS_ACCESS_KEY_ID).toMatch(KEY_ID);
  });

  it("without a terminal, a refresh still waiting after SSOENV_PROGRESS_INTERVAL says what it waits for, in plain lines", async () => {
    const cwd = await freshProject();
    // Nothing cached: the role credentials are fetched, then the identity checked, each 1.5 s slow:
    // still waiting 1 s in.
    await rm(join(world.home, ".aws", "ssoenv", "credentials"), { recursive: true, force: true });
    for (const operation of ["GetRoleCredentials", "GetCallerIdentity"] as const) {
      world.emulator.faults.add({ operation, kind: "latency", latencyMs: 1_500, times: 1 });
    }
    const result = await world.run(["refresh", "--profile", "dev"], {
      cwd,
      env: { SSOENV_PROGRESS_INTERVAL: "1s" },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stderr.split("\n").filter(Boolean);
    expect(lines.length, result.stderr).toBeGreaterThanOrEqual(1);
    expect(lines[0]).toMatch(/^getting credentials for dev, \d+ s$/);
    // A loaded machine may still be writing the file at a later line: that line says so.
    for (const line of lines)
      expect(line).toMatch(/^(?:getting credentials for dev|writing \.env files: [01]\/1), \d+ s$/);
    // After the interval set (1 s), not the default 10 s, and not before: the first counts 1 s or more.
    const first = Number(/(\d+) s$/.exec(lines[0] ?? "")?.[1]);
    expect(first).toBeGreaterThanOrEqual(1);
    expect(first).toBeLessThan(10);
    expect(parse(await readFile(join(cwd, ".env"))).AWS_ACCESS_KEY_ID).toMatch(KEY_ID);
  });

  it("writes every --env-file given", async () => {
    const cwd = await freshProject();
    await mkdir(join(cwd, "a"));
    const result = await world.run(["refresh", "-p", "dev", "--env-file", "a/.env", "--env-file", "b.env"], {
      cwd,
    });
    expect(result.exitCode).toBe(0);
    expect(parse(await readFile(join(cwd, "a/.env"))).AWS_ACCESS_KEY_ID).toMatch(KEY_ID);
    expect(parse(await readFile(join(cwd, "b.env"))).AWS_ACCESS_KEY_ID).toMatch(KEY_ID);
  });

  it("warns when the file is not git-ignored, and when it is tracked", async () => {
    const cwd = await freshProject();
    const git = (...args: string[]) => execFileSync("git", args, { cwd, stdio: "ignore" });
    git("init", "-q");
    await writeFile(join(cwd, "tracked.env"), "FOO=1\n");
    await writeFile(join(cwd, "listed.env"), "FOO=1\n");
    git("add", "tracked.env", "listed.env");
    await writeFile(join(cwd, ".gitignore"), "ignored.env\nlisted.env\n.env.ö\n");
    const result = await world.run(
      ["refresh", "-p", "dev", "-e", "ignored.env", "-e", "loose.env", "-e", "tracked.env"].concat([
        "-e",
        "listed.env",
        "-e",
        ".env.ö",
      ]),
      { cwd },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(`${join(cwd, "loose.env")} is not git-ignored`);
    expect(result.stderr).toContain(`${join(cwd, "tracked.env")} is tracked by git`);
    expect(result.stderr).toContain(
      `${join(cwd, "listed.env")} is tracked by git although .gitignore lists it`,
    );
    expect(result.stderr).not.toContain("ignored.env is");
    expect(result.stderr).not.toContain(".env.ö is");
  });

  it("loses nothing when 10 refreshes run at once on the same files", async () => {
    const cwd = await freshProject();
    const original = "# keep\nKEEP=1\n";
    await writeFile(join(cwd, "one.env"), original);
    await writeFile(join(cwd, "two.env"), original);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        world.run(["refresh", "-p", i % 2 ? "dev" : "stg", "-e", "one.env", "-e", "two.env"], { cwd }),
      ),
    );
    for (const result of results) expect(result.exitCode).toBe(0);
    for (const file of ["one.env", "two.env"]) {
      const text = await readFile(join(cwd, file), "utf8");
      expect(text.startsWith(original)).toBe(true);
      const values = parse(text);
      expect(values.KEEP).toBe("1");
      expect(values.AWS_ACCESS_KEY_ID).toMatch(KEY_ID);
      // Each key once: no writer appended over another.
      expect(text.match(/^AWS_ACCESS_KEY_ID=/gm)).toHaveLength(1);
    }
  });

  it("refuses a read-only file with exit 2 and leaves it unchanged", async () => {
    const cwd = await freshProject();
    await writeFile(join(cwd, ".env"), "AWS_ACCESS_KEY_ID=old\n");
    await chmod(join(cwd, ".env"), 0o444);
    const result = await world.run(["refresh", "-p", "dev"], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${join(cwd, ".env")}: the file is read-only`);
    expect(await readFile(join(cwd, ".env"), "utf8")).toBe("AWS_ACCESS_KEY_ID=old\n");
  });

  it("refuses a file with lone-CR (old Mac) line ends with exit 2, naming it and the fix, and leaves it unchanged", async () => {
    const cwd = await freshProject();
    const before = "A=1\rAWS_ACCESS_KEY_ID=old\rB=2\r";
    await writeFile(join(cwd, ".env"), before);
    const result = await world.run(["refresh", "-p", "dev"], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${join(cwd, ".env")}: its lines end in a lone CR`);
    expect(result.stderr).toContain("LF");
    expect(await readFile(join(cwd, ".env"), "utf8")).toBe(before);
  });

  it("keeps the mode of an existing file and warns when others can read it", async () => {
    const cwd = await freshProject();
    await writeFile(join(cwd, ".env"), "FOO=1\n");
    await chmod(join(cwd, ".env"), 0o644);
    const result = await world.run(["refresh", "-p", "dev"], { cwd });
    expect(result.exitCode).toBe(0);
    expect((await stat(join(cwd, ".env"))).mode & 0o777).toBe(0o644);
    expect(result.stderr).toContain("readable by other users (mode 644): chmod 600");
  });

  it("refuses the same file listed twice with exit 2", async () => {
    const cwd = await freshProject();
    const result = await world.run(["refresh", "-p", "dev", "-e", ".env", "-e", "./.env"], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("is a refresh target twice");
    await expect(stat(join(cwd, ".env"))).rejects.toThrow();
  });

  it("refuses a folder given as --env-file with exit 2, naming the flag and a file in it, writing nothing", async () => {
    const cwd = await freshProject();
    await mkdir(join(cwd, "apps"));
    for (const given of ["apps", "newdir/"]) {
      const result = await world.run(["refresh", "-p", "dev", "-e", "ok.env", "--env-file", given], { cwd });
      expect(result.exitCode, given).toBe(2);
      expect(result.stderr.split("\n")[0], given).toBe(
        `ssoenv: --env-file ${given}: ${join(cwd, given.replace(/\/$/, ""))} is a folder, not a .env file`,
      );
      expect(result.stderr, given).toContain(`--env-file ${join(given, ".env")}`);
    }
    // Nothing written: not the good target, not a file named after the folder.
    await expect(stat(join(cwd, "ok.env"))).rejects.toThrow();
    await expect(stat(join(cwd, "newdir"))).rejects.toThrow();
  });

  it("refuses an ssoenv.toml path written as a folder with exit 2, naming the entry, writing nothing", async () => {
    const cwd = await freshProject();
    await writeFile(
      join(cwd, "ssoenv.toml"),
      'profile = "dev"\n[[env_files]]\npath = "ok.env"\n[[env_files]]\npath = "web/"\n',
    );
    const result = await world.run(["refresh"], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${join(cwd, "ssoenv.toml")}:5: env_files[1].path "web/"`);
    expect(result.stderr).toContain("is a folder, not a .env file");
    expect(result.stderr).toContain('path = "web/.env"');
    await expect(stat(join(cwd, "ok.env"))).rejects.toThrow();
    await expect(stat(join(cwd, "web"))).rejects.toThrow();
  });

  it("says a folder standing where ssoenv.toml names a file is a folder, and the file to name instead", async () => {
    const cwd = await freshProject();
    await mkdir(join(cwd, "apps"));
    await writeFile(join(cwd, "ssoenv.toml"), 'profile = "dev"\n[[env_files]]\npath = "apps"\n');
    const result = await world.run(["refresh"], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `ssoenv: cannot write ${join(cwd, "apps")}: it is a folder, not a .env file`,
    );
    expect(result.stderr).toContain(`hint: name a file in it, e.g. ${join(cwd, "apps", ".env")}`);
  });

  it("refuses two targets that are one file through a symlink with exit 2, writing nothing", async () => {
    const cwd = await freshProject();
    await mkdir(join(cwd, "apps"));
    await symlink("apps/app.env", join(cwd, "link.env"));
    await writeFile(
      join(cwd, "ssoenv.toml"),
      'profile = "dev"\n[[env_files]]\npath = "link.env"\nprofile = "stg"\n[[env_files]]\npath = "apps/app.env"\n',
    );
    const result = await world.run(["refresh"], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      `ssoenv: ${join(cwd, "apps/app.env")} is a refresh target twice (also as ${join(cwd, "link.env")})`,
    );
    await expect(stat(join(cwd, "apps/app.env"))).rejects.toThrow();
  });

  it("refuses a missing folder with exit 2", async () => {
    const cwd = await freshProject();
    const result = await world.run(["refresh", "-p", "dev", "-e", "missing/.env"], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("missing/.env");
    expect(result.stderr).toContain("mkdir -p");
  });

  it("names a folder the system refuses (not a bug to report): exit 1, the file not written", async () => {
    const other = await startCliWorld();
    try {
      await other.logIn();
      // The endpoint needs ssoenv's state folder. As a user meets it: owned by root after a `sudo
      // ssoenv` (EACCES). chmod does not stop root, so as root a file stands where the folder should be.
      const state = join(other.home, ".aws", "ssoenv");
      const asRoot = process.getuid?.() === 0;
      if (asRoot) {
        await rm(state, { recursive: true, force: true });
        await writeFile(state, "");
      } else {
        await mkdir(state, { recursive: true });
        await chmod(state, 0o500);
      }
      await writeFile(
        join(other.project, "ssoenv.toml"),
        'profile = "dev"\n[[env_files]]\npath = "app.env"\ncredentials = "endpoint"\n',
      );
      const result = await other.run(["refresh"]);
      if (!asRoot) await chmod(state, 0o700);
      expect(result.stderr).not.toContain("please report");
      expect(result.stderr).toContain(`${state}${sep}serve: ${asRoot ? "ENOTDIR" : "EACCES"}`);
      expect(result.exitCode).toBe(1);
      await expect(stat(join(other.project, "app.env"))).rejects.toThrow();
    } finally {
      await other.stop();
    }
  });

  it("exits 3 without a session and writes nothing", async () => {
    const other = await startCliWorld();
    try {
      const result = await other.run(["refresh", "-p", "dev"]);
      expect(result.exitCode).toBe(3);
      await expect(stat(join(other.project, ".env"))).rejects.toThrow();
    } finally {
      await other.stop();
    }
  });
});

describe("ssoenv refresh and the sign-in's end", () => {
  it("says when the sign-in ends, once per session, when ssoenv knows it", async () => {
    const cwd = await freshProject();
    const quiet = await world.run(["refresh", "--profile", "dev"], { cwd });
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stdout).not.toContain("SSO sign-in");
    await writeSignInRecord({
      profile: { ssoSession: "corp", startUrl: world.emulator.startUrl },
      env: world.env,
      signedInAt: new Date(Date.now() - 3 * 3_600_000),
    });
    await writeFile(
      join(cwd, "ssoenv.toml"),
      'profile = "dev"\n[[env_files]]\npath = "a.env"\n[[env_files]]\npath = "b.env"\nprofile = "stg"\n',
    );
    const result = await world.run(["refresh"], { cwd });
    expect(result.exitCode).toBe(0);
    // dev and stg share the sso-session: one line; AWS's default 8 h, signed in 3 h ago.
    expect(result.stdout).toMatch(
      /^SSO sign-in of dev, stg ends (?:\w{3} \d{1,2} \w{3} )?\d\d:\d\d \(4h (59m|58m|\d+m)? ?left\)$/m,
    );
    expect(result.stdout.match(/SSO sign-in/g)).toHaveLength(1);
    const json = JSON.parse((await world.run(["refresh", "--json"], { cwd })).stdout);
    expect(Date.parse(json.files[0].sessionEndsAt) - Date.now()).toBeGreaterThan(4.9 * 3_600_000);
  });
});

describe("ssoenv refresh and the sign-in's end, for many profiles", () => {
  it("names three of the profiles sharing the sign-in and counts the others, on one short line", async () => {
    const cwd = await freshProject();
    await writeSignInRecord({
      profile: { ssoSession: "corp", startUrl: world.emulator.startUrl },
      env: world.env,
      signedInAt: new Date(Date.now() - 3 * 3_600_000),
    });
    const more = ["svc1", "svc2", "svc3", "svc4"];
    await appendFile(
      world.configPath,
      more
        .map(
          (name) =>
            `\n[profile ${name}]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n`,
        )
        .join(""),
    );
    const entries = ["dev", "stg", ...more].map(
      (profile) => `[[env_files]]\npath = "${profile}.env"\nprofile = "${profile}"\n`,
    );
    await writeFile(join(cwd, "ssoenv.toml"), entries.join(""));
    const result = await world.run(["refresh"], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^SSO sign-in of dev, stg, svc1 and 3 more ends .+ left\)$/m);
    expect(result.stdout.match(/SSO sign-in/g)).toHaveLength(1);
  });
});

describe("ssoenv refresh through the built binary, over the .env edge-case table", () => {
  const OURS = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
  ];

  it(`writes fresh credentials into all ${ENV_EDGE_CASES.length} edge-case files in one run, every other line kept`, async () => {
    const cwd = await freshProject();
    const files = ENV_EDGE_CASES.map((edge, i) => ({ edge, path: join(cwd, `case-${i}.env`) }));
    for (const { edge, path } of files) if (edge.before !== undefined) await writeFile(path, edge.before);
    const result = await world.run([
      "refresh",
      "--profile",
      "dev",
      ...files.flatMap(({ path }) => ["--env-file", path]),
    ]);
    expect(result.exitCode, result.stderr).toBe(0);

    let written: Record<string, string> | undefined;
    for (const { edge, path } of files) {
      const before = edge.before === undefined ? Buffer.alloc(0) : Buffer.from(edge.before);
      const after = await readFile(path);
      const values = parse(after);
      // One session, so every file holds the same credentials…
      written ??= Object.fromEntries(OURS.map((key) => [key, values[key] ?? ""]));
      for (const key of OURS) expect(values[key], `${edge.name}: ${key}`).toBe(written[key]);
      // …every other key reads as it did…
      for (const [key, value] of Object.entries(parse(before)))
        if (!OURS.includes(key)) expect(values[key], `${edge.name}: ${key}`).toBe(value);
      // …and every line that is not about our keys is still there, in order, byte for byte.
      const afterLines = after.toString("latin1").split("\n");
      let at = 0;
      for (const line of before.toString("latin1").split("\n")) {
        if (OURS.some((key) => line.includes(key))) continue;
        const found = afterLines.indexOf(line, at);
        expect(found, `${edge.name}: line ${JSON.stringify(line)} kept`).toBeGreaterThanOrEqual(0);
        at = found + 1;
      }
    }
    expect(written?.AWS_ACCESS_KEY_ID).toMatch(KEY_ID);
    // The keys the files hold are the ones STS accepts (the emulator checks the SigV4 signature).
    const sts = new STSClient({
      region: "eu-west-1",
      endpoint: world.emulator.url,
      credentials: {
        accessKeyId: written?.AWS_ACCESS_KEY_ID ?? "",
        secretAccessKey: written?.AWS_SECRET_ACCESS_KEY ?? "",
        sessionToken: written?.AWS_SESSION_TOKEN ?? "",
      },
    });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe("111111111111");
    // And the summary never shows them.
    expect(result.stdout + result.stderr).not.toContain(written?.AWS_SECRET_ACCESS_KEY ?? "-");
  });
});
