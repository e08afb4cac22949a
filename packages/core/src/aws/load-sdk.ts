import { createRequire } from "node:module";
// Type-only: each SDK module loads on the first call to its service, so that the offline paths
// (cached credential-process, status's offline answer, the mise hook) and the errors found before any
// call never load one.
import type * as SsoSdk from "@aws-sdk/client-sso";
import type * as SsoOidcSdk from "@aws-sdk/client-sso-oidc";
import type * as StsSdk from "@aws-sdk/client-sts";
import type { AwsService } from "./aws-clients.js";

/** Each service's SDK module. */
export interface AwsSdk {
  sso: typeof SsoSdk;
  "sso-oidc": typeof SsoOidcSdk;
  sts: typeof StsSdk;
}

const requireSdk = createRequire(import.meta.url);

const SDK_PACKAGE: { [S in AwsService]: string } = {
  sso: "@aws-sdk/client-sso",
  "sso-oidc": "@aws-sdk/client-sso-oidc",
  sts: "@aws-sdk/client-sts",
};

/**
 * The service's SDK module (CommonJS), with `require`, not `import()`: on Node.js 20 an `import()` of
 * it goes through the ES module loader, which runs cjs-module-lexer over the client's CommonJS and the
 * SDK packages it re-exports to find their export names, ~0.1 s of CPU per command that calls AWS.
 * `require` loads the same files (the packages' `main`, dist-cjs) without that.
 */
export function loadSdk<S extends AwsService>(service: S): AwsSdk[S] {
  return requireSdk(SDK_PACKAGE[service]) as AwsSdk[S];
}
