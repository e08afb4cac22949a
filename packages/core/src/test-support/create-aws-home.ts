import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A temporary HOME with a real `~/.aws/config`. */
export interface AwsHome {
  home: string;
  /** `<home>/.aws/config`. */
  configPath: string;
  /** Deletes the whole HOME. */
  remove(): Promise<void>;
}

/** Creates a temporary HOME (`<tmpdir>/<prefix>XXXXXX`) whose `~/.aws/config` holds `config`. */
export async function createAwsHome(options: { config: string; prefix?: string }): Promise<AwsHome> {
  const home = await mkdtemp(join(tmpdir(), options.prefix ?? "ssoenv-home-"));
  await mkdir(join(home, ".aws"));
  const configPath = join(home, ".aws", "config");
  await writeFile(configPath, options.config);
  return { home, configPath, remove: () => rm(home, { recursive: true, force: true }) };
}
