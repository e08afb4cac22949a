import { statPath } from "@ssoenv/core/internal/fs/stat-path";
import { shellWord } from "@ssoenv/secret-scan/shell-word";

/**
 * A warning when other users can read `path`: an .env file holding temporary keys, or serve's token
 * (which fetches keys from 127.0.0.1), is still a secret. The mode itself is left as the user set it.
 */
export function readableByOthers(path: string): string | undefined {
  const mode = statPath(path)?.mode;
  if (mode === undefined || (mode & 0o077n) === 0n) return undefined;
  return `${path} is readable by other users (mode ${(mode & 0o777n).toString(8)}): chmod 600 ${shellWord(path)}`;
}
