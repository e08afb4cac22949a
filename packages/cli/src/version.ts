import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
/** Version of @ssoenv/cli, read from its package.json (works from src/ and dist/). */
export const version: string = (require("../package.json") as { version: string }).version;
