import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CliResult, CliWorld } from "./cli-world.js";

/** What a process loaded, as a preload saw it at exit. */
export interface LoadedModules {
  /** Built-in modules Node.js loaded (process.moduleLoadList), e.g. "NativeModule crypto". */
  builtins: string[];
  /** Every CommonJS file loaded (ES modules do not show here; Node.js's ES module loader shows in `builtins`). */
  files: string[];
  /**
   * Every ES module file loaded (paths), as NODE_DEBUG=esm lists them ("Storing file:///… in
   * ModuleLoadMap"), when asked for (`esModules: true`); else empty.
   */
  esModules: string[];
}

/**
 * Writes, in `world`'s HOME, a preload that records at exit every module the process loaded. Run a
 * process with `NODE_OPTIONS: recorder.nodeOptions`, then `recorder.read()` what it loaded.
 */
export async function moduleRecorder(
  world: CliWorld,
): Promise<{ nodeOptions: string; read(): Promise<Omit<LoadedModules, "esModules">> }> {
  const out = join(world.home, "loaded.json");
  const preload = join(world.home, "record-modules.cjs");
  await writeFile(
    preload,
    `const { writeFileSync } = require("node:fs");
process.on("exit", () => {
  const files = [...Object.keys(require.cache)];
  writeFileSync(${JSON.stringify(out)}, JSON.stringify({ builtins: process.moduleLoadList, files }));
});
`,
  );
  return {
    nodeOptions: `--require ${preload}`,
    read: async () => JSON.parse(await readFile(out, "utf8")) as Omit<LoadedModules, "esModules">,
  };
}

/**
 * Runs `ssoenv ARGS` in `world` with a preload that records, at exit, every module the process
 * loaded: what makes a hot path cheap is what it does not load, and that can be checked without a clock.
 */
export async function runRecordingModules(
  world: CliWorld,
  args: string[],
  options: { cwd?: string; esModules?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult & { loaded: LoadedModules }> {
  const recorder = await moduleRecorder(world);
  const result = await world.run(args, {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: {
      ...options.env,
      NODE_OPTIONS: recorder.nodeOptions,
      ...(options.esModules ? { NODE_DEBUG: "esm" } : {}),
    },
  });
  const loaded = await recorder.read();
  const esModules = [...result.stderr.matchAll(/^ESM \d+: Storing file:\/\/(\S+) .*in ModuleLoadMap$/gm)].map(
    (match) => match[1] as string,
  );
  // The debug lines are the recorder's, not the command's: stderr as the command wrote it.
  const stderr = result.stderr
    .split("\n")
    .filter((line) => !/^ESM \d+: /.test(line))
    .join("\n");
  return { ...result, stderr, loaded: { ...loaded, esModules } };
}

/** The loaded files other than the recorder, as "folder/file" ("dist/bin.cjs"). */
export function ourFiles(loaded: LoadedModules): string[] {
  return loaded.files
    .filter((file) => !file.endsWith("record-modules.cjs"))
    .map((file) => file.split("/").slice(-2).join("/"));
}
