import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A script's `import { ensureSession } from "@ssoenv/core"` is on its start's path, before any
// request: what sends a request (core's AWS clients and call loop, the AWS SDK, node:http for the
// browser login's callback) loads with the first request, as sendAws does. Checked by what the import
// loads, not by a clock. Before, the import loaded core's AWS clients, its call loop, the SDK's loader,
// and the PKCE flow's loopback server (node:http), through login, consoleSignInUrl and syncProfiles,
// and node:http again through logout (its stop of `ssoenv serve`).
const exampleDir = fileURLToPath(new URL("../../examples/node-script/", import.meta.url));

/** Core's modules that send requests, or load what sends them (as "aws/aws-clients.js"). */
const SENDS_REQUESTS = [
  "aws/aws-clients.js",
  "aws/call-aws.js",
  "aws/load-sdk.js",
  "aws/http-get.js",
  "aws/guard-aws-client.js",
  "login/pkce-flow.js",
  "login/loopback-callback.js",
  "profiles/list-account-roles.js",
];

/**
 * The AWS SDK's packages the import may load: its config reader, which core reads ~/.aws/config with
 * (DESIGN: as the SDKs read it), and which every public function but the text ones needs first.
 */
const READS_THE_CONFIG = ["@smithy/core", "@smithy/shared-ini-file-loader", "@smithy/types"];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ssoenv-import-core-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What `node -e 'import("@ssoenv/core")'` loads, run from examples/node-script as a script of it would. */
async function loadedByImport(): Promise<{
  core: string[];
  packages: string[];
  builtins: string[];
  signalListeners: Record<string, number>;
}> {
  const out = join(dir, "loaded.json");
  const preload = join(dir, "record-modules.cjs");
  await writeFile(
    preload,
    `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify({
  builtins: process.moduleLoadList,
  files: Object.keys(require.cache),
  signalListeners: Object.fromEntries(["SIGINT", "SIGTERM", "SIGHUP"].map((s) => [s, process.listenerCount(s)])),
})));\n`,
  );
  const stderr = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ["--require", preload, "-e", 'import("@ssoenv/core")'],
      // NODE_DEBUG=esm's log is 0.4 MB on Node 20 but 7 MB on Node 24 (it dumps each module job),
      // past execFile's 1 MiB default: CI's Node 24 step failed on "stderr maxBuffer length exceeded".
      {
        cwd: exampleDir,
        env: { ...process.env, NODE_DEBUG: "esm" },
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
      },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stderr),
    );
  });
  const recorded = JSON.parse(await readFile(out, "utf8")) as {
    builtins: string[];
    files: string[];
    signalListeners: Record<string, number>;
  };
  const esModules = [...stderr.matchAll(/^ESM \d+: Storing file:\/\/(\S+) .*in ModuleLoadMap$/gm)].map(
    (match) => match[1] as string,
  );
  const files = [...recorded.files, ...esModules];
  return {
    core: esModules.flatMap((path) => /\/packages\/core\/dist\/(.*)$/.exec(path)?.slice(1) ?? []),
    packages: [
      ...new Set(
        files.flatMap((file) => /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.slice(1) ?? []),
      ),
    ].sort(),
    builtins: recorded.builtins.flatMap((entry) => /^NativeModule (.*)$/.exec(entry)?.slice(1) ?? []),
    signalListeners: recorded.signalListeners,
  };
}

describe('import("@ssoenv/core")', () => {
  it("loads nothing that sends a request: no AWS SDK, none of core's AWS clients, no HTTP", async () => {
    const loaded = await loadedByImport();
    // The import did load core (so the checks below are about the right run).
    expect(loaded.core).toEqual(expect.arrayContaining(["index.js", "session/ensure-session.js"]));
    expect(loaded.core.filter((module) => SENDS_REQUESTS.includes(module))).toEqual([]);
    const sdk = loaded.packages.filter((name) => /^@(aws-sdk|smithy|aws-crypto)\//.test(name));
    expect(sdk.filter((name) => !READS_THE_CONFIG.includes(name))).toEqual([]);
    // (node:net may load: node:child_process, which opens the browser, loads it; it sends nothing.)
    expect(loaded.builtins.filter((name) => ["http", "https", "tls", "http2"].includes(name))).toEqual([]);
  });

  // proper-lockfile sets signal-exit's SIGINT, SIGTERM and SIGHUP listeners (and patches process.emit)
  // as it loads: a library's import must not change how the script's process ends.
  it("loads no lock library and leaves the process's signal handling alone", async () => {
    const loaded = await loadedByImport();
    expect(loaded.packages.filter((name) => ["proper-lockfile", "signal-exit"].includes(name))).toEqual([]);
    expect(loaded.signalListeners).toEqual({ SIGINT: 0, SIGTERM: 0, SIGHUP: 0 });
  });
});
