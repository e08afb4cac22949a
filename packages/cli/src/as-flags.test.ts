import { describe, expect, it } from "vitest";
import { asFlags } from "./as-flags.js";

describe("asFlags", () => {
  it("writes core's options as ssoenv's flags, a value as the shell reads it back", () => {
    expect(asFlags('did you mean dev? { profile: "dev" }; else ...')).toBe(
      "did you mean dev? --profile dev; else ...",
    );
    expect(asFlags("used when none is named ({ profile }, SSOENV_PROFILE, AWS_PROFILE)")).toBe(
      "used when none is named (--profile, ssoenv.toml's profile, SSOENV_PROFILE, AWS_PROFILE)",
    );
    expect(asFlags("ask for less ({ minValidity }), or ask")).toBe(
      "ask for less (--min-validity, SSOENV_MIN_VALIDITY or min_validity in ssoenv.toml), or ask",
    );
    expect(asFlags('or log in with { login: "native" }; { method: "native" }')).toBe(
      "or log in with --method native; --method native",
    );
    expect(asFlags("or use { dryRun: true } to see the changes")).toBe("or use --dry-run to see the changes");
    expect(asFlags("to write elsewhere, pass { path } yourself")).toBe(
      "to write elsewhere, pass --env-file yourself",
    );
    expect(asFlags('{ profile: "it\'s \\"mine\\"" }')).toBe(`--profile 'it'\\''s "mine"'`);
  });

  it("adds the ways only the CLI reads (ssoenv.toml) where core lists a script's", () => {
    expect(asFlags('name yours: { profile: "dev" } (or AWS_PROFILE=dev); or add')).toBe(
      `name yours: --profile dev (or AWS_PROFILE=dev, or profile = "dev" in the project's ssoenv.toml); or add`,
    );
    // A name the shell needs quoted: quoted as a flag's value, as TOML writes it in the file.
    expect(asFlags('name yours: { profile: "my dev" } (or AWS_PROFILE=my-dev)')).toBe(
      `name yours: --profile 'my dev' (or AWS_PROFILE=my-dev, or profile = "my dev" in the project's ssoenv.toml)`,
    );
  });

  it("leaves names it has no flag for, name templates and other braces", () => {
    const text = 'a { sso_region: "x" }, {account_name}.{role_name}, { profile: dev }, {profile}';
    expect(asFlags(text)).toBe(text);
  });
});
