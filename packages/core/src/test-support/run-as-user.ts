import { execFile, spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { AS_NOBODY, NOBODY_UID } from "./as-nobody.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../../..");

/** What a child printed: its JSON result on stdout, and its stderr. */
export type ChildResult = Record<string, unknown> & { stderr: string };

/**
 * Runs `node --import tsx ...script` (from the repository root) as a user file modes apply to: as
 * root (CI), `nobody` through setpriv, `home` handed to it first; otherwise this user. Tests that
 * call it ask canRunAsNobody (as-nobody.ts) first. The child
 * prints one JSON object on stdout. Default script: test-support/ensure-session-child.ts.
 */
export async function runAsUser(options: {
  env: NodeJS.ProcessEnv;
  home: string;
  script?: string[];
}): Promise<ChildResult> {
  const script = options.script ?? [join(here, "ensure-session-child.ts")];
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await promisify(execFile)("chown", ["-R", `${NOBODY_UID}:${NOBODY_UID}`, options.home]);
  const node = [process.execPath, "--no-warnings", "--import", "tsx", ...script];
  const [command, ...args] = asRoot ? [...AS_NOBODY, ...node] : node;
  return new Promise((done, fail) => {
    const proc = spawn(command as string, args, {
      cwd: repoRoot,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    proc.stdout.on("data", (d: Buffer) => {
      out += d;
    });
    proc.stderr.on("data", (d: Buffer) => {
      err += d;
    });
    proc.on("error", fail);
    proc.on("close", () => {
      try {
        done({ ...(JSON.parse(out) as Record<string, unknown>), stderr: err });
      } catch {
        fail(new Error(`child printed no result; stderr: ${err.slice(0, 2000)}`));
      }
    });
  });
}
