// Bundled on its own (dist/quick-check-start.js): bin.ts starts the scan's native quick check from
// it before loading anything else, without a package lookup on the way.
export { startQuickCheck } from "@ssoenv/secret-scan/quick-check";
