import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { loadSharedConfigFiles } from "@smithy/shared-ini-file-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS_CLI_V2, skipWithoutAwsCliV2 } from "../test-support/aws-cli.js";
import {
  describeConfigLineProblem,
  findConfigLineProblems,
  isConfigLineRefused,
} from "./find-config-problems.js";

/** Config texts, and the problems found in each (reason@line). */
const CASES: Array<[name: string, text: string, expected: string[]]> = [
  ["a clean file", "[profile dev]\nregion = eu-west-1\ns3 =\n    x = 1\n# c\n; c\n", []],
  ["CRLF and a comment after a header", "[profile dev] # c\r\nregion = x\r\n", []],
  ["an empty value", "[profile dev]\noutput =\n", []],
  [
    "an empty region (or sso_region), not a sub-section",
    "[profile dev]\nregion =\n[sso-session corp]\nsso_region =\n# c\n\nsso_start_url = u\n[profile b]\nregion =\n  x = 1\n",
    ["empty-region@2", "empty-region@4"],
  ],
  [
    "an empty sso_session beside the legacy keys",
    "[profile dev]\nsso_session =\nsso_start_url = u\nsso_region = us-east-1\n",
    ["empty-sso-session@2"],
  ],
  ["an indented first line", "[profile dev]\n  region = x\n", []],
  ["a header without ]", "[profile dev\nregion = x\n", ["unclosed-section@1", "outside-section@2"]],
  ["a key before any section", "region = x\n[profile dev]\n", ["outside-section@1"]],
  ["a line without =", "[profile dev]\nregion = x\njunk\n", ["not-key-value@3"]],
  ["[]", "[]\nregion = x\n", ["empty-section-name@1", "outside-section@2"]],
  ["= without a key", "[profile dev]\n= x\n", ["empty-key@2"]],
  ["a key twice (any case)", "[profile dev]\nregion = x\nRegion = y\n", ["duplicate-key@3"]],
  ["a section twice", "[profile dev]\nregion = x\n[profile dev]\noutput = json\n", ["duplicate-section@3"]],
  ["a byte-order mark", "\uFEFF[profile dev]\nregion = x\n", ["byte-order-mark@1"]],
  // UTF-16 (Windows PowerShell's > and Out-File), as read as UTF-8: its BOM, then a NUL after each letter.
  [
    "UTF-16 text",
    `\uFFFD\uFFFD${[..."[profile dev]\nregion = x\n"].map((c) => `${c}\0`).join("")}`,
    ["utf-16@1"],
  ],
  ["key: value", "[profile dev]\nregion: eu-west-1\n", ["colon-separator@2"]],
  [
    "a comment after a value",
    "[profile dev]\nsso_role_name = ReadOnly ; c\nregion = x # c\n",
    ["inline-comment@2", "inline-comment@3"],
  ],
  [
    "an indented line under a key with a value",
    "[profile dev]\nsso_role_name = ReadOnly\n  region = eu-west-1\n  output = json\n[profile b]\nregion = x\n  s3 =\n",
    ["continued-value@3", "continued-value@7"],
  ],
  [
    "a sub-section line without = (a value written on the next line)",
    "[profile dev]\nregion =\n  eu-west-1\ns3 =\n  # c\n  x = 1\n",
    ["nested-not-key-value@3"],
  ],
  ["a quoted profile name with a space", '[profile "my dev"]\nregion = x\n', ["section-name-skipped@1"]],
  ["extra spaces in a header", "[profile   dev  ]\nregion = x\n", ["section-name-skipped@1"]],
  [
    "signs in a name the SDKs do not take (~ , #)",
    "[profile dev~1]\nregion = x\n[sso-session a,b]\nsso_region = x\n[profile dev#1]\nregion = y\n",
    ["section-name-skipped@1", "section-name-skipped@3", "section-name-skipped@5"],
  ],
  [
    "a [services] header with a trailing space or a sign",
    "[services local ]\nsts =\n  endpoint_url = http://localhost:4566\n[services a~1]\nsts =\n  endpoint_url = http://localhost:4566\n",
    ["section-name-skipped@1", "section-name-skipped@4"],
  ],
  ["a dot after profile", "[profile.dev]\nregion = x\n", ["sdk-only-section@1"]],
  [
    "a dot after sso-session",
    "[sso-session.corp]\nsso_region = x\n[profile dev]\nsso_session = corp\n",
    ["sdk-only-section@1"],
  ],
  // Skipped by every AWS tool (botocore splits it into three words), so the section is dead: said.
  [
    "an unquoted name with a space (skipped by both)",
    "[profile my dev]\nregion = x\n",
    ["section-name-unread@1"],
  ],
  ["an sso-session name with a space", "[sso-session my corp]\nsso_region = x\n", ["section-name-unread@1"]],
  // "profile", "sso-session" and "default" in another case, or a space inside the bracket: every AWS tool skips it.
  [
    "a header's kind in another case, or spaced inside its brackets",
    "[Profile dev]\nregion = x\n[ default ]\nregion = x\n[SSO-Session corp]\nsso_region = x\n[Default]\nregion = y\n",
    ["section-kind-unread@1", "section-kind-unread@3", "section-kind-unread@5", "section-kind-unread@7"],
  ],
  [
    "[profile default], then [default]",
    "[profile default]\nregion = a\n[default]\nregion = b\n",
    ["two-defaults@3"],
  ],
  [
    "[DEFAULT] (configparser's defaults for every section)",
    "[DEFAULT]\nregion = a\n\n[profile dev]\noutput = json\n",
    ["default-section@1"],
  ],
  [
    "[Default] (a section of its own for both: not the default profile)",
    "[Default]\nregion = a\n",
    ["section-kind-unread@1"],
  ],
  [
    "[DEFAULT] twice (one section for configparser)",
    "[DEFAULT]\nregion = a\n[profile dev]\noutput = json\n[DEFAULT]\noutput = text\n",
    ["default-section@1", "default-section@5"],
  ],
  [
    "a key in two [DEFAULT]s",
    "[DEFAULT]\nregion = a\n[DEFAULT]\nregion = b\n",
    ["default-section@1", "default-section@3", "duplicate-key@4"],
  ],
  [
    'one profile under two headers, [profile dev] and [profile "dev"]',
    '[profile dev]\nregion = a\n[profile "dev"]\noutput = json\n',
    ["same-section-twice@3"],
  ],
  [
    "one sso-session under two headers (a tab after sso-session)",
    "[sso-session corp]\nsso_region = a\n[sso-session\tcorp]\nsso_start_url = u\n",
    ["same-section-twice@3"],
  ],
  [
    "[default], then [profile default] (read alike)",
    "[default]\nregion = a\n[profile default]\nregion = b\n",
    [],
  ],
];

/** The cases whose lines the AWS CLI reads, but not as the SDKs do. */
const READ_DIFFERENTLY = CASES.filter(
  ([, text]) =>
    findConfigLineProblems(text).length > 0 && !findConfigLineProblems(text).some(isConfigLineRefused),
);

describe("findConfigLineProblems", () => {
  it.each(CASES)("%s", (_name, text, expected) => {
    expect(findConfigLineProblems(text).map((p) => `${p.reason}@${p.line}`)).toEqual(expected);
  });

  it("names a key only when it looks like one (a mistyped line may hold a secret)", () => {
    const secret = `${"AbCdEfGh".repeat(4)}12345678`;
    for (const line of [`${secret}=`, "abc/def+ghi=", `[profile dev]\n${secret}=\n${secret}=`]) {
      const problems = findConfigLineProblems(`${line}\n`);
      expect(problems.length).toBeGreaterThan(0);
      for (const problem of problems) expect(problem.key).toBeUndefined();
    }
    expect(findConfigLineProblems("aws_secret_access_key = s\n")[0]?.key).toBe("aws_secret_access_key");
  });
  // Not a fixed "e.g. [profile my-dev]": a services or sso-session section told to become a profile.
  it.each([
    [
      '[services "local stack"]',
      "[services local-stack] (and services = local-stack in each profile that uses it)",
    ],
    [
      '[sso-session "my corp"]',
      "[sso-session my-corp] (and sso_session = my-corp in each profile that uses it)",
    ],
    ["[sso-session   corp  ]", "[sso-session corp]"],
    ['[profile "team prod"]', "[profile team-prod]"],
    ["[profile pröd-ü]", "[profile prod-u]"],
    ["[services my api]", "[services my-api] (and services = my-api in each profile that uses it)"],
    ["[profile my dev]", "[profile my-dev]"],
  ])("a skipped header %s: the header to write, of its own kind and name", (header, written) => {
    const [problem] = findConfigLineProblems(`${header}\nregion = x\n`);
    expect(problem).toBeDefined();
    expect(describeConfigLineProblem(problem as NonNullable<typeof problem>)).toMatch(
      new RegExp(`: write the header as ${written.replace(/[[\]().]/g, "\\$&")}$`),
    );
  });
});

/** The AWS CLI v2's own config parser (botocore's raw_config_parse, as `aws` runs it), over many files in one process. */
const CLI_PARSER = `
import json, sys
from awscli.botocore.configloader import raw_config_parse
refused = []
for path in sys.argv[1:]:
    try:
        raw_config_parse(path)
        refused.append(False)
    except Exception as error:
        if "Unable to parse config file" not in str(error): raise
        refused.append(True)
print(json.dumps(refused))
`;

/** The AWS CLI v2's parser again, printing what it reads: { section: { key: value } } per file. */
const CLI_VALUES = `
import json, shlex, sys
from awscli.botocore.configloader import raw_config_parse, build_profile_map
out = []
for path in sys.argv[1:]:
    raw = raw_config_parse(path, parse_subsections=False)
    built = build_profile_map(raw)
    # AWS CLI 2.9 reads no [services] sections; 2.13 and later (botocore's build_profile_map) take a
    # header split like a shell into "services" and a name, as for profiles.
    services = built.get("services")
    if services is None:
        parts = {key: shlex.split(key) for key in raw if key.startswith("services")}
        services = {p[1]: raw[key] for key, p in parts.items() if len(p) == 2}
    out.append({"raw": raw, "profiles": built["profiles"], "ssoSessions": built["sso_sessions"], "services": services})
print(json.dumps(out))
`;

describe("what the AWS CLI v2 refuses, ssoenv refuses (and only that)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ssoenv-config-problems-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(skipWithoutAwsCliV2())("agrees with the AWS CLI's parser on every case", async () => {
    const paths = await Promise.all(
      CASES.map(async ([, text], index) => {
        const path = join(dir, `config-${index}`);
        await writeFile(path, text);
        return path;
      }),
    );
    // The interpreter of the AWS CLI v2 script (Debian's: #!/usr/bin/python3).
    const python = (await readFile(AWS_CLI_V2, "utf8")).split("\n")[0]?.replace(/^#!\s*/, "") ?? "python3";
    const { stdout } = await promisify(execFile)(python, ["-c", CLI_PARSER, ...paths]);
    const refusedByCli = JSON.parse(stdout) as boolean[];
    expect(refusedByCli).toHaveLength(CASES.length);
    CASES.forEach(([name, text], index) => {
      expect(findConfigLineProblems(text).some(isConfigLineRefused), name).toBe(refusedByCli[index]);
    });
  });

  it.skipIf(skipWithoutAwsCliV2())(
    "a line reported as read differently is: the AWS CLI's values differ from the SDK's",
    async () => {
      expect(READ_DIFFERENTLY.length).toBeGreaterThanOrEqual(3);
      const paths = await Promise.all(
        READ_DIFFERENTLY.map(async ([, text], index) => {
          const path = join(dir, `differently-${index}`);
          await writeFile(path, text);
          return path;
        }),
      );
      const python = (await readFile(AWS_CLI_V2, "utf8")).split("\n")[0]?.replace(/^#!\s*/, "") ?? "python3";
      const { stdout } = await promisify(execFile)(python, ["-c", CLI_VALUES, ...paths]);
      const cliValues = JSON.parse(stdout) as Array<{
        raw: Record<string, Record<string, string>>;
        profiles: Record<string, Record<string, string>>;
        ssoSessions: Record<string, Record<string, string>>;
        services: Record<string, Record<string, string>>;
      }>;
      for (const [index, path] of paths.entries()) {
        const [name, text] = READ_DIFFERENTLY[index] as (typeof CASES)[number];
        const { configFile } = await loadSharedConfigFiles({
          configFilepath: path,
          filepath: join(dir, "no-credentials"),
          ignoreCache: true,
        });
        const {
          raw: cli,
          profiles: cliProfiles,
          ssoSessions: cliSsoSessions,
          services: cliServices,
        } = cliValues[index] as (typeof cliValues)[number];
        for (const problem of findConfigLineProblems(text)) {
          if (problem.reason === "two-defaults") {
            expect(configFile.default, name).not.toEqual(cliProfiles.default);
            continue;
          }
          if (problem.reason === "default-section") {
            // every profile has its keys for the AWS CLI, none for the SDK
            expect(cliProfiles.dev?.region, name).toBe("a");
            expect(configFile.dev?.region, name).toBeUndefined();
            continue;
          }
          if (problem.reason === "sdk-only-section") {
            // a profile or sso-session the SDK has, and the AWS CLI does not
            const sdkNames = Object.keys(configFile).map((key) => key.replace(/^sso-session\./, ""));
            expect(sdkNames, name).toContain(problem.key);
            expect(Object.keys(cliProfiles), name).not.toContain(problem.key);
            expect(Object.keys(cliSsoSessions), name).not.toContain(problem.key);
            continue;
          }
          if (problem.reason === "same-section-twice") {
            // the AWS CLI has the later section only, the SDK both merged
            const key = problem.key as string;
            const cli = cliProfiles[key] ?? cliSsoSessions[key];
            const sdk = configFile[key] ?? configFile[`sso-session.${key}`];
            expect(cli, name).toBeDefined();
            expect(sdk, name).toBeDefined();
            expect(Object.keys(sdk ?? {}).length, name).toBeGreaterThan(Object.keys(cli ?? {}).length);
            continue;
          }
          if (problem.reason === "section-name-unread" || problem.reason === "section-kind-unread") {
            // read by neither: a section lost to every AWS tool, said for that
            const key = problem.key as string;
            expect(Object.keys(cliProfiles).concat(Object.keys(cliSsoSessions)), name).not.toContain(key);
            expect(configFile[key] ?? configFile[`sso-session.${key}`], name).toBeUndefined();
            continue;
          }
          if (problem.reason === "section-name-skipped") {
            // a profile, sso-session or services section the AWS CLI has, and the SDK does not
            const key = problem.key as string;
            const cliNames = [cliProfiles, cliSsoSessions, cliServices].flatMap((map) => Object.keys(map));
            expect(cliNames, name).toContain(key);
            for (const sdkKey of [key, `sso-session.${key}`, `services.${key}`]) {
              expect(configFile[sdkKey], name).toBeUndefined();
            }
            continue;
          }
          // the section the line is in, and the key the problem names: its value in each reader
          const header = text
            .split("\n")
            .slice(0, problem.line)
            .findLast((line) => line.startsWith("["));
          const section = header?.replace(/^\[|\].*$/g, "") ?? "";
          const key = problem.key as string;
          expect(key, name).toBeTruthy();
          const sdkValue = configFile[section.replace(/^profile /, "")]?.[key];
          expect(sdkValue, `${name}: ${section} ${key}`).not.toBe(cli[section]?.[key]);
        }
      }
    },
  );
});
