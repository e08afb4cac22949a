import { safeProfileName, withoutAccents } from "../config/safe-profile-name.js";
import { SsoenvError } from "../errors.js";
import { callOption } from "../text/call-option.js";
import { DEFAULT_NAME_TEMPLATE } from "./sync-defaults.js";

/** The source of a template given as the call's `nameTemplate` (the CLI's --name-template). */
export const NAME_TEMPLATE_OPTION = callOption("nameTemplate");

/** The placeholders a name template may use. */
export const NAME_PLACEHOLDERS = ["account_name", "account_id", "role_name", "sso_session"] as const;

export type NamePlaceholder = (typeof NAME_PLACEHOLDERS)[number];

/** A checked template, and where it came from (for messages). */
export interface NameTemplate {
  template: string;
  /** NAME_TEMPLATE_OPTION, "ssoenv_profile_name_template in [sso-session corp] of FILE", or "the default template". */
  source: string;
  /** The template and its source as messages name them: `{ nameTemplate: "{x}" }`, `SOURCE "{x}"`. */
  named: string;
  isDefault: boolean;
}

/**
 * Checks a profile name template: `{placeholder}` for each of {@link NAME_PLACEHOLDERS}, anything else
 * literal. A brace that does not open a known placeholder is an error (it is a typo far more often than
 * an intended character, and braces are replaced in names anyway).
 * @throws SsoenvError `INVALID_ARGUMENT` (from the flag) or `CONFIG_INVALID` (from the config key).
 */
export function parseNameTemplate(options: {
  template: string | undefined;
  /** Where the template was written; undefined for the call's `nameTemplate` (NAME_TEMPLATE_OPTION). */
  source?: string;
  /** Error code for a bad template. @default "INVALID_ARGUMENT" */
  code?: "INVALID_ARGUMENT" | "CONFIG_INVALID";
}): NameTemplate {
  if (options.template === undefined) {
    const source = "the default template";
    return {
      template: DEFAULT_NAME_TEMPLATE,
      source,
      named: `${source} "${DEFAULT_NAME_TEMPLATE}"`,
      isDefault: true,
    };
  }
  const template = options.template;
  const source = options.source ?? NAME_TEMPLATE_OPTION;
  const named =
    source === NAME_TEMPLATE_OPTION ? callOption("nameTemplate", template) : `${source} "${template}"`;
  const fail = (what: string) =>
    new SsoenvError(options.code ?? "INVALID_ARGUMENT", `${named}: ${what}`, {
      hint: `use placeholders ${NAME_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}, e.g. ${callOption("nameTemplate", DEFAULT_NAME_TEMPLATE)}`,
    });
  if (template.trim() === "") throw fail("the template is empty");
  const known = new Set<string>(NAME_PLACEHOLDERS);
  let used = 0;
  for (const match of template.matchAll(/\{([^{}]*)\}|[{}]/g)) {
    if (match[1] === undefined) throw fail(`a lone "${match[0]}" at character ${(match.index ?? 0) + 1}`);
    if (!known.has(match[1])) throw fail(`unknown placeholder {${match[1]}}`);
    used++;
  }
  if (used === 0) throw fail("it has no placeholder, so every profile would get the same name");
  // The default asked for by name is the default: clashes get the account id, nothing is recorded.
  return { template, source, named, isDefault: template === DEFAULT_NAME_TEMPLATE };
}

/**
 * The profile name for one account and role: each value made safe on its own (accents dropped: "Zürich"
 * gives "Zurich"; an account name with no letter or digit left, such as "本番", gives way to the account
 * id), the template filled in, then the whole made safe (see {@link safeProfileName}).
 */
export function renderProfileName(template: NameTemplate, values: Record<NamePlaceholder, string>): string {
  const safe = (value: string) => safeProfileName(withoutAccents(value));
  const filled: Record<string, string> = {};
  for (const key of NAME_PLACEHOLDERS) filled[key] = safe(values[key]);
  if (filled.account_name === "") filled.account_name = filled.account_id ?? "";
  return safeProfileName(template.template.replace(/\{([a-z_]+)\}/g, (_, key: string) => filled[key] ?? ""));
}
