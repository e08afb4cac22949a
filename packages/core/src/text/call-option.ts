/**
 * An option of the call, in a message or hint, as a script writes it: `{ profile: "dev" }`,
 * `{ dryRun: true }`, or the option alone, `{ minValidity }`. Core cannot tell a script's
 * `profile: "dev"` from a typed `--profile dev`: the CLI writes these as its flags (its as-flags.ts,
 * which knows each name used here).
 *
 * @example callOption("profile", "dev") // '{ profile: "dev" }'
 * @example callOption("minValidity") // "{ minValidity }"
 */
export function callOption(name: string, value?: string | true): string {
  return value === undefined ? `{ ${name} }` : `{ ${name}: ${JSON.stringify(value)} }`;
}
