import { execFile } from "node:child_process";
import { chmod, mkdir, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { generateAccounts } from "@ssoenv/emulator";
import { beforeEach, describe, expect, it } from "vitest";
import { AWS_CLI_V2, skipWithoutAwsCliV2 } from "../../packages/core/src/test-support/aws-cli.js";
import { writeAwsCli222 } from "./support/aws-cli-v2.js";
import { CLI_COMMAND, type CliWorld } from "./support/cli-world.js";
import { hasScript } from "./support/has-script.js";
import { useCliWorld } from "./support/use-cli-world.js";

if (!hasScript)
  console.warn("`script` (util-linux) is missing: the profiles sync tests that need a terminal are skipped");

/** 7 accounts x 3 roles; the emulator pages them 2 at a time, so every list takes several pages. */
const ORG = generateAccounts({ count: 7, roles: 3 });

const world = useCliWorld({ emulator: { accounts: ORG, pageSize: 2 } });
beforeEach(async () => {
  world.emulator.setAccounts(ORG);
  world.emulator.setTraffic({});
  world.emulator.faults.clear();
  world.emulator.resetStats();
  await writeFile(world.configPath, baseConfig());
  await world.logIn();
});

/** A hand-written config: comments, odd spacing, a profile of its own for svc-001 production's admin role. */
function baseConfig(eol = "\n", on: CliWorld = world): string {
  return [
    "# my AWS config, by hand",
    "[default]",
    "region   =   eu-central-1   ; keep this spacing",
    "",
    "[sso-session corp]",
    `sso_start_url = ${on.emulator.startUrl}`,
    `sso_region = ${on.emulator.region}`,
    "sso_registration_scopes = sso:account:access",
    "",
    "[profile mine]",
    "sso_session = corp",
    "sso_account_id = 100000000001",
    "sso_role_name = AdministratorAccess",
    "region = eu-west-1",
    "",
  ].join(eol);
}

const readConfig = () => readFile(world.configPath, "utf8");
/**
 * stderr without the plain progress lines a sync prints every 10 s without a terminal: a loaded
 * machine (CI's two cores running test files side by side) can stretch a sync past 10 s, and the
 * lines would come before the warning or error a case checks (first line, exact text).
 */
const withoutProgressLines = (stderr: string) =>
  stderr
    .split("\n")
    .filter(
      (line) =>
        !/^sso-session \S+: (?:accounts \d+\/\d+|listing accounts \(\d+ so far\))(?: \(\d+ retried\))?, \d+ s$/.test(
          line,
        ),
    )
    .join("\n");
/** `ssoenv profiles sync ARGS`, its stderr without progress lines (the 10 s cases read them). */
const sync = async (...args: string[]) => {
  const result = await world.run(["profiles", "sync", ...args]);
  return { ...result, stderr: withoutProgressLines(result.stderr) };
};

/** Profile names inside the generated block of `session`. */
function generatedNames(text: string, session = "corp"): string[] {
  const begin = text.indexOf(`# BEGIN ssoenv generated profiles: sso-session ${session}`);
  const end = text.indexOf(`# END ssoenv generated profiles: sso-session ${session}`);
  if (begin < 0 || end < 0) return [];
  return [...text.slice(begin, end).matchAll(/^\[profile (.+)\]\r?$/gm)].map((m) => m[1] as string);
}

describe("ssoenv profiles sync", () => {
  it("writes a profile for every account x role of every page, in a marked block, leaving the rest byte for byte", async () => {
    const before = baseConfig();
    const result = await sync();
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const after = await readConfig();
    // everything before the block is the old file, untouched; the block is appended after a blank line
    expect(after.startsWith(before)).toBe(true);
    const names = generatedNames(after);
    expect(names).toHaveLength(7 * 3 - 1);
    expect(names).toContain("svc-001-production.ReadOnlyAccess");
    expect(names).toContain("svc-004-production.PowerUserAccess");
    // the role "mine" already has is not generated again
    expect(names).not.toContain("svc-001-production.AdministratorAccess");
    expect(after).toContain(
      [
        "[profile svc-002-staging.ReadOnlyAccess]",
        "sso_session = corp",
        "sso_account_id = 100000000004",
        "sso_role_name = ReadOnlyAccess",
        "ssoenv_account_name = svc-002 staging",
      ].join("\n"),
    );
    expect(result.stdout).toContain(
      "sso-session corp: 20 added, 0 unchanged, 0 lost access, 1 left to your own profiles",
    );
    // every page was read: 4 pages of accounts, 2 pages of roles for each of the 7 accounts
    expect(world.emulator.stats().byOperation).toMatchObject({ ListAccounts: 4, ListAccountRoles: 14 });
  });

  it("a second run with nothing changed writes the same bytes (the file is not even rewritten)", async () => {
    expect((await sync()).exitCode).toBe(0);
    const first = await readFile(world.configPath);
    const firstStat = await stat(world.configPath);
    const again = await sync();
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain("0 added, 20 unchanged, 0 lost access");
    expect(again.stdout).toContain("(no change)");
    expect((await readFile(world.configPath)).equals(first)).toBe(true);
    expect((await stat(world.configPath)).ino).toBe(firstStat.ino);
  });

  it("keeps the keys you add to a generated profile (as aws configure set does), also when it is renamed", async () => {
    expect((await sync()).exitCode).toBe(0);
    // what `aws configure set output json --profile svc-002-staging.ReadOnlyAccess` (and s3 ...) append
    const added = ["output = json", "s3 =", "  max_concurrent_requests = 20", "cli_pager ="];
    const edited = (await readConfig()).replace(
      "ssoenv_account_name = svc-002 staging\n\n[profile svc-002-staging.ReadOnlyAccess]\nsso_session = corp\nsso_account_id = 100000000004\nsso_role_name = ReadOnlyAccess\nssoenv_account_name = svc-002 staging\n",
      `ssoenv_account_name = svc-002 staging\n\n[profile svc-002-staging.ReadOnlyAccess]\nsso_session = corp\nsso_account_id = 100000000004\nsso_role_name = ReadOnlyAccess\nssoenv_account_name = svc-002 staging\n${added.join("\n")}\n`,
    );
    expect(edited).toContain("max_concurrent_requests");
    await writeFile(world.configPath, edited);
    const dry = await sync("--dry-run");
    expect(dry.stdout).toBe(
      "sso-session corp: 0 added, 20 unchanged, 0 lost access, 1 left to your own profiles (dry run, nothing written)\n",
    );
    expect((await sync()).stdout).toContain("(no change)");
    expect(await readConfig()).toBe(edited);
    // the account is renamed: the profile is too, with your keys
    world.emulator.setAccounts(
      ORG.map((a) => (a.accountId === "100000000004" ? { ...a, accountName: "svc-002 stage" } : a)),
    );
    expect((await sync()).exitCode).toBe(0);
    expect(await readConfig()).toContain(
      `[profile svc-002-stage.ReadOnlyAccess]\nsso_session = corp\nsso_account_id = 100000000004\nsso_role_name = ReadOnlyAccess\nssoenv_account_name = svc-002 stage\n${added.join("\n")}\n`,
    );
  });

  // The warning names the section as `aws configure` writes it: [default] for the default profile.
  it.each(["[profile deploy]", "[default]"])(
    "an account renamed in Identity Center: each profile renamed is named, and a profile of yours chained on it (%s) is warned about",
    async (section) => {
      expect((await sync()).exitCode).toBe(0);
      const chain =
        "role_arn = arn:aws:iam::100000000004:role/deploy\nsource_profile = svc-002-staging.ReadOnlyAccess\n";
      const config = await readConfig();
      // The file has a [default] already (a region): the chain goes into it.
      await writeFile(
        world.configPath,
        config.includes(`${section}\n`)
          ? config.replace(`${section}\n`, `${section}\n${chain}`)
          : `${config}\n${section}\n${chain}`,
      );
      world.emulator.setAccounts(
        ORG.map((a) => (a.accountId === "100000000004" ? { ...a, accountName: "svc-002 stage" } : a)),
      );
      const result = await sync();
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain("0 added, 17 unchanged, 3 updated, 0 lost access");
      expect(result.stdout).toContain(
        "  renamed: svc-002-staging.ReadOnlyAccess -> svc-002-stage.ReadOnlyAccess (account 100000000004 svc-002 stage)\n",
      );
      expect(result.stdout.match(/ {2}renamed: /g)).toHaveLength(3);
      expect(result.stderr).toBe(
        `warning: ${section} in ${world.configPath} has source_profile = svc-002-staging.ReadOnlyAccess, which is now svc-002-stage.ReadOnlyAccess: update it\n`,
      );
    },
  );

  it("an [sso-session] renamed in the file: its sync takes over the block of the old name, with its names, template, region and your lines", async () => {
    expect(
      (await sync("--name-template", "{account_id}-{role_name}", "--region", "eu-west-1")).exitCode,
    ).toBe(0);
    // a line of yours in a generated profile (aws configure set output json --profile ...)
    const withLine = (await readConfig()).replace(
      "sso_role_name = ReadOnlyAccess\nregion = eu-west-1\nssoenv_account_name = svc-002 staging\n",
      "sso_role_name = ReadOnlyAccess\nregion = eu-west-1\nssoenv_account_name = svc-002 staging\noutput = json\n",
    );
    expect(withLine).toContain("output = json");
    const before = generatedNames(withLine);
    // renamed above the block, as `aws configure sso-session` with a new name and a find-and-replace leave it
    const begin = withLine.indexOf("# BEGIN ssoenv");
    await writeFile(
      world.configPath,
      withLine.slice(0, begin).replaceAll("corp", "acme") + withLine.slice(begin),
    );
    await world.logIn({ ssoSession: "acme" });

    const result = await sync();
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      `sso-session acme: 0 added, 0 unchanged, 20 updated, 0 lost access, 1 left to your own profiles (written to ${world.configPath})\n`,
    );
    expect(result.stdout).toContain(
      `  took over the generated block of sso-session corp, which ${world.configPath} no longer has (renamed?)\n`,
    );
    const after = await readConfig();
    expect(generatedNames(after, "acme")).toEqual(before);
    expect(after).not.toContain("corp");
    expect(after).toContain("# ssoenv name template: {account_id}-{role_name}");
    expect(after).toContain(
      "[profile 100000000004-ReadOnlyAccess]\nsso_session = acme\nsso_account_id = 100000000004\nsso_role_name = ReadOnlyAccess\nregion = eu-west-1\nssoenv_account_name = svc-002 staging\noutput = json\n",
    );
    expect((await sync()).stdout).toContain(
      "sso-session acme: 0 added, 20 unchanged, 0 lost access, 1 left to your own profiles (no change)",
    );
  });

  it("a block whose [sso-session] the file no longer has, and no sso-session to take it over: a warning with the command that deletes it", async () => {
    expect((await sync()).exitCode).toBe(0);
    const text = await readConfig();
    // a name with /, $ and @, which a perl pattern would read as its end, a variable and an array
    const dead = text
      .slice(text.indexOf("# BEGIN ssoenv"))
      .replaceAll("sso-session corp", "sso-session old/$team@corp")
      .replaceAll("sso_session = corp", "sso_session = old/$team@corp")
      .replaceAll("[profile ", "[profile old-");
    await writeFile(world.configPath, `${text}\n${dead}`);
    const result = await sync();
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("(no change)");
    const warning = `warning: the generated block of sso-session old/$team@corp in ${world.configPath} belongs to an sso-session the file no longer has: its 20 profiles do not work. Add [sso-session old/$team@corp] back, or delete the block: `;
    expect(result.stderr.startsWith(warning)).toBe(true);
    expect(result.stderr.split("\n")).toHaveLength(2);
    // the command it gives deletes that block and nothing else
    const command = result.stderr.slice(warning.length).trim();
    await new Promise<void>((resolve, reject) =>
      execFile("sh", ["-c", command], (error) => (error ? reject(error) : resolve())),
    );
    expect(await readConfig()).toBe(`${text}\n`);
    expect((await sync()).stderr).toBe("");
  });

  it("a comment you write in the block stays; a second profile for one role there is refused, nothing lost", async () => {
    expect((await sync()).exitCode).toBe(0);
    const header = "[profile svc-002-staging.ReadOnlyAccess]";
    const noted = (await readConfig()).replace(header, `# staging: ask #team-data first\n${header}`);
    await writeFile(world.configPath, noted);
    const kept = await sync();
    expect(kept.exitCode).toBe(0);
    expect(await readConfig()).toContain(
      `${header}\nsso_session = corp\nsso_account_id = 100000000004\nsso_role_name = ReadOnlyAccess\nssoenv_account_name = svc-002 staging\n# staging: ask #team-data first\n`,
    );

    // The same role pasted in the block under another name, with a key of its own.
    const end = "# END ssoenv generated profiles: sso-session corp";
    const pasted = (await readConfig()).replace(
      end,
      `\n[profile staging]\nsso_session = corp\nsso_account_id = 100000000004\nsso_role_name = ReadOnlyAccess\noutput = json\n${end}`,
    );
    await writeFile(world.configPath, pasted);
    const line = pasted.split("\n").indexOf("[profile staging]") + 1;
    world.emulator.resetStats();
    const refused = await sync();
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr.split("\n")[0]).toBe(
      `ssoenv: ${world.configPath} line ${line}: [profile staging] is a second profile for account 100000000004 role ReadOnlyAccess in the generated block of sso-session corp (the first: ${header}, line ${pasted.split("\n").indexOf(header) + 1}); profiles sync would keep only one`,
    );
    expect(refused.stderr).toContain(`move it below the "${end}" line`);
    expect(await readConfig()).toBe(pasted);
    expect(world.emulator.stats().byOperation.ListAccounts ?? 0).toBe(0);
  });

  it("what you write below the END line after a blank line or a comment stays where it is", async () => {
    expect((await sync()).exitCode).toBe(0);
    const text = `${await readConfig()}\n# my notes\nstray = 1\n[profile later]\nregion = us-west-2\n`;
    await writeFile(world.configPath, text);
    expect((await sync()).stdout).toContain("(no change)");
    expect(await readConfig()).toBe(text);
  });

  it("keeps CRLF line endings, comments, spacing and order outside the block, and the file's mode", async () => {
    const before = `${baseConfig("\r\n")}[profile after-block]\r\nregion = us-west-2`; // no final newline
    await writeFile(world.configPath, before);
    await chmod(world.configPath, 0o640);
    expect((await sync()).exitCode).toBe(0);
    const after = await readConfig();
    expect(after.startsWith(`${before}\r\n\r\n# BEGIN ssoenv generated profiles: sso-session corp`)).toBe(
      true,
    );
    expect(after.replace(/\r\n/g, "")).not.toContain("\n");
    expect((await stat(world.configPath)).mode & 0o777).toBe(0o640);
    // the next sync rewrites the block in place: the text around it stays as it is
    world.emulator.setAccounts(generateAccounts({ count: 2, roles: 1 }));
    expect((await sync("--prune")).exitCode).toBe(0);
    const pruned = await readConfig();
    expect(pruned.startsWith(`${before}\r\n\r\n# BEGIN`)).toBe(true);
    expect(generatedNames(pruned)).toEqual(["svc-001-staging.AdministratorAccess"]);
    expect(pruned.endsWith("# END ssoenv generated profiles: sso-session corp\r\n")).toBe(true);
  });

  it("a profile of your own for a generated role takes it over: the generated one leaves the block, and the summary says so", async () => {
    expect((await sync()).exitCode).toBe(0);
    await writeFile(
      world.configPath,
      `${await readConfig()}\n[profile my-staging-admin]\nsso_session = corp\nsso_account_id = 100000000002\nsso_role_name = AdministratorAccess\n`,
    );
    const result = await sync();
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      "sso-session corp: 0 added, 19 unchanged, 0 lost access, 1 taken over by your own profiles, 2 left to your own profiles (written to ",
    );
    expect(result.stdout).toContain(
      "  taken over: svc-001-staging.AdministratorAccess (account 100000000002 svc-001 staging, role AdministratorAccess): removed from the block, your own profile has its role\n",
    );
    expect(generatedNames(await readConfig())).not.toContain("svc-001-staging.AdministratorAccess");
  });

  it("adds access granted since the last run; reports access removed and removes it only with --prune", async () => {
    expect((await sync()).exitCode).toBe(0);
    const [first, , ...rest] = ORG; // svc-001 staging loses all three roles
    const changed = [
      { ...(first as (typeof ORG)[number]), roles: ["AdministratorAccess", "ReadOnlyAccess", "Billing"] },
      ...rest,
      { accountId: "999999999999", accountName: "Payments (Prod) #1", roles: ["Deploy"] },
    ];
    world.emulator.setAccounts(changed);
    const result = await sync();
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("sso-session corp: 2 added, 16 unchanged, 4 lost access");
    expect(result.stdout).toMatch(
      /lost access: svc-001-staging\.ReadOnlyAccess \(account 100000000002 svc-001 staging, role ReadOnlyAccess\): kept/,
    );
    expect(result.stdout).toContain("run with --prune to remove the 4 lost profile(s)");
    let text = await readConfig();
    expect(generatedNames(text)).toContain("Payments-Prod-1.Deploy");
    expect(generatedNames(text)).toContain("svc-001-production.Billing");
    expect(generatedNames(text)).toContain("svc-001-staging.ReadOnlyAccess"); // kept without --prune

    const dry = await sync("--prune", "--dry-run");
    expect(dry.stdout).toMatch(/lost access: svc-001-staging\.ReadOnlyAccess \(.*\): would be removed\n/);
    const pruned = await sync("--prune");
    expect(pruned.exitCode).toBe(0);
    expect(pruned.stdout).toContain("0 added, 18 unchanged, 4 lost access, 4 removed");
    expect(pruned.stdout).toMatch(/lost access: svc-001-staging\.ReadOnlyAccess \(.*\): removed\n/);
    expect(pruned.stdout).not.toContain("kept");
    text = await readConfig();
    expect(generatedNames(text)).not.toContain("svc-001-staging.ReadOnlyAccess");
    expect(generatedNames(text)).not.toContain("svc-001-production.PowerUserAccess");
    expect(generatedNames(text)).toHaveLength(18);
  });

  it("--dry-run prints the diff and writes nothing", async () => {
    const before = await readFile(world.configPath);
    const result = await sync("--dry-run");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`--- ${world.configPath}`);
    expect(result.stdout).toContain("+# BEGIN ssoenv generated profiles: sso-session corp");
    expect(result.stdout).toContain("+[profile svc-003-staging.PowerUserAccess]");
    expect(result.stdout).toContain("(dry run, nothing written)");
    expect((await readFile(world.configPath)).equals(before)).toBe(true);
    expect(
      (await readdir(join(world.home, ".aws"))).filter((f) => f.includes(".tmp") || f.endsWith(".lock")),
    ).toEqual([]);
  });

  it("--region sets region in every generated profile; a later run without it keeps it", async () => {
    expect((await sync("--region", "eu-west-1")).exitCode).toBe(0);
    const text = await readConfig();
    expect(text.match(/^region = eu-west-1$/gm)).toHaveLength(20 + 1); // + the hand-written "mine"
    const again = await sync();
    expect(again.stdout).toContain("20 unchanged");
    expect(await readConfig()).toBe(text);
  });

  // `aws --profile P` takes the region from P (or AWS_REGION), never from [default]: a generated
  // profile without one fails every AWS CLI call with "You must specify a region".
  it("a sync that adds profiles without a region says so, and how to give them one; with --region it says nothing", async () => {
    const first = await sync();
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain(
      '  the 20 added profile(s) have no region: `aws --profile P` then fails ("You must specify a region") unless AWS_REGION is set; give them one: ssoenv profiles sync --region <region>',
    );
    const withRegion = await sync("--region", "eu-west-1");
    expect(withRegion.exitCode).toBe(0);
    expect(withRegion.stdout).not.toContain("no region");
  });

  it("--region takes every region name doctor takes (eusc-de-east-1, the European Sovereign Cloud)", async () => {
    expect((await sync("--region", "eusc-de-east-1")).exitCode).toBe(0);
    expect((await readConfig()).match(/^region = eusc-de-east-1$/gm)).toHaveLength(20);
  });

  it("--name-template and --region hold for the next syncs without them: no rename, new profiles get both", async () => {
    expect(
      (await sync("--name-template", "{account_id}_{role_name}", "--region", "eu-west-1")).exitCode,
    ).toBe(0);
    const first = await readConfig();
    expect(generatedNames(first)).toContain("100000000003_ReadOnlyAccess");
    const again = await sync();
    expect(again.stdout).toContain("0 added, 20 unchanged, 0 lost access");
    expect(await readConfig()).toBe(first);
    // a new account: its profile gets the template's name and the region
    world.emulator.setAccounts([
      ...ORG,
      { accountId: "999999999999", accountName: "new", roles: ["Deploy"] },
    ]);
    expect((await sync()).stdout).toContain("1 added, 20 unchanged");
    expect(await readConfig()).toContain(
      "[profile 999999999999_Deploy]\nsso_session = corp\nsso_account_id = 999999999999\nsso_role_name = Deploy\nregion = eu-west-1\n",
    );
    // the default template, asked for, is the default again
    expect((await sync("--name-template", "{account_name}.{role_name}")).exitCode).toBe(0);
    expect(generatedNames(await readConfig())).toContain("new.Deploy");
    expect((await sync()).stdout).toContain("0 added, 21 unchanged");
    expect(generatedNames(await readConfig())).toContain("new.Deploy");
  });

  it("--name-template and the sso-session's ssoenv_profile_name_template set the names", async () => {
    expect((await sync("--name-template", "{account_id}_{role_name}")).exitCode).toBe(0);
    expect(generatedNames(await readConfig())).toContain("100000000003_ReadOnlyAccess");
    await writeFile(
      world.configPath,
      baseConfig().replace(
        "sso_registration_scopes = sso:account:access",
        "sso_registration_scopes = sso:account:access\nssoenv_profile_name_template = {sso_session}/{account_name}/{role_name}",
      ),
    );
    expect((await sync()).exitCode).toBe(0);
    expect(generatedNames(await readConfig())).toContain("corp-svc-002-staging-ReadOnlyAccess");
  });

  // [default] and [profile default] are both the default profile to the AWS CLI and the SDKs: the
  // clash names the section as the file has it.
  it.for(["[default]", "[profile default]"])(
    "a template that names a profile default clashes with the hand-written %s, named as the file has it",
    async (header) => {
      await writeFile(world.configPath, baseConfig().replace("[default]", header));
      world.emulator.setAccounts([{ accountId: "500000000001", accountName: "default", roles: ["Dev"] }]);
      const result = await sync("--name-template", "{account_name}");
      expect(result.exitCode).toBe(2);
      expect(result.stderr.split("\n")[0]).toBe(
        `ssoenv: --name-template '{account_name}' gives two profiles the name "default" (account 500000000001 role Dev and ${header} in ${world.configPath})`,
      );
    },
  );

  it("account names: accents lose their marks (ß is ss), and a name with no Latin letter at all gives way to the account id", async () => {
    world.emulator.setAccounts([
      { accountId: "400000000001", accountName: "Prod EU (Zürich)", roles: ["AdministratorAccess"] },
      { accountId: "400000000002", accountName: "本番", roles: ["AdministratorAccess", "ReadOnly"] },
      { accountId: "400000000003", accountName: "Société Générale-", roles: ["ReadOnly"] },
      // letters with no accent to drop are spelt as in ASCII, not cut ("Stra-e")
      { accountId: "400000000004", accountName: "Straße Øst Łódź", roles: ["ReadOnly"] },
    ]);
    expect((await sync()).exitCode).toBe(0);
    expect(generatedNames(await readConfig()).sort()).toEqual([
      "400000000002.AdministratorAccess",
      "400000000002.ReadOnly",
      "Prod-EU-Zurich.AdministratorAccess",
      "Societe-Generale.ReadOnly",
      "Strasse-Ost-Lodz.ReadOnly",
    ]);
  });

  it("with the default template, two accounts of one name get their account ids appended; names then stay", async () => {
    const twins = [
      { accountId: "300000000001", accountName: "sandbox", roles: ["Dev"] },
      { accountId: "300000000002", accountName: "sandbox", roles: ["Dev"] },
    ];
    world.emulator.setAccounts([
      { accountId: "300000000009", accountName: "shared", roles: ["Dev"] },
      twins[0] as (typeof twins)[number],
    ]);
    expect((await sync()).exitCode).toBe(0);
    expect(generatedNames(await readConfig())).toEqual(["sandbox.Dev", "shared.Dev"]);
    // a second "sandbox" appears: the existing profile keeps its name, the new one gets its id
    world.emulator.setAccounts([
      ...twins,
      { accountId: "300000000009", accountName: "shared", roles: ["Dev"] },
    ]);
    expect((await sync()).exitCode).toBe(0);
    expect(generatedNames(await readConfig())).toEqual([
      "sandbox.Dev",
      "sandbox.Dev-300000000002",
      "shared.Dev",
    ]);
    // on a fresh file both twins get their ids: neither is more "the" sandbox than the other
    await writeFile(world.configPath, baseConfig());
    expect((await sync()).exitCode).toBe(0);
    expect(generatedNames(await readConfig())).toEqual([
      "sandbox.Dev-300000000001",
      "sandbox.Dev-300000000002",
      "shared.Dev",
    ]);
  });

  it("runs list requests in parallel and rides out throttling (429) and server errors (5xx) with retries", async () => {
    world.emulator.setAccounts(generateAccounts({ count: 40, roles: 1 }));
    world.emulator.setTraffic({ requestsPerSecond: 40, burst: 5, latencyMs: 20 });
    world.emulator.faults.add({ operation: "ListAccountRoles", kind: "server-error", times: 3 });
    world.emulator.resetStats();
    const result = await sync();
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("39 added"); // + svc-001 production's admin role, which "mine" has
    const stats = world.emulator.stats();
    expect(stats.throttled).toBeGreaterThan(0);
    // every page and account was asked at least once more than it was refused
    expect(stats.byOperation.ListAccounts).toBeGreaterThanOrEqual(20);
    expect(stats.byOperation.ListAccountRoles).toBeGreaterThanOrEqual(40 + 3);
    expect(stats.total).toBe(
      (stats.byOperation.ListAccounts ?? 0) + (stats.byOperation.ListAccountRoles ?? 0),
    );
    expect(generatedNames(await readConfig())).toHaveLength(39);
  });

  // SSOENV_PROGRESS_INTERVAL=1s: the line comes after 1 s instead of the default 10 s. The two run at
  // once, on a world each (the file's beforeEach resets `world`).
  describe.concurrent("without a terminal, a sync still listing after SSOENV_PROGRESS_INTERVAL", () => {
    const worlds = {
      roles: useCliWorld({ loggedIn: true, emulator: { accounts: ORG, pageSize: 2 } }),
      pages: useCliWorld({ loggedIn: true, emulator: { accounts: ORG, pageSize: 2 } }),
    };
    const accountsLine = /^sso-session corp: accounts [0-7]\/7, \d+ s$/;
    const listingLine = /^sso-session corp: listing accounts \([0-7] so far\), \d+ s$/;
    const anyLine = /^sso-session corp: (?:accounts [0-7]\/7|listing accounts \([0-7] so far\)), \d+ s$/;

    it.for([
      [
        // One list request at a time, three of them 1 s slow: the roles are still being listed 1 s in.
        "says how far it got, in plain lines",
        {
          world: "roles",
          args: ["--concurrency", "1"],
          fault: { operation: "ListAccountRoles", latencyMs: 1_000, times: 3 },
          says: accountsLine,
        },
      ],
      [
        // Four pages of accounts, one after the other, the first three 1.5 s slow: still listing 1 s in.
        "still listing accounts (ListAccounts pages) says so too",
        {
          world: "pages",
          args: [],
          fault: { operation: "ListAccounts", latencyMs: 1_500, times: 3 },
          says: listingLine,
        },
      ],
    ] as const)("%s", async ([, { world: name, args, fault, says }], { expect }) => {
      const w = worlds[name];
      await writeFile(w.configPath, baseConfig("\n", w));
      w.emulator.faults.add({ ...fault, kind: "latency" });
      const result = await w.run(["profiles", "sync", ...args], { env: { SSOENV_PROGRESS_INTERVAL: "1s" } });
      expect(result.exitCode, result.stderr).toBe(0);
      const lines = result.stderr.split("\n").filter(Boolean);
      // A loaded machine may still be listing the accounts at the first line of the roles' case.
      expect(lines).toContainEqual(expect.stringMatching(says));
      for (const line of lines) expect(line).toMatch(anyLine);
      // After the interval set (1 s), not the default 10 s, and not before: the first counts 1 s or more.
      const seconds = Number(/(\d+) s$/.exec(lines[0] ?? "")?.[1]);
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThan(10);
      expect(result.stdout).toContain("added");
      expect(generatedNames(await readFile(w.configPath, "utf8"))).toHaveLength(20);
    });
  });

  it("waits while another sync holds the config's lock, then writes", async () => {
    // proper-lockfile's lock: a folder next to the file, fresh while its holder lives
    const lock = `${world.configPath}.lock`;
    await mkdir(lock);
    // Kept fresh as its holder would (proper-lockfile touches it every 2 s; stale after 10 s): on a
    // loaded machine the listing takes longer than that, and the sync would take an aged lock over.
    const holder = setInterval(() => utimes(lock, new Date(), new Date()).catch(() => {}), 1_000);
    const running = sync();
    const deadline = Date.now() + 20_000;
    while (world.emulator.stats().byOperation.ListAccountRoles !== 14 && Date.now() < deadline)
      await sleep(50);
    await sleep(1_000); // listed, now waiting for the lock
    expect(await readConfig()).toBe(baseConfig());
    clearInterval(holder);
    await rm(lock, { recursive: true });
    const result = await running;
    expect(result.exitCode).toBe(0);
    expect(generatedNames(await readConfig())).toHaveLength(20);
  });

  it("two syncs at once take turns on the file: one block, nothing lost", async () => {
    world.emulator.setTraffic({ latencyMs: 30 });
    const [a, b] = await Promise.all([sync(), sync("--region", "us-east-2")]);
    expect(a.exitCode).toBe(0);
    expect(b.exitCode).toBe(0);
    const text = await readConfig();
    expect(text.match(/# BEGIN ssoenv generated profiles/g)).toHaveLength(1);
    expect(generatedNames(text)).toHaveLength(20);
    expect(text.startsWith(baseConfig())).toBe(true);
  });
});

describe("ssoenv profiles sync: bad input, one line each, exit 2, file unchanged", () => {
  it.each([
    [["--sso-session", "nope"], /There is no \[sso-session nope\] in .*config \(there: corp\)/],
    [
      ["--name-template", "{account}.{role_name}"],
      /--name-template '\{account\}\.\{role_name\}': unknown placeholder \{account\}/,
    ],
    [
      ["--name-template", "{role_name}"],
      /--name-template '\{role_name\}' gives two profiles the name "AdministratorAccess"/,
    ],
    [["--region", "Europe"], /^ssoenv: --region Europe is not an AWS region$/m],
    [["--concurrency", "0"], /--concurrency "0" is not a whole number >= 1/],
  ])("%j", async (args, message) => {
    const before = await readFile(world.configPath);
    const result = await sync(...args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split("\n")[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect((await readFile(world.configPath)).equals(before)).toBe(true);
  });

  it("a read-only config", async () => {
    world.emulator.resetStats();
    await chmod(world.configPath, 0o444);
    const before = await readFile(world.configPath);
    const result = await sync();
    await chmod(world.configPath, 0o644);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split("\n")[0]).toContain(`cannot write ${world.configPath}: the file is read-only`);
    expect((await readFile(world.configPath)).equals(before)).toBe(true);
    expect(world.emulator.stats().byOperation.ListAccounts ?? 0).toBe(0);
  });

  it("a generated block whose END line was deleted by hand", async () => {
    await writeFile(
      world.configPath,
      `${baseConfig()}# BEGIN ssoenv generated profiles: sso-session corp\n[profile x]\n`,
    );
    const before = await readFile(world.configPath);
    const result = await sync();
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split("\n")[0]).toMatch(
      /line 15: the generated block of sso-session corp has no END line/,
    );
    expect((await readFile(world.configPath)).equals(before)).toBe(true);
  });

  it.each([
    ["[profile deploy]", "role_arn = arn:aws:iam::100000000001:role/deploy\nsource_profile = mine"],
    ["[sso-session other]", "sso_start_url = https://other.awsapps.com/start\nsso_region = eu-west-1"],
  ])(
    "a section written by hand inside the generated block (%s) is refused, not deleted",
    async (header, keys) => {
      expect((await sync()).exitCode).toBe(0);
      const synced = await readConfig();
      const end = "# END ssoenv generated profiles: sso-session corp";
      await writeFile(world.configPath, synced.replace(end, `\n${header}\n${keys}\n${end}`));
      const before = await readFile(world.configPath);
      const line = before.toString().split("\n").indexOf(header) + 1;
      world.emulator.resetStats();
      const result = await sync();
      expect(result.exitCode).toBe(2);
      expect(result.stderr.split("\n")[0]).toBe(
        `ssoenv: ${world.configPath} line ${line}: ${header} is inside the generated block of sso-session corp, which profiles sync rewrites`,
      );
      expect(result.stderr).toContain(`move ${header} below the "${end}" line`);
      expect((await readFile(world.configPath)).equals(before)).toBe(true);
      expect(world.emulator.stats().byOperation.ListAccounts ?? 0).toBe(0);
    },
  );

  it("an invalid template in the [sso-session] names the key and the file", async () => {
    await writeFile(
      world.configPath,
      baseConfig().replace("sso_region =", "ssoenv_profile_name_template = {nope}\nsso_region ="),
    );
    const result = await sync();
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split("\n")[0]).toMatch(
      /ssoenv_profile_name_template of \[sso-session corp\] in .*config "\{nope\}": unknown placeholder \{nope\}/,
    );
  });
});

describe("ssoenv profiles sync: logging in first", () => {
  it("without a session and without a terminal, exits 3 with the command to log in; nothing written", async () => {
    await writeFile(world.configPath, baseConfig());
    await rm(join(world.home, ".aws", "sso", "cache"), { recursive: true, force: true });
    const result = await sync();
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain(
      "hint: ssoenv login --sso-session corp (or, with AWS CLI v2: aws sso login --sso-session corp)",
    );
    expect(await readConfig()).toBe(baseConfig());
  });

  it("every sso-session synced, one of them not signed in: the hint says nothing was synced and how to sync the signed-in one alone", async () => {
    // corp is signed in (beforeEach); "old", another portal, never was
    const withOld = `${baseConfig()}\n[sso-session old]\nsso_start_url = https://old-portal.awsapps.com/start\nsso_region = ${world.emulator.region}\n`;
    await writeFile(world.configPath, withOld);
    const result = await sync();
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain(
      "hint: ssoenv login --sso-session old (or, with AWS CLI v2: aws sso login --sso-session old); nothing was synced: to sync corp without it, ssoenv profiles sync --sso-session corp\n",
    );
    expect(await readConfig()).toBe(withOld);
    // The hint's command does sync corp, without a terminal.
    const alone = await sync("--sso-session", "corp");
    expect(alone.exitCode).toBe(0);
    expect(generatedNames(await readConfig())).toHaveLength(20);
  });

  it("ssoenv login --sso-session signs in a config that has no profile on it yet; the sync then runs without a terminal", async () => {
    const onlySession = baseConfig().slice(0, baseConfig().indexOf("[profile mine]"));
    await writeFile(world.configPath, onlySession);
    await rm(join(world.home, ".aws", "sso", "cache"), { recursive: true, force: true });
    const login = await world.run(["login", "--sso-session", "corp", "--method", "native"]);
    expect(login.stderr).toMatch(/Logged in: sso-session corp, signed in until /);
    expect(login.exitCode).toBe(0);
    const result = await sync();
    expect(result.exitCode).toBe(0);
    expect(generatedNames(await readConfig())).toHaveLength(21);
  });

  it("ssoenv login --sso-session: an unknown one, or with --profile too, is a usage error", async () => {
    const unknown = await world.run(["login", "--sso-session", "nope"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("There is no [sso-session nope] in ");
    expect(unknown.stderr).toContain("(there: corp)");
    // The flag to type, as for a profile not found (not core's { ssoSession: "corp" }).
    expect(unknown.stderr).toMatch(/^hint: the only one there: --sso-session corp$/m);
    const typo = await world.run(["login", "--sso-session", "crop"]);
    expect(typo.stderr).toMatch(/^hint: did you mean corp\? --sso-session corp$/m);
    const both = await world.run(["login", "--sso-session", "corp", "--profile", "mine"]);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain("Give only one of --profile and --sso-session");
  });

  it("a revoked token with a refresh token that SSO no longer accepts: exit 3, nothing written", async () => {
    world.emulator.revokeTokens();
    const result = await sync();
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('SSO no longer accepts the session of sso-session "corp"');
    expect(result.stderr).toContain("hint: ssoenv login --sso-session corp");
    expect(await readConfig()).toBe(baseConfig());
  });

  it("an access token near its end is refreshed first, then the sync runs", async () => {
    await world.logIn({ expiresInMs: 60_000 });
    world.emulator.resetStats();
    const result = await sync();
    expect(result.exitCode).toBe(0);
    expect(world.emulator.stats().byOperation.CreateToken).toBe(1);
    expect(generatedNames(await readConfig())).toHaveLength(20);
  });

  it.skipIf(!hasScript)(
    "in a terminal: logs in (device code), shows accounts N/M, then the summary",
    async () => {
      await rm(join(world.home, ".aws", "sso", "cache"), { recursive: true, force: true });
      const output = await new Promise<string>((resolve) => {
        execFile(
          "script",
          ["-qec", `${CLI_COMMAND} profiles sync --sso-session corp`, "/dev/null"],
          // no AWS CLI: the built-in device flow, which the emulator approves at once
          { env: { ...world.env, TERM: "xterm", FORCE_COLOR: "0", SSOENV_AWS_CLI: "/nonexistent/aws" } },
          (_error, stdout) => resolve(stdout),
        );
      });
      // the code on a line of its own (AWS's verification URL no longer carries it)
      expect(output).toMatch(/enter this code:\r?\n\s+[A-Z]{4}-[A-Z]{4}\r?\n/);
      expect(output).toContain("accounts 7/7");
      expect(output).toContain("sso-session corp: 20 added");
      expect(generatedNames(await readConfig())).toHaveLength(20);
    },
  );
});

describe("ssoenv profiles list", () => {
  it("shows every profile with account id and name, role, sso-session, and whether sync wrote it", async () => {
    expect((await sync()).exitCode).toBe(0);
    const json = await world.run(["profiles", "list", "--json"]);
    expect(json.exitCode).toBe(0);
    const rows = JSON.parse(json.stdout) as { name: string; generated: boolean }[];
    expect(rows).toHaveLength(2 + 20); // default, mine + generated
    expect(rows.find((r) => r.name === "mine")).toEqual({
      name: "mine",
      ssoSession: "corp",
      accountId: "100000000001",
      accountName: "svc-001 production",
      roleName: "AdministratorAccess",
      generated: false,
    });
    expect(rows.find((r) => r.name === "svc-003-staging.ReadOnlyAccess")).toEqual({
      name: "svc-003-staging.ReadOnlyAccess",
      ssoSession: "corp",
      accountId: "100000000006",
      accountName: "svc-003 staging",
      roleName: "ReadOnlyAccess",
      generated: true,
    });
    const table = await world.run(["profiles", "list"]);
    expect(table.stdout).toMatch(/^PROFILE\s+SSO-SESSION\s+ACCOUNT\s+ACCOUNT NAME\s+ROLE\s+BY$/m);
    expect(table.stdout).toMatch(
      /^svc-001-staging\.PowerUserAccess\s+corp\s+100000000002\s+svc-001 staging\s+PowerUserAccess\s+sync$/m,
    );
  });
});

describe("ssoenv profiles list with account names in Japanese (double-width)", () => {
  it("lines the columns up as a terminal shows them: each CJK character takes two columns", async () => {
    world.emulator.setAccounts([
      ...ORG.slice(0, 2),
      { accountId: "123456789012", accountName: "開発環境", roles: ["Viewer"] },
      { accountId: "210987654321", accountName: "本番アカウント", roles: ["Viewer"] },
    ]);
    expect((await sync()).exitCode).toBe(0);
    const table = await world.run(["profiles", "list"]);
    expect(table.exitCode).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines.some((line) => line.includes("本番アカウント"))).toBe(true);
    // Display width as a terminal draws it: CJK ideographs, kana and fullwidth forms take two columns.
    const width = (text: string) =>
      [...text].reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uff60]/u.test(c) ? 2 : 1), 0);
    const roleColumn = width((lines[0] as string).slice(0, (lines[0] as string).indexOf("ROLE")));
    const byColumn = width((lines[0] as string).slice(0, (lines[0] as string).lastIndexOf("BY")));
    for (const line of lines.slice(1)) {
      const by = line.lastIndexOf(" ") + 1; // the last column: "sync" or "hand"
      expect(width(line.slice(0, by)), line).toBe(byColumn);
      const role = line.slice(0, by).trimEnd().lastIndexOf(" ") + 1;
      expect(width(line.slice(0, role)), line).toBe(roleColumn);
    }
  });
});

describe("an account name with terminal escape sequences (a hostile or broken endpoint)", () => {
  it("is written and printed without them: sync's summary, the config file, profiles list", async () => {
    // AWS allows only printable characters in an account name; an endpoint that is not AWS may send anything.
    const name = "\u001b]0;pwned\u0007Evil\u001b[2J Corp";
    world.emulator.setAccounts([
      ...ORG.slice(0, 1),
      { accountId: "123456789012", accountName: name, roles: ["Viewer"] },
    ]);
    const synced = await sync();
    expect(synced.exitCode, synced.stderr).toBe(0);
    const listed = await world.run(["profiles", "list"]);
    world.emulator.setAccounts(ORG.slice(0, 1));
    const lost = await sync();
    for (const output of [synced.stdout, synced.stderr, listed.stdout, lost.stdout, await readConfig()])
      expect(output).not.toContain("\u001b");
    expect(listed.stdout).toMatch(/^Evil-Corp\.Viewer\s+corp\s+123456789012\s+Evil Corp\s+Viewer\s+sync$/m);
    expect(lost.stdout).toContain(
      "lost access: Evil-Corp.Viewer (account 123456789012 Evil Corp, role Viewer): kept",
    );
  });
});

describe("ssoenv profiles list and sessions with no config file", () => {
  it("say so, naming the file and how to get profiles (not a bare header)", async () => {
    await rm(world.configPath);
    const list = await world.run(["profiles", "list"]);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toBe(
      `No profile in ${world.configPath} (it does not exist): aws configure sso-session, then ssoenv profiles sync\n`,
    );
    const sessions = await world.run(["sessions"]);
    expect(sessions.exitCode).toBe(0);
    expect(sessions.stdout).toBe(
      `No sso-session or SSO profile in ${world.configPath} (it does not exist): aws configure sso-session, then ssoenv profiles sync\n`,
    );
    // --json: still the empty list, nothing else
    expect(JSON.parse((await world.run(["profiles", "list", "--json"])).stdout)).toEqual([]);
  });
});

describe("a profile name that is not there, after a sync", () => {
  it("is one short line: the names that contain it first, then how many more and where to see them", async () => {
    expect((await sync()).exitCode).toBe(0);
    const result = await world.run(["status", "--profile", "svc-002-staging"]);
    expect(result.exitCode).toBe(2);
    const [line, hint, rest] = result.stderr.split("\n");
    expect(line).toMatch(/^ssoenv: Profile "svc-002-staging" not found in /);
    // The 3 roles of svc-002 staging come first; 22 profiles in all, 7 shown.
    expect(line).toContain(
      "(profiles there: svc-002-staging.AdministratorAccess, svc-002-staging.PowerUserAccess, svc-002-staging.ReadOnlyAccess, default, mine, ",
    );
    expect(line).toMatch(/, [^,]+ and 15 more: ssoenv profiles list\)$/);
    expect(line?.length).toBeLessThan(400);
    expect(hint).toMatch(/^hint: /);
    expect(rest).toBe("");
  });
});

describe.skipIf(skipWithoutAwsCliV2())("the AWS CLI v2 and the generated profiles", () => {
  it("lists them and gets credentials with one (aws configure list-profiles, export-credentials)", async () => {
    expect((await sync("--region", "eu-west-1")).exitCode).toBe(0);
    const dataPath = await world.emulator.writeAwsCliDataPath(join(world.home, "aws-data"));
    const env = { ...world.env, AWS_DATA_PATH: dataPath, AWS_PAGER: "", LANG: "C.UTF-8" };
    const aws = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(AWS_CLI_V2, args, { env }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });
    const list = await aws(["configure", "list-profiles"]);
    expect(list.code).toBe(0);
    const listed = list.stdout.trim().split("\n");
    expect(listed).toEqual(
      expect.arrayContaining([
        "mine",
        "svc-003-production.ReadOnlyAccess",
        "svc-001-staging.PowerUserAccess",
      ]),
    );
    expect(listed.filter((name) => name.startsWith("svc-"))).toHaveLength(20);
    const exported = await aws([
      "configure",
      "export-credentials",
      "--profile",
      "svc-003-production.ReadOnlyAccess",
      "--format",
      "process",
    ]);
    expect(exported.stderr).toBe("");
    const credentials = JSON.parse(exported.stdout) as { AccessKeyId: string; Version: number };
    expect(credentials.Version).toBe(1);
    expect(credentials.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
  });

  it("aws configure set on the profiles either side of the block (it writes past the markers): the keys stay with their profiles", async () => {
    expect((await sync()).exitCode).toBe(0);
    const env = { ...world.env, AWS_PAGER: "" };
    const aws = (args: string[]) =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile(AWS_CLI_V2, args, { env }, (error, stdout) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: stdout.trim() }),
        );
      });
    const last = generatedNames(await readConfig()).at(-1) as string;
    // "mine" ends where the block begins, and the last generated profile's section runs past # END
    expect((await aws(["configure", "set", "output", "json", "--profile", "mine"])).code).toBe(0);
    expect((await aws(["configure", "set", "region", "eu-north-1", "--profile", last])).code).toBe(0);
    expect((await aws(["configure", "set", "cli_pager", "less", "--profile", last])).code).toBe(0);
    // a new account sorts last in the block
    world.emulator.setAccounts([
      ...ORG,
      { accountId: "999999999999", accountName: "zzz", roles: ["Deploy"] },
    ]);
    expect((await sync()).exitCode).toBe(0);
    expect(await aws(["configure", "get", "output", "--profile", "mine"])).toEqual({
      code: 0,
      stdout: "json",
    });
    expect(await aws(["configure", "get", "region", "--profile", last])).toEqual({
      code: 0,
      stdout: "eu-north-1",
    });
    expect(await aws(["configure", "get", "cli_pager", "--profile", last])).toEqual({
      code: 0,
      stdout: "less",
    });
    expect((await aws(["configure", "get", "region", "--profile", "zzz.Deploy"])).stdout).toBe("");
    expect((await aws(["configure", "get", "cli_pager", "--profile", "zzz.Deploy"])).stdout).toBe("");
    // and the next run changes nothing
    const text = await readConfig();
    expect((await sync()).stdout).toContain("(no change)");
    expect(await readConfig()).toBe(text);
  }, 240_000); // nine runs of the AWS CLI (Python): 49-57 s at load 15-20 on 2 cores

  // `aws configure` writes [default]; given [profile default], `aws configure set` adds a [default] at the
  // end of the file, which the AWS CLI then reads alone (the generated profile gone) and the SDKs ignore.
  it("a template that names a profile default writes [default]: aws configure set adds to it, sync keeps it, --prune removes it", async () => {
    await writeFile(
      world.configPath,
      baseConfig().replace("[default]\nregion   =   eu-central-1   ; keep this spacing\n\n", ""),
    );
    world.emulator.setAccounts([
      { accountId: "500000000001", accountName: "default", roles: ["Dev"] },
      { accountId: "500000000002", accountName: "tools", roles: ["Dev"] },
    ]);
    expect((await sync("--name-template", "{account_name}")).exitCode).toBe(0);
    const env = { ...world.env, AWS_PAGER: "" };
    const aws = (args: string[]) =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile(AWS_CLI_V2, args, { env }, (error, stdout) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: stdout.trim() }),
        );
      });
    expect((await aws(["configure", "set", "region", "eu-north-1"])).code).toBe(0);
    expect(await aws(["configure", "get", "sso_account_id"])).toEqual({ code: 0, stdout: "500000000001" });
    expect(await aws(["configure", "get", "region"])).toEqual({ code: 0, stdout: "eu-north-1" });
    const text = await readConfig();
    expect(text).toContain("\n[default]\nsso_session = corp\nsso_account_id = 500000000001\n");
    expect(text).not.toContain("[profile default]");
    // ssoenv reads the same profile, and the next syncs keep the region aws configure set wrote
    const status = await world.run(["status", "--profile", "default", "--json"]);
    expect(JSON.parse(status.stdout)).toMatchObject({ accountId: "500000000001", region: "eu-north-1" });
    expect((await sync()).stdout).toContain("0 added, 2 unchanged, 0 lost access");
    expect(await aws(["configure", "get", "region"])).toEqual({ code: 0, stdout: "eu-north-1" });
    const synced = await readConfig();
    expect(synced).toContain("\n[default]\nsso_session = corp\n");
    expect((await sync()).stdout).toContain("(no change)");
    expect(await readConfig()).toBe(synced);
    world.emulator.setAccounts([{ accountId: "500000000002", accountName: "tools", roles: ["Dev"] }]);
    expect((await sync("--prune")).exitCode).toBe(0);
    const pruned = await readConfig();
    expect(pruned).not.toContain("default");
    expect(pruned).not.toContain("eu-north-1");
    expect(pruned).toContain("[profile tools]");
  }, 120_000);

  it.skipIf(!hasScript)("logs in with aws sso login --sso-session when no session is cached", async () => {
    await rm(join(world.home, ".aws", "sso", "cache"), { recursive: true, force: true });
    const dataPath = await world.emulator.writeAwsCliDataPath(join(world.home, "aws-data"));
    // the real AWS CLI v2 behind a wrapper that says 2.22 (auto hands logins only to >= 2.22)
    const cli22 = await writeAwsCli222(world.home);
    const env = {
      ...world.env,
      AWS_DATA_PATH: dataPath,
      SSOENV_AWS_CLI: cli22,
      TERM: "xterm",
      LANG: "C.UTF-8",
    };
    const output = await new Promise<string>((resolve) => {
      execFile(
        "script",
        ["-qec", `${CLI_COMMAND} profiles sync --sso-session corp`, "/dev/null"],
        { env },
        (_error, stdout) => resolve(stdout),
      );
    });
    expect(output).toContain("aws sso login (2.22.0)");
    expect(output).toContain("sso-session corp: 20 added");
    expect(generatedNames(await readConfig())).toHaveLength(20);
  });
});
