/**
 * A labelled corpus of AWS credentials in the places they leak, generated at run time: no key-shaped
 * literal is ever committed (the repository's own scan would stop it). Each case lists the secrets a
 * scanner must report; negative cases list none. `SECRET_SCAN_SEED` reproduces a run.
 */
import { randomInt } from "node:crypto";
import type { RuleId } from "@ssoenv/secret-scan";
import { isLikelyKeyId, isLikelySecretKey } from "../../packages/secret-scan/src/credential-shape.js";

export interface ExpectedSecret {
  rule: RuleId;
  secret: string;
}

export interface CorpusCase {
  name: string;
  /** File name, with the extension that makes it realistic. */
  file: string;
  content: string | Buffer;
  /** What must be reported; empty for a true negative. */
  expected: ExpectedSecret[];
  /** Why the case exists, for the printed table. */
  kind: "positive" | "negative" | "allowed";
}

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const HEX = "0123456789abcdef";

/** A seeded generator so a failing run can be replayed with SECRET_SCAN_SEED. */
export function createRandom(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n;
  };
}

export function corpusSeed(): number {
  const fromEnv = process.env.SECRET_SCAN_SEED;
  return fromEnv ? Number(fromEnv) : randomInt(2 ** 31);
}

/** Key-shaped value factories (exported for the git-level and CLI tests). */
export function createKeyFactory(seed: number) {
  const random = createRandom(seed);
  const pick = (alphabet: string, n: number) => {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(random(alphabet.length))];
    return s;
  };
  // The scanner passes over, on purpose, the random keys that read as a placeholder or as words
  // (DUMMY, XXXXX, a secret 85% lower-case words: credential-shape.ts), about 1 key ID in 400,000
  // and 1 secret in 130,000. A test that must find every key it plants draws such a one again, or
  // it fails by chance once in a few hundred suite runs; credential-shape.test.ts holds the shape
  // checks to accepting random keys, so this cannot hide their getting stricter.
  const likely = (draw: () => string, check: (value: string) => boolean) => {
    for (let tries = 0; tries < 10; tries++) {
      const value = draw();
      if (check(value)) return value;
    }
    throw new Error("10 random keys in a row fail the scanner's shape checks: they reject random keys");
  };
  return {
    /** "AKIA" + 16 base32 characters (or another prefix). */
    keyId: (prefix = "AKIA") =>
      likely(() => prefix + pick(B32, prefix.length === 3 ? 17 : 16), isLikelyKeyId),
    /** 40 base64 characters; `withSlash` puts a "/" and a "+" in it (for escaping and URL cases). */
    secret: (withSlash = false) =>
      likely(() => {
        const s = pick(B64, 40);
        return withSlash ? `${s.slice(0, 7)}/${s.slice(8, 21)}+${s.slice(22)}` : s;
      }, isLikelySecretKey),
    /** An STS session token: the stable serialized-header prefix, then random base64. */
    token: (withPrefix = true) =>
      (withPrefix ? ["IQoJ", "b3JpZ2luX2VjE"].join("") : "") + pick(B64, 340 + Math.floor(random(200))),
    hex: (n: number) => pick(HEX, n),
    base64: (n: number) => pick(B64, n),
    upper: (n: number) => pick(B32, n),
  };
}

const b64 = (s: string) => Buffer.from(s).toString("base64");
const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, "utf16le")]);
const utf16be = (s: string) => {
  const le = Buffer.from(s, "utf16le");
  for (let i = 0; i + 1 < le.length; i += 2) {
    const a = le[i] as number;
    le[i] = le[i + 1] as number;
    le[i + 1] = a;
  }
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
};

/** The documented AWS examples, assembled so no committed line spells a key shape. */
export const DOC_KEY_ID = ["AKIA", "IOSFODNN7", "EXAMPLE"].join("");
export const DOC_SECRET = ["wJalrXUtnFEMI", "/K7MDENG/bPxRfiCY", "EXAMPLEKEY"].join("");

export function buildCorpus(seed: number): CorpusCase[] {
  const k = createKeyFactory(seed);
  const cases: CorpusCase[] = [];
  const pos = (name: string, file: string, build: (e: ExpectedSecret[]) => string | Buffer) => {
    const expected: ExpectedSecret[] = [];
    const content = build(expected);
    cases.push({ name, file, content, expected, kind: "positive" });
  };
  const neg = (
    name: string,
    file: string,
    content: string | Buffer,
    kind: "negative" | "allowed" = "negative",
  ) => cases.push({ name, file, content, expected: [], kind });
  // Helpers that record what they generate.
  const id = (e: ExpectedSecret[], prefix = "AKIA") => {
    const v = k.keyId(prefix);
    e.push({ rule: "aws-access-key-id", secret: v });
    return v;
  };
  const sec = (e: ExpectedSecret[], withSlash = false) => {
    const v = k.secret(withSlash);
    e.push({ rule: "aws-secret-access-key", secret: v });
    return v;
  };
  const tok = (e: ExpectedSecret[], withPrefix = true) => {
    const v = k.token(withPrefix);
    e.push({ rule: "aws-session-token", secret: v });
    return v;
  };

  // --- .env files
  pos(
    "dotenv: plain",
    ".env",
    (e) =>
      `AWS_REGION=eu-west-1\nAWS_ACCESS_KEY_ID=${id(e, "ASIA")}\nAWS_SECRET_ACCESS_KEY=${sec(e)}\nAWS_SESSION_TOKEN=${tok(e)}\n`,
  );
  pos(
    "dotenv: export and quotes",
    ".env.local",
    (e) => `export AWS_ACCESS_KEY_ID="${id(e)}"\nexport AWS_SECRET_ACCESS_KEY='${sec(e)}'\n`,
  );
  pos(
    "dotenv: spaces and comments",
    "apps/api/.env",
    (e) =>
      `# dev credentials\nAWS_ACCESS_KEY_ID = ${id(e)}   # from the portal\n  AWS_SECRET_ACCESS_KEY  =  ${sec(e)}  # rotated daily\n`,
  );
  pos(
    "dotenv: CRLF",
    "windows.env",
    (e) =>
      `AWS_ACCESS_KEY_ID=${id(e, "ASIA")}\r\nAWS_SECRET_ACCESS_KEY=${sec(e, true)}\r\nAWS_SESSION_TOKEN=${tok(e)}\r\n`,
  );
  pos(
    "dotenv: session token without the STS prefix",
    ".env.session",
    (e) => `AWS_SESSION_TOKEN=${tok(e, false)}\n`,
  );
  // --- INI credentials file
  pos(
    "ini: ~/.aws/credentials",
    "credentials",
    (e) =>
      `[default]\naws_access_key_id = ${id(e)}\naws_secret_access_key = ${sec(e)}\n\n[dev]\naws_access_key_id=${id(e, "ASIA")}\naws_secret_access_key=${sec(e)}\naws_session_token=${tok(e)}\n`,
  );
  // --- JSON
  pos("json: credential_process output", "creds.json", (e) =>
    JSON.stringify(
      {
        Version: 1,
        AccessKeyId: id(e, "ASIA"),
        SecretAccessKey: sec(e),
        SessionToken: tok(e),
        Expiration: "2026-01-01T00:00:00Z",
      },
      null,
      2,
    ),
  );
  pos("json: escaped JSON inside a string (with \\/)", "event.json", (e) => {
    const inner = JSON.stringify({ AccessKeyId: id(e), SecretAccessKey: sec(e, true) }).replaceAll(
      "/",
      "\\/",
    );
    return JSON.stringify({ body: inner, requestId: "r-1" });
  });
  pos(
    "json: key ID after a \\n escape in a log line",
    "log.json",
    (e) => `{"level":"info","msg":"configured:\\n${id(e)}\\nregion eu-west-1"}\n`,
  );
  pos("json: container credentials endpoint body", "container-creds.json", (e) =>
    JSON.stringify({ AccessKeyId: id(e, "ASIA"), SecretAccessKey: sec(e), Token: tok(e), Expiration: "x" }),
  );
  // --- YAML
  pos(
    "yaml: nested keys",
    "config.yaml",
    (e) => `aws:\n  region: eu-west-1\n  access_key_id: ${id(e)}\n  secret_access_key: ${sec(e)}\n`,
  );
  pos("yaml: folded block value", "values.yml", (e) => `aws_secret_access_key: >-\n  ${sec(e)}\nother: 1\n`);
  pos(
    "yaml: GitHub Actions env",
    ".github/workflows/deploy.yml",
    (e) =>
      `jobs:\n  deploy:\n    env:\n      AWS_ACCESS_KEY_ID: ${id(e)}\n      AWS_SECRET_ACCESS_KEY: "${sec(e)}"\n`,
  );
  pos(
    "yaml: Kubernetes Secret data (base64)",
    "k8s/secret.yaml",
    (e) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: aws\ntype: Opaque\ndata:\n  AWS_ACCESS_KEY_ID: ${b64(id(e))}\n  AWS_SECRET_ACCESS_KEY: ${b64(sec(e))}\n`,
  );
  pos(
    "yaml: Kubernetes Secret holding a base64 credentials file",
    "k8s/credentials.yaml",
    (e) =>
      `kind: Secret\ndata:\n  credentials: ${b64(`[default]\naws_access_key_id = ${id(e)}\naws_secret_access_key = ${sec(e)}\n`)}\n`,
  );
  // --- HCL
  pos(
    "hcl: provider block",
    "main.tf",
    (e) =>
      `provider "aws" {\n  region     = "eu-west-1"\n  access_key = "${id(e)}"\n  secret_key = "${sec(e)}"\n}\n`,
  );
  pos("hcl: tfvars", "prod.tfvars", (e) => `aws_access_key = "${id(e)}"\naws_secret_key = "${sec(e)}"\n`);
  pos(
    "hcl: s3 backend",
    "backend.tf",
    (e) =>
      `terraform {\n  backend "s3" {\n    bucket = "state"\n    access_key = "${id(e)}"\n    secret_key = "${sec(e)}"\n  }\n}\n`,
  );
  // --- code
  pos(
    "ts: S3Client credentials",
    "src/s3.ts",
    (e) =>
      `import { S3Client } from "@aws-sdk/client-s3";\nexport const s3 = new S3Client({\n  credentials: { accessKeyId: "${id(e)}", secretAccessKey: "${sec(e)}" },\n});\n`,
  );
  pos(
    "js: key ID and secret with no names",
    "src/keys.js",
    (e) => `const pair = ["${id(e)}", "${sec(e)}"];\nmodule.exports = pair;\n`,
  );
  pos(
    "python: boto3 arguments",
    "app/client.py",
    (e) =>
      `import boto3\ns3 = boto3.client(\n    "s3",\n    aws_access_key_id="${id(e)}",\n    aws_secret_access_key="${sec(e)}",\n)\n`,
  );
  pos(
    "python: dict with single quotes",
    "settings.py",
    (e) => `AWS = {'aws_access_key_id': '${id(e)}', 'aws_secret_access_key': '${sec(e)}'}\n`,
  );
  pos("python: secret split across implicit concatenation lines", "split.py", (e) => {
    const s = sec(e);
    return `SECRET = (\n    "${s.slice(0, 17)}"\n    "${s.slice(17)}"\n)\n`;
  });
  pos(
    "java: BasicAWSCredentials, no names",
    "Creds.java",
    (e) => `class Creds {\n  AWSCredentials c = new BasicAWSCredentials("${id(e)}", "${sec(e)}");\n}\n`,
  );
  pos(
    "java: properties file",
    "application.properties",
    (e) => `aws.accessKeyId=${id(e)}\naws.secretKey=${sec(e)}\nserver.port=8080\n`,
  );
  pos(
    "go: static credentials, no names",
    "main.go",
    (e) => `creds := credentials.NewStaticCredentials("${id(e)}", "${sec(e)}", "")\n`,
  );
  pos("ts: secret split across two concatenated literals", "src/split.ts", (e) => {
    const s = sec(e);
    return `const accessKeyId = "${id(e)}";\nconst secretAccessKey = "${s.slice(0, 20)}" + "${s.slice(20)}";\n`;
  });
  pos("js: minified one-line bundle", "dist/bundle.min.js", (e) => {
    const filler = Array.from({ length: 800 }, (_, i) => `function f${i}(a,b){return a+b*${i}}`).join(";");
    return `${filler};var c={region:"us-east-1",accessKeyId:"${id(e)}",secretAccessKey:"${sec(e)}"};${filler}\n`;
  });
  pos(
    "xml: secretKey element",
    "config.xml",
    (e) => `<config>\n  <accessKey>${id(e)}</accessKey>\n  <secretKey>${sec(e)}</secretKey>\n</config>\n`,
  );
  // --- containers and shell
  pos(
    "Dockerfile: ENV with line continuation",
    "Dockerfile",
    (e) =>
      `FROM node:20\nENV AWS_ACCESS_KEY_ID=${id(e)} \\\n    AWS_SECRET_ACCESS_KEY=${sec(e)}\nCMD ["node", "server.js"]\n`,
  );
  pos(
    "Dockerfile: ARG default",
    "build/Dockerfile",
    (e) => `FROM alpine\nARG AWS_SECRET_ACCESS_KEY=${sec(e)}\n`,
  );
  pos(
    "compose: environment list",
    "docker-compose.yml",
    (e) =>
      `services:\n  app:\n    image: app\n    environment:\n      - AWS_ACCESS_KEY_ID=${id(e)}\n      - AWS_SECRET_ACCESS_KEY=${sec(e)}\n`,
  );
  pos(
    "compose: environment map",
    "compose.yaml",
    (e) => `services:\n  app:\n    environment:\n      AWS_SECRET_ACCESS_KEY: "${sec(e)}"\n`,
  );
  pos(
    "shell: aws configure set",
    "setup.sh",
    (e) =>
      `#!/bin/sh\naws configure set aws_access_key_id ${id(e)}\naws configure set aws_secret_access_key ${sec(e)}\n`,
  );
  pos(
    "powershell: $env assignment",
    "setup.ps1",
    (e) => `$env:AWS_ACCESS_KEY_ID = "${id(e)}"\n$env:AWS_SECRET_ACCESS_KEY = "${sec(e)}"\n`,
  );
  // --- console downloads and URLs
  pos(
    "csv: console access key download",
    "alice_accessKeys.csv",
    (e) => `Access key ID,Secret access key\n${id(e)},${sec(e)}\n`,
  );
  pos(
    "csv: console new-user download",
    "credentials.csv",
    (e) =>
      `User name,Password,Access key ID,Secret access key,Console login link\nalice,,${id(e)},${sec(e)},https://123456789012.signin.aws.amazon.com/console\n`,
  );
  pos(
    "url: percent-encoded query string",
    "notes.txt",
    (e) =>
      `curl "https://example.com/upload?aws_access_key_id=${id(e)}&aws_secret_access_key=${encodeURIComponent(sec(e, true))}"\n`,
  );
  pos(
    "url: credentials in userinfo, percent-encoded",
    "sync.sh",
    (e) => `rclone sync s3://${id(e)}:${encodeURIComponent(sec(e, true))}@bucket/path ./out\n`,
  );
  pos(
    "url: presigned URL with security token",
    "presigned.txt",
    (e) =>
      `https://b.s3.amazonaws.com/o?X-Amz-Credential=${id(e, "ASIA")}%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=${encodeURIComponent(tok(e))}&X-Amz-Signature=${k.hex(64)}\n`,
  );
  // --- encodings
  pos("utf-16le with BOM", "creds-utf16le.env", (e) =>
    utf16le(`AWS_ACCESS_KEY_ID=${id(e)}\r\nAWS_SECRET_ACCESS_KEY=${sec(e)}\r\n`),
  );
  pos("utf-16be with BOM", "creds-utf16be.txt", (e) =>
    utf16be(`aws_access_key_id = ${id(e)}\naws_secret_access_key = ${sec(e)}\n`),
  );
  pos(
    "base64-encoded .env blob, unnamed",
    "blob.txt",
    (e) => `payload ${b64(`AWS_ACCESS_KEY_ID=${id(e)}\nAWS_SECRET_ACCESS_KEY=${sec(e)}\n`)}\n`,
  );
  // --- other prefixes
  pos(
    "key IDs: A3T, ABIA, ACCA prefixes",
    "ids.txt",
    (e) => `first ${id(e, "A3T")}\nsecond ${id(e, "ABIA")}\nthird ${id(e, "ACCA")}\n`,
  );
  pos("session token with prefix, unnamed", "dump.txt", (e) => `value: ${tok(e)}\n`);
  pos(
    "markdown: credentials in a code block",
    "README.md",
    (e) =>
      "Use these:\n\n```ini\n[default]\naws_access_key_id=" +
      id(e) +
      "\naws_secret_access_key=" +
      sec(e) +
      "\n```\n",
  );

  // --- true negatives
  neg(
    "documentation examples",
    "docs.md",
    `aws_access_key_id = ${DOC_KEY_ID}\naws_secret_access_key = ${DOC_SECRET}\nAWS_ACCESS_KEY_ID=${["ASIA", "IOSFODNN7", "EXAMPLE"].join("")}\nAWS_SECRET_ACCESS_KEY=${["je7MtGbClwBF/2Zp9Utk", "/h3yCo8nvbEXAMPLEKEY"].join("")}\n`,
  );
  neg(
    "placeholders and references",
    ".env.example",
    `AWS_ACCESS_KEY_ID=${["AKIA", "X".repeat(16)].join("")}\nAWS_SECRET_ACCESS_KEY=<your-secret-access-key>\nAWS_SESSION_TOKEN=\${AWS_SESSION_TOKEN}\nSECRET=$AWS_SECRET_ACCESS_KEY\naws_secret_access_key = ${"x".repeat(40)}\n`,
  );
  neg(
    "template references in HCL and compose",
    "vars.tf",
    `provider "aws" {\n  access_key = var.aws_access_key\n  secret_key = var.aws_secret_key\n}\nenvironment:\n  AWS_SECRET_ACCESS_KEY: \${AWS_SECRET_ACCESS_KEY:?set it}\n`,
  );
  neg(
    "low-entropy key-shaped strings",
    "fixtures.txt",
    `id1 = ${["AKIA", "A".repeat(16)].join("")}\nid2 = ${["AKIA", "ABCDEFGHIJKLMNOP"].join("")}\nid3 = ${["ASIA", "ABABABABABABABAB"].join("")}\naws_secret_access_key = ${"ab".repeat(20)}\nsecret = ${"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"}\n`,
  );
  neg(
    "placeholder words in key IDs",
    "template.env",
    `AWS_ACCESS_KEY_ID=${["AKIA", "YOURACCESSKEYID2"].join("")}\nAWS_ACCESS_KEY_ID=${["AKIA", "FAKEFAKEFAKEFAKE"].join("")}\n`,
  );
  neg(
    "IAM unique IDs",
    "iam.json",
    JSON.stringify({
      RoleId: `AROA${k.upper(16)}`,
      UserId: `AIDA${k.upper(16)}`,
      GroupId: `AGPA${k.upper(16)}`,
      PolicyId: `ANPA${k.upper(16)}`,
      VersionId: `ANVA${k.upper(16)}`,
      InstanceProfileId: `AIPA${k.upper(16)}`,
      PublicKeyId: `APKA${k.upper(16)}`,
    }),
  );
  neg(
    "hex hashes next to secret-like names",
    "hashes.txt",
    `secret_sha1 = ${k.hex(40)}\naws_secret_access_key_hash: ${k.hex(40)}\ncommit ${k.hex(40)}\nsecret_sha256=${k.hex(64)}\n`,
  );
  neg(
    "lock-file integrity hashes",
    "package-lock.json",
    JSON.stringify(
      {
        packages: {
          "node_modules/a": { integrity: `sha512-${k.base64(86)}==`, resolved: "https://registry/a.tgz" },
          "node_modules/b": { integrity: `sha1-${k.base64(27)}=` },
          "node_modules/c": { integrity: `sha512-${k.base64(86)}==`, secret: false },
        },
      },
      null,
      2,
    ),
  );
  neg(
    "pnpm lock integrity",
    "pnpm-lock.yaml",
    `packages:\n  /a@1.0.0:\n    resolution: {integrity: sha512-${k.base64(86)}==}\n  /secret-thing@1.0.0:\n    resolution: {integrity: sha512-${k.base64(86)}==}\n`,
  );
  neg(
    "key prefixes inside longer tokens",
    "tokens.txt",
    `x${k.keyId("AKIA")}\n${k.keyId("ASIA")}ZZZ\nMY${k.keyId("AKIA")}9\n`,
  );
  neg(
    "camelCase identifier next to a secret name",
    "ident.ts",
    `const secret = getAwsSecretAccessKeyFromEnvironmentVar1();\n`,
  );
  neg(
    "random ids with no credential context",
    "ids.json",
    JSON.stringify({ nonce: k.base64(40).replace(/[+/]/g, "a"), traceId: k.hex(32), etag: k.base64(40) }),
  );
  neg(
    "account IDs and ARNs are not credentials",
    "arns.txt",
    `account_id = "123456789012"\nrole_arn = arn:aws:iam::123456789012:role/dev\n`,
  );
  neg("git object ids", "log.txt", `tree ${k.hex(40)}\nparent ${k.hex(40)}\n`);
  neg(
    "documentation URLs whose path holds a key word",
    "docs/rotation.md",
    [
      "The password is rotated by Secrets Manager, see",
      "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html",
      "and https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html",
      "",
    ].join("\n"),
  );
  neg(
    "Python wheel RECORD lines (URL-safe base64 sha256)",
    "awscli-1.0.dist-info/RECORD",
    [
      `awscli/examples/codebuild/list-source-credentials.rst,sha256=${k.base64(40).replace(/[+/]/g, "q")}_bA,1017`,
      `awscli/examples/secretsmanager/get-secret-value.rst,sha256=${k.base64(40).replace(/[+/]/g, "r")}-b8,587`,
      `docker/credentials/store.py,sha256=Zx-${k.base64(40).replace(/[+/]/g, "s")},16063`,
      "",
    ].join("\n"),
  );
  neg(
    "PEM private key whose last line is 40 characters",
    "id_rsa.pem",
    `private_key: |\n  -----BEGIN RSA ${"PRIVATE"} KEY-----\n${Array.from({ length: 2 }, () => `  ${k.base64(64)}\n`).join("")}  ${k.base64(38)}aZ\n  -----END RSA ${"PRIVATE"} KEY-----\n`,
  );
  neg(
    "JWT and data URI after token names",
    "fixtures/auth.json",
    JSON.stringify({
      token: `eyJhbGciOiJIUzI1NiJ9.eyJ${k.base64(150).replace(/[+/]/g, "x")}.${k.base64(43).replace(/[+/]/g, "y")}`,
      Token: `eyJ${k.base64(200).replace(/[+/]/g, "z")}`,
      session_token_icon: `data:image/png;base64,${k.base64(300)}`,
    }),
  );
  neg(
    "Kubernetes service-account token Secret (base64 of a JWT, of a CA certificate)",
    "k8s/sa-token.yaml",
    [
      "apiVersion: v1",
      "kind: Secret",
      "type: kubernetes.io/service-account-token",
      "data:",
      `  ca.crt: ${b64(`-----BEGIN CERTIFICATE-----\n${k.base64(64)}\n${k.base64(64)}\n-----END CERTIFICATE-----\n`)}`,
      `  namespace: ${b64("default")}`,
      `  token: ${b64(`eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJ${k.base64(300).replace(/[+/]/g, "w")}.${k.base64(342).replace(/[+/]/g, "v")}`)}`,
      "",
    ].join("\n"),
  );
  neg(
    "CI secret references",
    ".github/workflows/ci.yml",
    [
      "env:",
      "  AWS_ACCESS_KEY_ID: $" + "{{ secrets.AWS_ACCESS_KEY_ID }}",
      "  AWS_SECRET_ACCESS_KEY: $" + "{{ secrets.AWS_SECRET_ACCESS_KEY }}",
      "",
    ].join("\n"),
  );

  // --- allow markers: real secrets, suppressed on purpose
  neg(
    "allow: ssoenv:allow",
    "allowed.env",
    `AWS_ACCESS_KEY_ID=${k.keyId()} # ssoenv:allow\nAWS_SECRET_ACCESS_KEY=${k.secret()} # ssoenv:allow\n`,
    "allowed",
  );
  neg(
    "allow: gitleaks:allow",
    "allowed.ts",
    `const id = "${k.keyId()}"; // gitleaks:allow\nconst secretAccessKey = "${k.secret()}"; // gitleaks:allow\n`,
    "allowed",
  );
  neg(
    "allow: pragma: allowlist secret",
    "allowed.py",
    `aws_access_key_id = "${k.keyId()}"  # pragma: allowlist secret\naws_secret_access_key = "${k.secret()}"  # pragma: allowlist secret\n`,
    "allowed",
  );
  neg(
    "allow: pragma: allowlist nextline secret",
    "allowed.yaml",
    `# pragma: allowlist nextline secret\naws_secret_access_key: ${k.secret()}\n`,
    "allowed",
  );
  return cases;
}
