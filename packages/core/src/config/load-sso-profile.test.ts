import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AwsHome, createAwsHome } from "../test-support/create-aws-home.js";
import { rejection } from "../test-support/rejection.js";
import { listSsoProfiles, loadConfigProfiles, loadSsoProfile } from "./load-sso-profile.js";
import { loadSsoSessionProfile } from "./load-sso-sessions.js";
import { resolveProfileName } from "./resolve-profile-name.js";

const CONFIG = `[default]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnly

[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = AdministratorAccess
region = eu-west-1

[profile old]
sso_start_url = https://old.awsapps.com/start
sso_region = ap-northeast-1
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile static]
region = us-east-1

[profile ghost]
sso_session = missing
sso_account_id = 111111111111
sso_role_name = ReadOnly

[profile norole]
sso_session = corp
sso_account_id = 111111111111

[profile noaccount]
sso_session = corp
sso_role_name = ReadOnly

[profile badaccount]
sso_session = corp
sso_account_id = 12345
sso_role_name = ReadOnly

[profile noregion]
sso_start_url = https://old.awsapps.com/start
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile conflict]
sso_session = corp
sso_start_url = https://other.awsapps.com/start
sso_account_id = 111111111111
sso_role_name = ReadOnly

[profile halfsession]
sso_session = half
sso_account_id = 111111111111
sso_role_name = ReadOnly

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access, sso:other

[sso-session half]
sso_start_url = https://half.awsapps.com/start
`;

/** What a missing profile's hint offers first where the config has an [sso-session]. */
const SYNC_FIRST =
  "ssoenv profiles sync (writes a profile for every account and role your sso-sessions give you), or ";

describe("loadSsoProfile", () => {
  let aws: AwsHome;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    aws = await createAwsHome({ config: CONFIG, prefix: "ssoenv-config-" });
    env = { HOME: aws.home };
  });
  afterEach(() => aws.remove());

  it("reads an sso-session profile with the session's start URL, region and scopes", async () => {
    expect(await loadSsoProfile({ profile: "dev", env })).toEqual({
      name: "dev",
      ssoSession: "corp",
      startUrl: "https://corp.awsapps.com/start",
      ssoRegion: "us-east-1",
      accountId: "111111111111",
      roleName: "AdministratorAccess",
      region: "eu-west-1",
      registrationScopes: ["sso:account:access", "sso:other"],
      legacy: false,
    });
  });

  it("reads a legacy profile (sso_start_url and sso_region in the profile)", async () => {
    expect(await loadSsoProfile({ profile: "old", env })).toEqual({
      name: "old",
      startUrl: "https://old.awsapps.com/start",
      ssoRegion: "ap-northeast-1",
      accountId: "222222222222",
      roleName: "ReadOnly",
      legacy: true,
    });
  });

  it("uses [default] when no profile is named", async () => {
    expect((await loadSsoProfile({ env })).name).toBe("default");
  });

  // The AWS CLI reads both headers as the default profile: a hint names the one the file has.
  it.each([
    ["[default]", "missing sso_role_name", "sso_account_id = 111111111111"],
    ["[default]", "12-digit", "sso_account_id = 12345\nsso_role_name = R"],
    ["[default]", "max_attempts", "sso_account_id = 111111111111\nsso_role_name = R\nmax_attempts = x"],
    ["[default]", "no source_profile", "role_arn = arn:aws:iam::111111111111:role/R"],
    [
      "[default]",
      "credential_source",
      "role_arn = arn:aws:iam::111111111111:role/R\ncredential_source = Environment",
    ],
    ["[profile default]", "missing sso_role_name", "sso_account_id = 111111111111"],
  ])("a %s section: the hint names it as the file has it (%s)", async (header, about, keys) => {
    await writeFile(
      aws.configPath,
      `${header}\nsso_session = corp\n${keys}\n\n${CONFIG.slice(CONFIG.indexOf("[sso-session corp]"))}`,
    );
    const error = await rejection(loadSsoProfile({ profile: "default", env }));
    expect(error.message).toContain(about);
    expect(`${error.message} ${error.hint}`).toContain(header);
    if (header === "[default]") expect(`${error.message} ${error.hint}`).not.toContain("[profile default]");
  });

  it("honours AWS_CONFIG_FILE", async () => {
    const other = join(aws.home, "elsewhere.ini");
    await writeFile(
      other,
      "[profile x]\nsso_session = s\nsso_account_id = 333333333333\nsso_role_name = R\n[sso-session s]\nsso_start_url = https://x/start\nsso_region = eu-central-1\n",
    );
    const profile = await loadSsoProfile({ profile: "x", env: { ...env, AWS_CONFIG_FILE: other } });
    expect(profile.accountId).toBe("333333333333");
  });

  // The README's profile for older tools: AWS_PROFILE left on it sends a script's ensureSession there.
  it.each([
    ["ssoenv credential-process --profile dev", "dev"],
    ["/usr/local/bin/ssoenv credential-process -p dev", "dev"],
    ["npx ssoenv credential-process --profile=stg --no-input", "stg"],
    [`"/src/ssoenv/packages/cli/bin/ssoenv.cjs" credential-process --profile 'stg'`, "stg"],
    ['node "/src/ssoenv/packages/cli/bin/ssoenv.cjs" credential-process --profile "dev" --no-input', "dev"],
    ["sh -c 'ssoenv credential-process --profile dev 2>/dev/null'", "dev"],
    ["sh -c 'ssoenv credential-process --profile dev'", "dev"],
  ])(
    "a profile whose credential_process is `%s` is NOT_SSO_PROFILE pointing at profile %s, not at sso_session",
    async (command, target) => {
      await writeFile(aws.configPath, `${CONFIG}\n[profile for-tools]\ncredential_process = ${command}\n`);
      const error = await rejection(loadSsoProfile({ profile: "for-tools", env }));
      expect(error.code).toBe("NOT_SSO_PROFILE");
      expect(error.message).toMatch(
        new RegExp(
          `Profile "for-tools" in .*config is not an SSO profile: its credential_process runs ssoenv for profile "${target}"`,
        ),
      );
      expect(error.hint).toBe(
        `use profile ${target} itself ({ profile: "${target}" }, or AWS_PROFILE=${target})`,
      );
    },
  );

  it("sees edits to the config file within one process", async () => {
    await loadSsoProfile({ profile: "dev", env });
    await writeFile(aws.configPath, CONFIG.replace("AdministratorAccess", "PowerUser"));
    expect((await loadSsoProfile({ profile: "dev", env })).roleName).toBe("PowerUser");
  });

  it.each([
    [
      "nothere",
      "PROFILE_NOT_FOUND",
      /Profile "nothere" not found in .*config \(profiles there: default, dev/,
      /aws configure sso --profile nothere/,
    ],
    ["static", "NOT_SSO_PROFILE", /Profile "static" in .*config is not an SSO profile/, /sso_session = NAME/],
    [
      "ghost",
      "CONFIG_INVALID",
      /refers to sso-session "missing", which is not defined in .*config/,
      /\[sso-session missing\]/,
    ],
    [
      "norole",
      "CONFIG_INVALID",
      /Profile "norole" in .*config is missing sso_role_name/,
      /add "sso_role_name = \.\.\." to \[profile norole\]/,
    ],
    ["noaccount", "CONFIG_INVALID", /is missing sso_account_id/, /sso_account_id/],
    [
      "badaccount",
      "CONFIG_INVALID",
      /"12345" is not a 12-digit AWS account ID/,
      /sso_account_id = 123456789012/,
    ],
    ["noregion", "CONFIG_INVALID", /Profile "noregion" in .*config is missing sso_region/, /sso_region/],
    [
      "conflict",
      "CONFIG_INVALID",
      /sets sso_start_url = https:\/\/other.*but its sso-session "corp" says/,
      /remove sso_start_url/,
    ],
    [
      "halfsession",
      "CONFIG_INVALID",
      /sso-session "half" \(used by profile "halfsession"\) in .*config is missing sso_region/,
      /\[sso-session half\]/,
    ],
  ])("profile %s -> %s naming the profile, the file and the fix", async (name, code, message, hint) => {
    const error = await rejection(loadSsoProfile({ profile: name, env }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(aws.configPath);
    expect(error.hint).toMatch(hint);
  });

  it.each(["SSOENV_PROFILE", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"])(
    "names %s when the missing profile's name came from it, and says to unset it",
    async (variable) => {
      const error = await rejection(loadSsoProfile({ env: { ...env, [variable]: "nothere" } }));
      expect(error.code).toBe("PROFILE_NOT_FOUND");
      expect(error.message).toMatch(new RegExp(`Profile "nothere" \\(from ${variable}\\) not found in `));
      expect(error.hint).toMatch(new RegExp(`^unset ${variable} or set it to a profile that exists, or add`));
    },
  );

  // A typo of a profile that exists: the fix is its name, not a new [profile dve] for logout or status.
  it.each([
    ["dve", "dev"],
    ["Dev", "dev"],
    ["devv", "dev"],
    ["DEFAULT", "default"],
  ])("a typo (%s) of a profile there: the hint names %s first", async (typo, meant) => {
    const error = await rejection(loadSsoProfile({ profile: typo, env }));
    expect(error.code).toBe("PROFILE_NOT_FOUND");
    expect(error.hint).toBe(
      `did you mean ${meant}? { profile: "${meant}" }; else add a [profile ${typo}] section to ${aws.configPath}, or run: aws configure sso --profile ${typo}`,
    );
  });

  // Synced names are long (`svc-001-staging.ReadOnlyAccess`): typed without their tail they are too
  // many edits away for a typo, and the hint offered `ssoenv profiles sync`, which adds nothing.
  it("a name that only one profile there starts with: the hint names that profile", async () => {
    await writeFile(
      aws.configPath,
      `${CONFIG}\n${["svc-001-staging.ReadOnlyAccess", "svc-001-staging.AdministratorAccess"]
        .map(
          (name) =>
            `[profile ${name}]\nsso_session = corp\nsso_account_id = 100000000002\nsso_role_name = ${name.split(".")[1]}\n`,
        )
        .join("\n")}`,
    );
    const cut = await rejection(loadSsoProfile({ profile: "svc-001-staging.ReadOnly", env }));
    expect(cut.code).toBe("PROFILE_NOT_FOUND");
    expect(cut.hint).toMatch(
      /^did you mean svc-001-staging\.ReadOnlyAccess\? \{ profile: "svc-001-staging\.ReadOnlyAccess" \}; else add /,
    );
    // Two profiles start with it: no guess between them.
    const both = await rejection(loadSsoProfile({ profile: "svc-001-staging", env }));
    expect(both.hint).not.toContain("did you mean");
  });

  it("a typo in AWS_PROFILE: the hint names the variable set to the profile meant", async () => {
    const error = await rejection(loadSsoProfile({ env: { ...env, AWS_PROFILE: "dve" } }));
    expect(error.message).toMatch(/^Profile "dve" \(from AWS_PROFILE\) not found in /);
    expect(error.hint).toBe(
      `did you mean dev? export AWS_PROFILE=dev (or unset it); else add a [profile dve] section to ${aws.configPath}, or run: aws configure sso --profile dve`,
    );
  });

  // The container entrypoint's user passes variables with docker run -e, and has no --profile to pass.
  it("a typo in AWS_PROFILE where variables are set with a command (SSOENV_SET_VARIABLE_COMMAND): the hint sets it with that command", async () => {
    const error = await rejection(
      loadSsoProfile({ env: { ...env, AWS_PROFILE: "dve", SSOENV_SET_VARIABLE_COMMAND: "docker run -e" } }),
    );
    expect(error.hint).toBe(
      `did you mean dev? docker run -e AWS_PROFILE=dev; else add a [profile dve] section to ${aws.configPath}, or run: aws configure sso --profile dve`,
    );
  });

  it("no profile named and no [default], where variables are set with a command: the hint names one with that command, not --profile or ssoenv.toml", async () => {
    await writeFile(aws.configPath, CONFIG.replace(/^\[default\]\n(?:.+\n)*\n/, ""));
    const error = await rejection(
      loadSsoProfile({ env: { ...env, SSOENV_SET_VARIABLE_COMMAND: "docker run -e" } }),
    );
    expect(error.message).toMatch(
      /^Profile "default" not found in .*; "default" is the profile used when none is named \(SSOENV_PROFILE, AWS_PROFILE, AWS_DEFAULT_PROFILE\)$/,
    );
    expect(error.hint).toBe(
      `name yours: docker run -e AWS_PROFILE=NAME (or SSOENV_PROFILE=NAME), with a NAME from ssoenv profiles list; or add a [default] section to ${aws.configPath}`,
    );
  });

  describe("with several profiles there, a hint names none of them for the user to copy (the first of a synced config is a production account's administrator role)", () => {
    const synced = [
      "svc-001-production.AdministratorAccess",
      "svc-001-production.ReadOnly",
      "svc-002-staging.ReadOnly",
    ]
      .map(
        (name, i) =>
          `[profile ${name}]\nsso_session = corp\nsso_account_id = 10000000000${i}\nsso_role_name = ${name.split(".")[1]}\n`,
      )
      .join("\n");
    const corp =
      "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n";

    it("no profile named and no [default]: NAME, and where the names are", async () => {
      await writeFile(aws.configPath, `${synced}\n${corp}`);
      const error = await rejection(loadSsoProfile({ env }));
      expect(error.code).toBe("PROFILE_NOT_FOUND");
      expect(error.hint).toBe(
        `name yours: { profile: "NAME" } (or AWS_PROFILE=NAME), with a NAME from ssoenv profiles list; or add a [default] section to ${aws.configPath}`,
      );
    });

    it("no profile named and a [default] with only a region: NAME", async () => {
      await writeFile(aws.configPath, `[default]\nregion = eu-west-1\n\n${synced}\n${corp}`);
      const error = await rejection(loadSsoProfile({ env }));
      expect(error.code).toBe("NOT_SSO_PROFILE");
      expect(error.hint).toBe(
        `name yours: { profile: "NAME" } (or AWS_PROFILE=NAME), with a NAME from ssoenv profiles list; or make [default] an SSO profile: aws configure sso --profile default`,
      );
    });

    it("a profile that only signs in: a profile of its sso-session that has a role, by NAME", async () => {
      await writeFile(aws.configPath, `[profile login-only]\nsso_session = corp\n\n${synced}\n${corp}`);
      const error = await rejection(loadSsoProfile({ profile: "login-only", env }));
      expect(error.code).toBe("NOT_SSO_PROFILE");
      expect(error.hint).toBe(
        `add "sso_account_id = ..." and "sso_role_name = ..." to [profile login-only] in ${aws.configPath}, or use a profile of sso-session corp that has them: { profile: "NAME" }, with a NAME from ssoenv profiles list`,
      );
    });

    it("the only profile there is named: no choice was made for the user", async () => {
      const [only] = synced.split("\n\n");
      await writeFile(aws.configPath, `${only}\n\n${corp}`);
      expect((await rejection(loadSsoProfile({ env }))).hint).toMatch(
        /^name yours: \{ profile: "svc-001-production\.AdministratorAccess" \} \(or AWS_PROFILE=svc-001-production\.AdministratorAccess\); /,
      );
      await writeFile(aws.configPath, `[profile login-only]\nsso_session = corp\n\n${only}\n\n${corp}`);
      expect((await rejection(loadSsoProfile({ profile: "login-only", env }))).hint).toMatch(
        /, or use a profile of sso-session corp that has them: \{ profile: "svc-001-production\.AdministratorAccess" \}$/,
      );
    });
  });

  // Every AWS tool sends sso_role_name as written, quotes included, and AWS answers "No access", which
  // reads like a missing assignment: a permission set's name is [\w+=,.@-], 1 to 32 characters.
  it.each([
    ['"ReadOnly"', "ReadOnly"],
    ["'ReadOnly'", "ReadOnly"],
    ["Read Only", "<the permission set's name>"],
  ])(
    "sso_role_name = %s (not a permission set name): CONFIG_INVALID naming the key, before any request",
    async (value, fixed) => {
      await writeFile(
        aws.configPath,
        `${CONFIG}\n[profile quoted]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ${value}\n`,
      );
      const error = await rejection(loadSsoProfile({ profile: "quoted", env }));
      expect(error.code).toBe("CONFIG_INVALID");
      expect(error.message).toBe(
        `profile "quoted" in ${aws.configPath}: sso_role_name ${JSON.stringify(value)} is not a permission set name (letters, digits and + = , . @ _ - only): the AWS CLI and the SDKs send it as written, and AWS answers "No access"`,
      );
      expect(error.hint).toBe(`set "sso_role_name = ${fixed}" in [profile quoted] in ${aws.configPath}`);
    },
  );

  it("sso_session naming an sso-session in another case (Corp): the hint names the one there, as the AWS CLI refuses it too", async () => {
    // The AWS CLI: 'The specified sso-session does not exist: "Corp"'; the names are case-sensitive.
    await writeFile(
      aws.configPath,
      `${CONFIG}\n[profile cased]\nsso_session = Corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n`,
    );
    const error = await rejection(loadSsoProfile({ profile: "cased", env }));
    expect(error.message).toBe(
      `Profile "cased" refers to sso-session "Corp", which is not defined in ${aws.configPath}`,
    );
    expect(error.hint).toBe(
      `did you mean corp? set sso_session = corp in [profile cased] (sso-session names are case-sensitive); else add an [sso-session Corp] section with sso_start_url and sso_region to ${aws.configPath}`,
    );
  });

  it("a name near none of the profiles (x, nothere): no guess", async () => {
    for (const name of ["x", "nothere"]) {
      const error = await rejection(loadSsoProfile({ profile: name, env }));
      expect(error.hint).toBe(
        `${SYNC_FIRST}add a [profile ${name}] section to ${aws.configPath}, or run: aws configure sso --profile ${name}`,
      );
    }
  });

  // A team's ssoenv.toml names profiles as `ssoenv profiles sync` writes them (svc-001-staging.PowerUserAccess):
  // on a laptop that has the [sso-session] and has not synced yet, the sync is what writes the profile.
  it("a config with an [sso-session] and without the profile: the hint offers profiles sync first", async () => {
    await writeFile(
      aws.configPath,
      "[default]\nregion = ap-northeast-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n",
    );
    const name = "svc-001-staging.PowerUserAccess";
    const error = await rejection(loadSsoProfile({ profile: name, env }));
    expect(error.code).toBe("PROFILE_NOT_FOUND");
    expect(error.hint).toBe(
      `${SYNC_FIRST}add a [profile ${name}] section to ${aws.configPath}, or run: aws configure sso --profile ${name}`,
    );
  });

  it("a config without any [sso-session]: no sync offered", async () => {
    await writeFile(
      aws.configPath,
      "[profile dev]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n",
    );
    const error = await rejection(loadSsoProfile({ profile: "nothere", env }));
    expect(error.hint).toBe(
      `add a [profile nothere] section to ${aws.configPath}, or run: aws configure sso --profile nothere`,
    );
  });

  it("names no variable when the profile was given", async () => {
    const error = await rejection(
      loadSsoProfile({ profile: "nothere", env: { ...env, AWS_PROFILE: "dev" } }),
    );
    expect(error.message).not.toContain("(from ");
    expect(error.hint).not.toContain("unset");
  });

  it("a [profile NAME] whose lines are all key: value (the AWS CLI reads them, the SDKs none): names its line, not 'add a section'", async () => {
    await writeFile(
      aws.configPath,
      `${CONFIG}\n[profile colon]\nsso_session: corp\nsso_account_id: 111111111111\nsso_role_name: ReadOnly\n`,
    );
    const line = `${CONFIG}\n`.split("\n").length;
    const error = await rejection(loadSsoProfile({ profile: "colon", env }));
    expect(error.code).toBe("PROFILE_NOT_FOUND");
    expect(error.message).toContain(
      `Profile "colon" not found: line ${line} of ${aws.configPath} has [profile colon], but none of its lines is key = value`,
    );
    expect(error.hint).toBe(
      "write each line of [profile colon] as key = value (ssoenv doctor names the lines)",
    );
  });

  it("a [NAME] header (the credentials file's form) in the config file: names its line and [profile NAME]", async () => {
    // The AWS CLI, boto3 and the SDKs all skip it in the config file ("could not be found").
    await writeFile(
      aws.configPath,
      `${CONFIG}\n[ bare ]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n`,
    );
    const line = `${CONFIG}\n`.split("\n").length;
    const error = await rejection(loadSsoProfile({ profile: "bare", env }));
    expect(error.code).toBe("PROFILE_NOT_FOUND");
    expect(error.message).toContain(`Profile "bare" not found: line ${line} of ${aws.configPath} has [bare]`);
    expect(error.hint).toMatch(/^write the header as \[profile bare\]/);
  });

  it.each([
    ["[sso-session  extra]", "extra", "[sso-session extra]", ""],
    ["[sso-session extra ]", "extra", "[sso-session extra]", ""],
    [
      '[sso-session "my corp"]',
      "my corp",
      "[sso-session my-corp]",
      " and sso_session = my-corp in each profile that uses it",
    ],
  ])(
    "an sso-session header the AWS CLI reads but the SDKs skip (%s): names its line and the header to write",
    async (header, session, fixed, more) => {
      // The AWS CLI and boto3 split the header like a shell and use the section; the SDKs skip it.
      await writeFile(
        aws.configPath,
        `${CONFIG}\n${header}\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\n[profile p]\nsso_session = ${session}\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n`,
      );
      const line = `${CONFIG}\n`.split("\n").length;
      const error = await rejection(loadSsoProfile({ profile: "p", env }));
      expect(error.code).toBe("CONFIG_INVALID");
      expect(error.message).toBe(
        `Profile "p" refers to sso-session "${session}": line ${line} of ${aws.configPath} names it in a way the AWS CLI and boto3 read but the AWS SDKs and ssoenv skip (quotes around a name with spaces, or extra spaces)`,
      );
      expect(error.hint).toBe(
        `write the header as ${fixed}${more} (one space after "sso-session", none in the name: the AWS CLI and the SDKs then read the same section)`,
      );
    },
  );

  // The AWS CLI and boto3 read the later of the two sections alone, the AWS SDKs [profile default] alone:
  // [default] after [profile default] is another account to each, so ssoenv takes neither.
  it("[default] after [profile default]: refused, naming both lines; the other order (the same profile to all) is read", async () => {
    const section = (account: string) =>
      `sso_session = corp\nsso_account_id = ${account}\nsso_role_name = ReadOnly\n`;
    const head = "[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n";
    await writeFile(
      aws.configPath,
      `${head}\n[profile default]\n${section("111111111111")}\n[default]\n${section("222222222222")}`,
    );
    const error = await rejection(loadSsoProfile({ profile: "default", env }));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toBe(
      `${aws.configPath} defines the default profile twice, [profile default] on line 5 and [default] on line 10: the AWS CLI and boto3 read only the later one, the AWS SDKs only [profile default]`,
    );
    expect(error.hint).toBe(`merge the two into one [default] section in ${aws.configPath}`);
    await writeFile(
      aws.configPath,
      `${head}\n[default]\n${section("222222222222")}\n[profile default]\n${section("111111111111")}`,
    );
    expect((await loadSsoProfile({ profile: "default", env })).accountId).toBe("111111111111");
  });

  // [Profile dev], [ default ], [SSO-Session corp]: the AWS CLI, boto3 and the SDKs all skip the section.
  it.each([
    ["[Profile dev2]", "dev2", "[profile dev2]"],
    ["[ profile dev2]", "dev2", "[profile dev2]"],
    ["[Default]", "default", "[default]"],
    ["[ default ]", "default", "[default]"],
  ])(
    "a %s header (read by no AWS tool): names its line and the header to write",
    async (header, name, fixed) => {
      await writeFile(
        aws.configPath,
        `[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\n[profile other]\nregion = x\n\n${header}\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n`,
      );
      const error = await rejection(loadSsoProfile({ profile: name, env }));
      expect(error.code).toBe("PROFILE_NOT_FOUND");
      expect(error.message).toBe(
        `Profile "${name}" not found: line 8 of ${aws.configPath} has ${header}, which no AWS tool reads (they take [profile NAME], [sso-session NAME] and [default] only as written here: lower case, no space after "[")`,
      );
      expect(error.hint).toBe(`write the header as ${fixed}`);
    },
  );

  it("sso_session = corp2 with an [SSO-Session corp2] header: names its line", async () => {
    await writeFile(
      aws.configPath,
      `${CONFIG}\n[SSO-Session corp2]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\n[profile p]\nsso_session = corp2\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n`,
    );
    const line = `${CONFIG}\n`.split("\n").length;
    const error = await rejection(loadSsoProfile({ profile: "p", env }));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toBe(
      `Profile "p" refers to sso-session "corp2": line ${line} of ${aws.configPath} has [SSO-Session corp2], which no AWS tool reads (they take [profile NAME], [sso-session NAME] and [default] only as written here: lower case, no space after "[")`,
    );
    expect(error.hint).toBe("write the header as [sso-session corp2]");
  });

  // No AWS tool reads [profile My Dev]: botocore splits the header at its spaces (three words), the SDKs
  // take no space in a name. Adding that section (the generic hint) changes nothing; a name does.
  it("a [profile My Dev] header (read by no AWS tool): names its line and the name to use, not 'add a section'", async () => {
    await writeFile(
      aws.configPath,
      `${CONFIG}\n[profile My Dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n`,
    );
    const line = `${CONFIG}\n`.split("\n").length;
    const error = await rejection(loadSsoProfile({ profile: "My Dev", env }));
    expect(error.code).toBe("PROFILE_NOT_FOUND");
    expect(error.message).toBe(
      `Profile "My Dev" not found: line ${line} of ${aws.configPath} names it with a space, which no AWS tool reads (the AWS CLI and boto3 split the header at its spaces; the AWS SDKs and ssoenv take A-Z, a-z, 0-9 and - _ @ + . % : / only in a name)`,
    );
    expect(error.hint).toBe(
      `write the header as [profile My-Dev] and use { profile: "My-Dev" } (no space in the name: the AWS CLI and the SDKs then read the same profile)`,
    );
  });

  // botocore reads [profile dev~1] (it splits the header like a shell); the SDKs take no ~ , # ( in a name.
  it.each([
    ["dev~1", "dev-1"],
    ["a,b", "a-b"],
    ["dev#1", "dev-1"],
    ["dev(1)", "dev-1"],
  ])(
    "a [profile %s] header (read by the AWS CLI, skipped by the SDKs): names its line and a name to write, not 'no AWS tool reads'",
    async (name, fixed) => {
      await writeFile(
        aws.configPath,
        `${CONFIG}\n[profile ${name}]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n`,
      );
      const line = `${CONFIG}\n`.split("\n").length;
      const error = await rejection(loadSsoProfile({ profile: name, env }));
      expect(error.code).toBe("PROFILE_NOT_FOUND");
      expect(error.message).toBe(
        `Profile "${name}" not found: line ${line} of ${aws.configPath} names it with characters the AWS CLI and boto3 read but the AWS SDKs and ssoenv skip in a name (they take A-Z, a-z, 0-9 and - _ @ + . % : / only)`,
      );
      expect(error.hint).toBe(
        `write the header as [profile ${fixed}] and use { profile: "${fixed}" } (ASCII letters and digits: the AWS CLI and the SDKs then read the same profile)`,
      );
    },
  );

  it("sso_session = corp~1 with an [sso-session corp~1] header (read by the AWS CLI): names its line, not 'add an [sso-session corp~1] section'", async () => {
    await writeFile(
      aws.configPath,
      `${CONFIG}\n[sso-session corp~1]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\n[profile p]\nsso_session = corp~1\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n`,
    );
    const line = `${CONFIG}\n`.split("\n").length;
    const error = await rejection(loadSsoProfile({ profile: "p", env }));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toBe(
      `Profile "p" refers to sso-session "corp~1": line ${line} of ${aws.configPath} names it with characters the AWS CLI and boto3 read but the AWS SDKs and ssoenv skip in a name (they take A-Z, a-z, 0-9 and - _ @ + . % : / only)`,
    );
    expect(error.hint).toBe(
      "write the header as [sso-session corp-1] and sso_session = corp-1 in each profile that uses it (ASCII letters and digits: the AWS CLI and the SDKs then read the same section)",
    );
  });

  it("--profile dev~1 with no such section: the hint does not say that no AWS tool reads the name (the AWS CLI would)", async () => {
    const error = await rejection(loadSsoProfile({ profile: "dev~1", env }));
    expect(error.code).toBe("PROFILE_NOT_FOUND");
    expect(error.hint).toBe(
      `did you mean dev? { profile: "dev" }; else the AWS SDKs and ssoenv read no profile named "dev~1" (the AWS CLI and boto3 would; the SDKs take A-Z, a-z, 0-9 and - _ @ + . % : / only in a name): name it dev-1: add a [profile dev-1] section to ${aws.configPath}, or run: aws configure sso --profile dev-1`,
    );
  });

  it("--profile 'My Dev' with no such section: the hint gives a name AWS tools read, never an unquoted 'aws configure sso --profile My Dev'", async () => {
    const error = await rejection(loadSsoProfile({ profile: "My Dev", env }));
    expect(error.code).toBe("PROFILE_NOT_FOUND");
    expect(error.hint).toBe(
      `did you mean dev? { profile: "dev" }; else no AWS tool reads a profile named "My Dev" (a name takes A-Z, a-z, 0-9 and - _ @ + . % : / only): name it My-Dev: add a [profile My-Dev] section to ${aws.configPath}, or run: aws configure sso --profile My-Dev`,
    );
  });

  it("sso_session = my corp with an [sso-session my corp] header (read by no AWS tool): names its line", async () => {
    await writeFile(
      aws.configPath,
      `${CONFIG}\n[sso-session my corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\n[profile p]\nsso_session = my corp\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n`,
    );
    const line = `${CONFIG}\n`.split("\n").length;
    const error = await rejection(loadSsoProfile({ profile: "p", env }));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toBe(
      `Profile "p" refers to sso-session "my corp": line ${line} of ${aws.configPath} names it with a space, which no AWS tool reads (the AWS CLI and boto3 split the header at its spaces; the AWS SDKs and ssoenv take A-Z, a-z, 0-9 and - _ @ + . % : / only in a name)`,
    );
    expect(error.hint).toBe(
      `write the header as [sso-session my-corp] and sso_session = my-corp in each profile that uses it (no space in the name: the AWS CLI and the SDKs then read the same section)`,
    );
  });

  it("login --sso-session of a header the AWS CLI reads but the SDKs skip ([sso-session  extra]): names its line", async () => {
    await writeFile(
      aws.configPath,
      "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n\n[sso-session  extra]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n",
    );
    const error = await rejection(loadSsoSessionProfile({ ssoSession: "extra", env }));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toBe(
      `sso-session "extra": line 5 of ${aws.configPath} names it in a way the AWS CLI and boto3 read but the AWS SDKs and ssoenv skip (quotes around a name with spaces, or extra spaces)`,
    );
    expect(error.hint).toBe(
      `write the header as [sso-session extra] (one space after "sso-session", none in the name: the AWS CLI and the SDKs then read the same section)`,
    );
  });

  it("says the config file does not exist", async () => {
    const error = await rejection(
      loadSsoProfile({ profile: "dev", env: { HOME: join(aws.home, "nobody") } }),
    );
    expect(error.code).toBe("PROFILE_NOT_FOUND");
    expect(error.message).toContain("does not exist");
  });

  it("names AWS_CONFIG_FILE when the file it names does not exist (not 'set AWS_CONFIG_FILE')", async () => {
    const typo = join(aws.home, "aws-confg");
    const error = await rejection(loadSsoProfile({ profile: "dev", env: { ...env, AWS_CONFIG_FILE: typo } }));
    expect(error.code).toBe("PROFILE_NOT_FOUND");
    expect(error.message).toBe(
      `Profile "dev" not found: AWS_CONFIG_FILE names ${typo}, which does not exist`,
    );
    expect(error.hint).toBe(
      "fix AWS_CONFIG_FILE, or unset it to use ~/.aws/config (or create the file: aws configure sso --profile dev)",
    );
  });

  it("a config with an sso-session and no profile yet (as aws configure sso-session leaves it): the sync or login to run", async () => {
    const configPath = join(aws.home, ".aws", "config");
    await writeFile(
      configPath,
      "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n",
    );
    const error = await rejection(loadSsoProfile({ env }));
    expect(error.code).toBe("PROFILE_NOT_FOUND");
    expect(error.message).toBe(
      `Profile "default" not found: ${configPath} has no profile yet, only [sso-session corp]`,
    );
    expect(error.hint).toBe(
      "ssoenv profiles sync --sso-session corp (a profile for every account and role you are assigned; it logs in first), or ssoenv login --sso-session corp to log in alone",
    );
  });

  it("lists only valid SSO profiles", async () => {
    const names = (await listSsoProfiles({ env })).map((p) => p.name);
    expect(names).toEqual(["default", "dev", "old"]);
  });
});

describe("resolveProfileName", () => {
  it("prefers the option, then SSOENV_PROFILE, then AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default", () => {
    const env = { SSOENV_PROFILE: "a", AWS_PROFILE: "b", AWS_DEFAULT_PROFILE: "c" };
    expect(resolveProfileName({ profile: "x", env })).toBe("x");
    expect(resolveProfileName({ env })).toBe("a");
    expect(resolveProfileName({ env: { AWS_PROFILE: "b", AWS_DEFAULT_PROFILE: "c" } })).toBe("b");
    expect(resolveProfileName({ env: { AWS_DEFAULT_PROFILE: "c" } })).toBe("c");
    expect(resolveProfileName({ env: {} })).toBe("default");
  });
});

describe("loadConfigProfiles", () => {
  it("gives each profile of the file what loadSsoProfile gives for it, from one read", async () => {
    const chained = `${CONFIG}
[profile deployer]
role_arn = arn:aws:iam::222222222222:role/Deployer
source_profile = dev
region = ap-northeast-1

[profile loop]
role_arn = arn:aws:iam::222222222222:role/Deployer
source_profile = loop
`;
    const aws = await createAwsHome({ config: chained, prefix: "ssoenv-config-" });
    try {
      const env = { HOME: aws.home };
      const all = await loadConfigProfiles({ env });
      const names = all.map((entry) => entry.name);
      expect(names).toEqual([
        "default",
        "dev",
        "old",
        "static",
        "ghost",
        "norole",
        "noaccount",
        "badaccount",
        "noregion",
        "conflict",
        "halfsession",
        "deployer",
        "loop",
      ]);
      for (const entry of all) {
        const one = await loadSsoProfile({ profile: entry.name, env }).then(
          (profile) => ({ name: entry.name, profile }),
          (error: unknown) => ({ name: entry.name, error }),
        );
        expect(entry, entry.name).toEqual(one);
      }
      expect(all.filter((entry) => "profile" in entry).map((entry) => entry.name)).toEqual([
        "default",
        "dev",
        "old",
        "deployer",
      ]);
    } finally {
      await aws.remove();
    }
  });
});
