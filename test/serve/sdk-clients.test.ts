import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, type CliWorld, startCliWorld } from "../cli/support/cli-world.js";
import { useCliWorld } from "../cli/support/use-cli-world.js";
import { findTool, warnMissing } from "../container/support/find-tool.js";
import { type MotoServer, startMotoServer } from "../container/support/moto-server.js";
import { REPO_ROOT } from "../container/support/sso-home.js";
import { endpointOnlyEnv, runProgram, type ServeProcess, startServe } from "./support/serve-world.js";

const AWS_CLI_V2 = "/usr/bin/aws";
const hasAwsCli = existsSync(AWS_CLI_V2);
if (!hasAwsCli) warnMissing("AWS CLI v2 (/usr/bin/aws)", "the AWS CLI through ssoenv serve test");

// Every client below has no credentials but the endpoint: the emulator's STS checks the SigV4
// signature against the role credentials it issued, so a 200 proves they came through ssoenv serve.
const ARN =
  /^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]+\/dev-user$/;

describe("ssoenv serve: the SDKs and tools read credentials from it", () => {
  const world = useCliWorld({ loggedIn: true });
  let serve: ServeProcess;

  beforeAll(async () => {
    if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run \`pnpm build\` first`);
    serve = await startServe(world, ["--profile", "dev"]);
    // The server's own first fetch (GetRoleCredentials + GetCallerIdentity) is out of the way.
    const warm = await fetch(serve.uri, { headers: { Authorization: serve.token } });
    expect(warm.status).toBe(200);
  });

  afterAll(async () => {
    serve?.child.kill("SIGTERM");
    await serve?.exited;
  });

  it("the JS SDK v3 default chain", async () => {
    const before = world.emulator.stats().byOperation.GetCallerIdentity ?? 0;
    const script = `
      import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
      const answer = await new STSClient({}).send(new GetCallerIdentityCommand({}));
      console.log(answer.Arn);`;
    const result = await runProgram(process.execPath, ["--input-type=module", "-e", script], {
      env: endpointOnlyEnv(world, serve),
    });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toMatch(ARN);
    expect(world.emulator.stats().byOperation.GetCallerIdentity).toBe(before + 1);
  });

  it("boto3", async () => {
    const before = world.emulator.stats().byOperation.GetCallerIdentity ?? 0;
    const script = [
      "import boto3, os",
      "session = boto3.Session()",
      "print(session.get_credentials().method)",
      "print(session.client('sts', endpoint_url=os.environ['AWS_ENDPOINT_URL_STS']).get_caller_identity()['Arn'])",
    ].join("\n");
    const result = await runProgram("python3", ["-c", script], { env: endpointOnlyEnv(world, serve) });
    expect(result.stderr).toBe("");
    const [method, arn] = result.stdout.trim().split("\n");
    expect(method).toBe("container-role");
    expect(arn).toMatch(ARN);
    expect(world.emulator.stats().byOperation.GetCallerIdentity).toBe(before + 1);
  });

  it.skipIf(!hasAwsCli)("the AWS CLI v2", async () => {
    const before = world.emulator.stats().byOperation.GetCallerIdentity ?? 0;
    const result = await runProgram(
      AWS_CLI_V2,
      [
        "sts",
        "get-caller-identity",
        "--endpoint-url",
        world.emulator.url,
        "--query",
        "Arn",
        "--output",
        "text",
      ],
      { env: endpointOnlyEnv(world, serve) },
    );
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toMatch(ARN);
    expect(world.emulator.stats().byOperation.GetCallerIdentity).toBe(before + 1);
  });

  it("a file that pointed at another endpoint (token file, relative URI): both SDKs use ssoenv's after --env-file", async () => {
    // Each SDK takes AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE over AWS_CONTAINER_AUTHORIZATION_TOKEN, and
    // AWS_CONTAINER_CREDENTIALS_RELATIVE_URI over the full URI: left in the file, they win.
    const staleToken = join(world.project, "stale-token");
    await writeFile(staleToken, "a-token-of-another-endpoint");
    await writeFile(
      join(world.project, "moved.env"),
      `APP=1\nAWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=${staleToken}\nAWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/credentials/old\n`,
    );
    const moved = await startServe(world, ["--profile", "dev"], { envFile: "moved.env" });
    try {
      const { parse } = await import("dotenv");
      const values = parse(await readFile(join(world.project, "moved.env"), "utf8"));
      expect(Object.keys(values).sort()).toEqual([
        "APP",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
      ]);
      // The file's variables exactly, on an environment with no credentials of its own.
      const {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: _uri,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: _token,
        ...base
      } = endpointOnlyEnv(world, moved);
      const env = { ...base, ...values, AWS_REGION: "us-east-1", AWS_DEFAULT_REGION: "us-east-1" };
      const js = await runProgram(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
           console.log((await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn);`,
        ],
        { env },
      );
      expect(js.stdout.trim()).toMatch(ARN);
      const python = await runProgram(
        "python3",
        [
          "-c",
          "import boto3, os\nprint(boto3.client('sts', endpoint_url=os.environ['AWS_ENDPOINT_URL_STS']).get_caller_identity()['Arn'])",
        ],
        { env },
      );
      expect(python.stdout.trim()).toMatch(ARN);
    } finally {
      moved.child.kill("SIGTERM");
      await moved.exited;
    }
  }, 60_000);

  it("a tampered secret is refused by the emulator: the signature check is real", async () => {
    const script = [
      "import boto3, os",
      "c = boto3.Session().get_credentials().get_frozen_credentials()",
      "sts = boto3.client('sts', endpoint_url=os.environ['AWS_ENDPOINT_URL_STS'], aws_access_key_id=c.access_key,",
      "                   aws_secret_access_key=c.secret_key + 'x', aws_session_token=c.token)",
      "try:",
      "    sts.get_caller_identity()",
      "except Exception as e:",
      "    print(type(e).__name__, e.response['Error']['Code'])",
    ].join("\n");
    const result = await runProgram("python3", ["-c", script], { env: endpointOnlyEnv(world, serve) });
    expect(result.stdout.trim()).toBe("ClientError SignatureDoesNotMatch");
  });
});

const terraform = findTool("terraform");
const motoServer = findTool("moto_server");
if (!terraform) warnMissing("terraform", "the terraform through ssoenv serve test");
if (!motoServer) warnMissing("moto_server (python moto[server])", "the terraform through ssoenv serve test");

describe.skipIf(!terraform || !motoServer)(
  "ssoenv serve: terraform (Go SDK v2) reads credentials from it",
  () => {
    let world: CliWorld;
    let serve: ServeProcess;
    let moto: MotoServer;

    beforeAll(async () => {
      world = await startCliWorld();
      await world.logIn();
      serve = await startServe(world, ["--profile", "dev"]);
      moto = await startMotoServer({ command: motoServer });
    });

    afterAll(async () => {
      serve?.child.kill("SIGTERM");
      await serve?.exited;
      await moto?.stop();
      await world?.stop();
    });

    it("terraform init (s3 backend, credentials validated at STS) and apply", async () => {
      const workdir = join(world.project, "tf");
      await mkdir(workdir, { recursive: true });
      await copyFile(join(REPO_ROOT, "examples/terraform-container/main.tf"), join(workdir, "main.tf"));
      await moto.createBucket("served-state");
      await writeFile(
        join(workdir, "backend.hcl"),
        [
          'bucket = "served-state"',
          'key = "serve/terraform.tfstate"',
          'region = "us-east-1"',
          "use_path_style = true",
          "skip_credentials_validation = false",
          "skip_metadata_api_check = true",
          `endpoints = { s3 = "${moto.url}", sts = "${world.emulator.url}" }`,
          "",
        ].join("\n"),
      );
      const env = endpointOnlyEnv(world, serve, {
        TMPDIR: world.project,
        CHECKPOINT_DISABLE: "1",
        TF_IN_AUTOMATION: "1",
        NO_COLOR: "1",
      });
      const before = world.emulator.stats().byOperation.GetCallerIdentity ?? 0;
      const init = await runProgram(
        terraform as string,
        ["init", "-input=false", "-no-color", "-backend-config=backend.hcl"],
        { env, cwd: workdir, timeoutMs: 120_000 },
      );
      expect(init.stdout + init.stderr).toContain('Successfully configured the backend "s3"');
      expect(init.exitCode).toBe(0);
      // The backend's STS GetCallerIdentity reached the emulator, signed with the served credentials.
      expect(world.emulator.stats().byOperation.GetCallerIdentity ?? 0).toBeGreaterThan(before);
      const apply = await runProgram(
        terraform as string,
        ["apply", "-auto-approve", "-input=false", "-no-color"],
        { env, cwd: workdir, timeoutMs: 120_000 },
      );
      expect(apply.stdout).toContain("Apply complete! Resources: 1 added");
      expect(await moto.getObject("served-state", "serve/terraform.tfstate")).toContain("terraform_data");
    }, 240_000);
  },
);
