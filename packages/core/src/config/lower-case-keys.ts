type Section = Record<string, string | undefined>;

/**
 * Each section with its key names in lower case: the AWS CLI and boto3 (configparser) read
 * `SSO_ACCOUNT_ID`, `Region` or `SSO_Start_URL` as `sso_account_id` / `region` / `sso_start_url`; the
 * SDK's loader keeps the case and would miss them. (A key given twice in two cases the AWS CLI
 * refuses, and so does validateConfigFile.)
 */
export function lowerCaseKeys(sections: Record<string, Section>): Record<string, Section> {
  return Object.fromEntries(
    Object.entries(sections).map(([name, values]) => [
      name,
      Object.fromEntries(Object.entries(values).map(([key, value]) => [key.toLowerCase(), value])),
    ]),
  );
}
