# A tiny configuration whose state lives in S3: `terraform init` must authenticate (STS
# GetCallerIdentity) with the credentials ssoenv-entrypoint provides. No provider to download:
# terraform_data and outputs are built into terraform.
terraform {
  required_version = ">= 1.6"

  # Partial configuration: bucket, key, region (and endpoints, for tests) come from
  # `terraform init -backend-config=backend.hcl`. See backend.hcl.example.
  backend "s3" {}
}

variable "message" {
  type    = string
  default = "hello from a container with an SSO session"
}

resource "terraform_data" "deployment" {
  input = var.message
}

output "message" {
  value = terraform_data.deployment.output
}
