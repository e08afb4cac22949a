import { SSOClient } from "@aws-sdk/client-sso";
import { SSOOIDCClient } from "@aws-sdk/client-sso-oidc";
import { STSClient } from "@aws-sdk/client-sts";
import type { Emulator } from "../types.js";

/** Real SDK clients pointed at the emulator, with quick retries so fault tests stay short. */
export function sdkClients(emulator: Emulator, options: { maxAttempts?: number } = {}) {
  const common = { region: emulator.region, endpoint: emulator.url, maxAttempts: options.maxAttempts ?? 1 };
  return {
    oidc: new SSOOIDCClient(common),
    sso: new SSOClient(common),
    stsWith(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
      return new STSClient({ ...common, credentials });
    },
  };
}
