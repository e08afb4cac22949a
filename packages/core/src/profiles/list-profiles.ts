import { configFilePath } from "../config/aws-paths.js";
import { validateConfigFile } from "../config/validate-config-file.js";
import { validateOptions } from "../validate-options.js";
import { findGeneratedBlocks } from "./generated-block.js";
import { handWrittenProfiles } from "./hand-written-profiles.js";

/** One profile of the config file, as `ssoenv profiles list` shows it. */
export interface ListedProfile {
  name: string;
  /** `sso_session`, else null (a legacy SSO profile or not an SSO profile). */
  ssoSession: string | null;
  /** `sso_account_id`, or for a role chain the account of its `role_arn` (as `roleName` its role). */
  accountId: string | null;
  /** The account's name as `profiles sync` last saw it (for any profile of that account), else null. */
  accountName: string | null;
  roleName: string | null;
  /** True when `ssoenv profiles sync` wrote it (it is inside a generated block). */
  generated: boolean;
}

/**
 * Every profile of `~/.aws/config` (or `AWS_CONFIG_FILE`) in file order, hand-written and generated,
 * with its account, role and sso-session. Offline: it reads the file only.
 * @throws SsoenvError `CONFIG_INVALID` for a broken generated block, or a config file that is a
 *   directory, unreadable or malformed (validateConfigFile).
 */
export async function listProfiles(
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<{ configPath: string; profiles: ListedProfile[] }> {
  validateOptions({ fn: "listProfiles", options, kinds: { env: "env" }, example: "listProfiles()" });
  const configPath = configFilePath(options.env ?? process.env);
  // A directory, an unreadable file or lines the AWS CLI refuses: one line naming the file.
  const { text = "" } = await validateConfigFile({ path: configPath });
  const blocks = findGeneratedBlocks({ text, configPath });
  const accountNames = new Map<string, string>();
  for (const block of blocks) {
    for (const p of block.profiles) if (p.accountName) accountNames.set(p.accountId, p.accountName);
  }
  const rows: { offset: number; profile: ListedProfile }[] = [];
  for (const p of handWrittenProfiles({ text, blocks })) {
    // A role chain's credentials are for the role its role_arn names, also beside sso_* keys (the AWS
    // CLI assumes the role then). IAM role names have no "/"; a path comes before them.
    const assumed = /^arn:[\w-]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(p.values.role_arn ?? "");
    const accountId = assumed?.[1] ?? p.values.sso_account_id ?? null;
    rows.push({
      offset: p.offset,
      profile: {
        name: p.name,
        ssoSession: p.values.sso_session ?? null,
        accountId,
        accountName: (accountId && accountNames.get(accountId)) || null,
        roleName: assumed?.[2] ?? p.values.sso_role_name ?? null,
        generated: false,
      },
    });
  }
  for (const block of blocks) {
    block.profiles.forEach((p, i) => {
      rows.push({
        offset: block.start + i,
        profile: {
          name: p.name,
          ssoSession: block.ssoSession,
          accountId: p.accountId,
          accountName: p.accountName || null,
          roleName: p.roleName,
          generated: true,
        },
      });
    });
  }
  return { configPath, profiles: rows.sort((a, b) => a.offset - b.offset).map((r) => r.profile) };
}
