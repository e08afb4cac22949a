import { describe, expect, it } from "vitest";
import type { AccountRole } from "./list-account-roles.js";
import { planProfilesSync } from "./plan-profiles-sync.js";
import { parseNameTemplate } from "./profile-name-template.js";

const SESSION = { name: "corp", startUrl: "https://corp.awsapps.com/start" };
const HEAD = "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n";

function plan(
  text: string,
  listing: AccountRole[],
  extra: { template?: string; prune?: boolean; region?: string; adopt?: string } = {},
) {
  return planProfilesSync({
    text,
    configPath: "/home/me/.aws/config",
    ssoSession: SESSION,
    listing,
    template: parseNameTemplate({ template: extra.template }),
    templateErrorCode: "INVALID_ARGUMENT",
    region: extra.region,
    prune: extra.prune ?? false,
    adopt: extra.adopt,
  });
}

const pair = (accountId: string, accountName: string, roleName: string): AccountRole => ({
  accountId,
  accountName,
  roleName,
});

describe("planProfilesSync", () => {
  it("orders profiles by account name, id and role, whatever order the service listed them in", () => {
    const listing = [pair("2", "b", "X"), pair("1", "a", "Y"), pair("1", "a", "X")];
    const a = plan(HEAD, listing);
    const b = plan(HEAD, [...listing].reverse());
    expect(a.text).toBe(b.text);
    expect(a.profiles.map((p) => p.name)).toEqual(["a.X", "a.Y", "b.X"]);
  });

  it("is idempotent: planning on its own output changes nothing", () => {
    const listing = [pair("111111111111", "Payments Prod", "Admin"), pair("222222222222", "dev", "ReadOnly")];
    const first = plan(HEAD, listing, { region: "eu-west-1" });
    const second = plan(first.text, listing);
    expect(second.text).toBe(first.text);
    expect(second.unchanged).toEqual(["Payments-Prod.Admin", "dev.ReadOnly"]);
  });

  it("takes over the block of a renamed sso-session only when it holds a role of the listing (not another organisation's)", () => {
    const listing = [pair("111111111111", "dev", "Admin"), pair("222222222222", "stg", "ReadOnly")];
    const old = plan(HEAD, listing)
      .text.replaceAll("profiles: sso-session corp", "profiles: sso-session old")
      .replaceAll("sso_session = corp", "sso_session = old");
    const renamed = plan(old, listing, { adopt: "old" });
    expect(renamed.adoptedFrom).toBe("old");
    expect(renamed.text).not.toContain("old");
    expect(renamed.profiles.map((p) => p.name)).toEqual(["dev.Admin", "stg.ReadOnly"]);
    // another Identity Center's accounts: its block stays as it was, the new one gets a block of its own
    const other = plan(old, [pair("333333333333", "prod", "Admin")], { adopt: "old" });
    expect(other.adoptedFrom).toBeUndefined();
    expect(other.lost).toEqual([]);
    expect(other.text.startsWith(old)).toBe(true);
    expect(other.profiles.map((p) => p.name)).toEqual(["prod.Admin"]);
  });

  it("a line you added with trailing spaces (aws configure set cli_pager \"\" writes 'cli_pager = ') stays byte for byte: nothing to rewrite", () => {
    const listing = [pair("111111111111", "dev", "Admin")];
    const text = plan(HEAD, listing).text.replace(
      "ssoenv_account_name = dev\n",
      "ssoenv_account_name = dev\ncli_pager = \n# note  \n",
    );
    expect(plan(text, listing).text).toBe(text);
  });

  it("adds nothing (not even an empty block) when there is nothing to generate", () => {
    expect(plan(HEAD, []).text).toBe(HEAD);
  });

  it("a hand-written legacy profile with the sso-session's start URL also wins", () => {
    const text = `${HEAD}[profile old]\nsso_start_url = https://corp.awsapps.com/start/#\nsso_account_id = 1\nsso_role_name = X\n`;
    const result = plan(text, [pair("1", "a", "X"), pair("1", "a", "Y")]);
    expect(result.profiles.map((p) => p.name)).toEqual(["a.Y"]);
    expect(result.handWritten).toEqual(["1/X -> old"]);
  });

  it("a hand-written profile whose key names are in another case also wins (the AWS CLI reads SSO_Account_Id)", () => {
    const text = `${HEAD}[profile mine]\nSSO_Session = corp\nSSO_Account_Id = 1\nSSO_ROLE_NAME = X\n`;
    const result = plan(text, [pair("1", "a", "X"), pair("1", "a", "Y")]);
    expect(result.profiles.map((p) => p.name)).toEqual(["a.Y"]);
    expect(result.handWritten).toEqual(["1/X -> mine"]);
  });

  it("a generated name a hand-written profile already has gets the account id (default template)", () => {
    const text = `${HEAD}[profile a.X]\nregion = us-east-1\n`;
    expect(plan(text, [pair("1", "a", "X")]).profiles.map((p) => p.name)).toEqual(["a.X-1"]);
  });

  it("two roles of one account that differ only in replaced characters get -2", () => {
    const result = plan(HEAD, [pair("1", "a", "Read Only"), pair("1", "a", "Read/Only")]);
    expect(result.profiles.map((p) => p.name).sort()).toEqual(["a.Read-Only-1", "a.Read-Only-1-2"]);
  });

  it("a user template that clashes with a hand-written profile's name is refused", () => {
    const text = `${HEAD}[profile X]\nregion = us-east-1\n`;
    expect(() => plan(text, [pair("1", "a", "X")], { template: "{role_name}" })).toThrow(
      /gives two profiles the name "X" \(account 1 role X and \[profile X\]/,
    );
  });

  it("keeps other sso-sessions' blocks and the text between blocks as they are", () => {
    const other =
      "# BEGIN ssoenv generated profiles: sso-session other (x)\n[profile a.X]\nsso_session = other\nsso_account_id = 9\nsso_role_name = X\n# END ssoenv generated profiles: sso-session other\n";
    const text = `${HEAD}\n${other}; trailing comment\n`;
    const result = plan(text, [pair("1", "a", "X")]);
    expect(result.text.startsWith(text)).toBe(true);
    expect(result.profiles.map((p) => p.name)).toEqual(["a.X-1"]);
  });
});

describe("planProfilesSync and what you wrote inside the block", () => {
  const listing = [pair("1", "a", "X"), pair("2", "b", "Y")];
  const synced = () => plan(HEAD, listing).text;

  it("keeps a comment in a generated profile, and one above it, with that profile", () => {
    const text = synced()
      .replace("[profile b.Y]", "# b is the payments account\n[profile b.Y]")
      .replace("ssoenv_account_name = a\n", "ssoenv_account_name = a\n; output = text (try later)\n");
    const result = plan(text, listing);
    expect(result.text).toContain("ssoenv_account_name = a\n; output = text (try later)\n");
    expect(result.text).toContain(
      "[profile b.Y]\nsso_session = corp\nsso_account_id = 2\nsso_role_name = Y\nssoenv_account_name = b\n# b is the payments account\n",
    );
    // Kept where the rewrite put them: the next sync changes nothing.
    expect(plan(result.text, listing).text).toBe(result.text);
  });

  it("keeps a note at the top of the block, ended by a blank line, above the block: not in the first profile, not pruned with it", () => {
    const text = synced().replace("[profile a.X]", "# these roles are read-only\n\n[profile a.X]");
    const result = plan(text, listing);
    expect(result.text).toContain("# these roles are read-only\n# BEGIN ssoenv generated profiles");
    expect(result.text).toContain("ssoenv_account_name = a\n\n[profile b.Y]");
    expect(plan(result.text, listing).text).toBe(result.text);
    // Account a is gone and pruned: the note was about the block, it stays.
    expect(plan(text, [pair("2", "b", "Y")], { prune: true }).text).toContain(
      "# these roles are read-only\n",
    );
  });

  it("refuses a second profile for one account and role in the block, rather than drop one", () => {
    const text = synced().replace(
      "# END",
      "\n[profile mine]\nsso_session = corp\nsso_account_id = 2\nsso_role_name = Y\noutput = json\n# END",
    );
    const line = text.split("\n").indexOf("[profile mine]") + 1;
    expect(() => plan(text, listing)).toThrow(
      `/home/me/.aws/config line ${line}: [profile mine] is a second profile for account 2 role Y in the generated block of sso-session corp`,
    );
  });

  it("refuses a generated profile whose sso_session was changed by hand, rather than set it back", () => {
    const text = synced().replace("[profile b.Y]\nsso_session = corp", "[profile b.Y]\nsso_session = other");
    expect(() => plan(text, listing)).toThrow(
      /\[profile b\.Y\] has sso_session = other, but it is in the generated block/,
    );
  });

  it("a generated default profile written [profile default] by an older sync becomes [default], as aws configure writes it; then nothing changes", () => {
    const listing = [pair("111111111111", "default", "Dev")];
    const older = plan(HEAD, listing, { template: "{account_name}" }).text.replace(
      "[default]",
      "[profile default]",
    );
    const next = plan(older, listing, { template: "{account_name}" });
    expect(next.text).toContain("\n[default]\nsso_session = corp\nsso_account_id = 111111111111\n");
    expect(next.text).not.toContain("[profile default]");
    expect(next.unchanged).toEqual(["default"]);
    expect(plan(next.text, listing, { template: "{account_name}" }).text).toBe(next.text);
  });
});

describe("parseNameTemplate", () => {
  it.each([
    ["{account_name}.{role_name}", undefined],
    ["{account}", /unknown placeholder \{account\}/],
    ["{role_name", /a lone "\{"/],
    ["static", /no placeholder/],
    ["  ", /empty/],
  ])("%s", (template, error) => {
    const parse = () => parseNameTemplate({ template });
    if (error) expect(parse).toThrow(error);
    else expect(parse().template).toBe(template);
  });
});
