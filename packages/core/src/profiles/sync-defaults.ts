// What `ssoenv profiles sync --help` shows of the sync's defaults, in a module without the sync itself:
// help reads them without loading the AWS clients.

/** The `[sso-session]` key that sets the name template of its generated profiles. */
export const NAME_TEMPLATE_KEY = "ssoenv_profile_name_template";

/**
 * The default name of a generated profile: what a person types, e.g. `svc-007-production.ReadOnlyAccess`.
 * The account name comes first so that a shell's completion narrows by account, then by role.
 */
export const DEFAULT_NAME_TEMPLATE = "{account_name}.{role_name}";

/** Requests in flight at once, at most. @see listAccountRoles */
export const DEFAULT_LISTING_CONCURRENCY = 8;
