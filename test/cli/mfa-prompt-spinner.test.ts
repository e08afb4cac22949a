import { spawn } from "node:child_process";
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "dotenv";
import { beforeAll, expect, it } from "vitest";
import { CLI_COMMAND } from "./support/cli-world.js";
import { hasScript } from "./support/has-script.js";
import { useCliWorld } from "./support/use-cli-world.js";

// While ssoenv asks for an MFA code, the line is the user's: the spinner of another profile's
// progress (here a throttled call being retried) must not draw over the prompt or what is typed.

const GUARDED = "arn:aws:iam::444444444444:role/Guarded";
const MFA = { serialNumber: "arn:aws:iam::111111111111:mfa/alice", tokenCode: "246810" };
const PROMPT = `Enter MFA code for ${MFA.serialNumber}: `;

const world = useCliWorld({ emulator: { roles: [{ arn: GUARDED, mfa: MFA }] }, loggedIn: true });

beforeAll(async () => {
  // A second sso-session (its own token cache) on the same start URL: its profiles go in parallel
  // with those of corp, as they would for two Identity Center instances.
  await appendFile(
    world.configPath,
    [
      "[profile guarded]",
      `role_arn = ${GUARDED}`,
      "source_profile = dev",
      `mfa_serial = ${MFA.serialNumber}`,
      "",
      "[sso-session other]",
      `sso_start_url = ${world.emulator.startUrl}`,
      `sso_region = ${world.emulator.region}`,
      "sso_registration_scopes = sso:account:access",
      "",
      "[profile elsewhere]",
      "sso_session = other",
      "sso_account_id = 222222222222",
      "sso_role_name = ReadOnly",
      "",
    ].join("\n"),
  );
  await world.logIn({ ssoSession: "other" });
  await writeFile(
    join(world.project, "ssoenv.toml"),
    '[[env_files]]\npath = "guarded.env"\nprofile = "guarded"\n\n[[env_files]]\npath = "elsewhere.env"\nprofile = "elsewhere"\n',
  );
});

it.skipIf(!hasScript)(
  "no spinner draws while the MFA code is asked, though another profile's progress goes on meanwhile",
  async () => {
    // guarded calls GetCallerIdentity only once its code is typed: the first one is elsewhere's,
    // held until the prompt shows, then throttled, so that elsewhere retries (an event) under the prompt.
    const held = world.emulator.faults.hold("GetCallerIdentity");
    world.emulator.faults.add({ operation: "GetCallerIdentity", kind: "throttle", times: 1 });
    const child = spawn("script", ["-qec", `${CLI_COMMAND} refresh`, "/dev/null"], {
      env: { ...world.env, TERM: "xterm", NO_COLOR: "1" },
      cwd: world.project,
    });
    let text = "";
    let seen = () => {};
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      seen();
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    await Promise.race([
      new Promise<void>((resolve) => {
        seen = () => text.includes(PROMPT) && resolve();
        seen();
      }),
      exited,
    ]);
    expect(text).toContain(PROMPT);
    await held.arrived;
    // elsewhere's retry, held once it comes: its "retrying" event is out by then, however slow the machine.
    const retried = world.emulator.faults.hold("GetCallerIdentity");
    held.release();
    await retried.arrived;
    // A spinner would draw at that event and every 80 ms after: time for its frames to reach the pty.
    await new Promise((resolve) => setTimeout(resolve, 500));
    retried.release();
    expect(world.emulator.stats().byOperation.GetCallerIdentity, "elsewhere retried meanwhile").toBe(2);
    // After the prompt, until the code is typed, only readline's cursor move: no frame, no cursor
    // hidden, no line cleared.
    const underPrompt = text.slice(text.indexOf(PROMPT) + PROMPT.length);
    expect(JSON.stringify(underPrompt)).toMatch(/^"(\\u001b\[\d+G)?"$/);
    child.stdin.write(`${MFA.tokenCode}\r`);
    expect(await exited, text).toBe(0);
    const keys = parse(await readFile(join(world.project, "guarded.env")));
    expect(keys.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(parse(await readFile(join(world.project, "elsewhere.env"))).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
  },
  60_000,
);
