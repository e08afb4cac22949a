import { execFile } from "node:child_process";
import { basename } from "node:path";

/** The lines of the shim `pyenv rehash` writes that name pyenv's root and the pyenv it runs. */
const PYENV_ROOT_LINE = /^export PYENV_ROOT="([^"]+)"$/m;
const PYENV_EXEC_LINE = /^exec "([^"]+)" exec "\$program" "\$@"$/m;

/**
 * The file a pyenv shim would run now, as pyenv itself says (`pyenv which aws`: PYENV_VERSION, the
 * .python-version files up from the working folder, the global version, pyenv's which-hooks), or
 * undefined when `text` is no pyenv shim or pyenv names no file. `pyenv which` costs a few bash
 * starts (~40 ms), the shim's `aws --version` a Python start (~0.6 s).
 */
export async function pyenvShimTarget(options: {
  /** The shim's path as found on PATH (the shim runs the command named as its own file is). */
  path: string;
  /** The shim's text. */
  text: string;
  env: NodeJS.ProcessEnv;
}): Promise<string | undefined> {
  const root = PYENV_ROOT_LINE.exec(options.text)?.[1];
  const pyenv = PYENV_EXEC_LINE.exec(options.text)?.[1];
  if (!root || !pyenv) return undefined;
  return new Promise((resolve) => {
    execFile(
      pyenv,
      ["which", basename(options.path)],
      { env: { ...options.env, PYENV_ROOT: root }, timeout: 15_000, encoding: "utf8" },
      (error, stdout) => {
        const target = stdout.trim();
        resolve(!error && target.startsWith("/") && !target.includes("\n") ? target : undefined);
      },
    );
  });
}
