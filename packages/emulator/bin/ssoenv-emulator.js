#!/usr/bin/env node
// The `ssoenv-emulator` command. This small file is committed (not built) so that the bin exists
// from the moment the package does: `pnpm install` links it before any build. It runs the built one.
import "../dist/bin.js";
