# A minimal AMI build. Credentials: none here. Packer's Amazon plugin reads AWS_PROFILE; in the
# ssoenv Packer image that profile is a generated `credential_process` profile (SSOENV_MODE=process).
packer {
  required_plugins {
    amazon = {
      source  = "github.com/hashicorp/amazon"
      version = ">= 1.3.0"
    }
  }
}

variable "region" {
  type    = string
  default = "ap-northeast-1"
}

source "amazon-ebs" "base" {
  region        = var.region
  instance_type = "t3.micro"
  ssh_username  = "ec2-user"
  ami_name      = "ssoenv-example-{{timestamp}}"
  source_ami_filter {
    filters = {
      name                = "al2023-ami-*-x86_64"
      virtualization-type = "hvm"
    }
    owners      = ["amazon"]
    most_recent = true
  }
}

build {
  sources = ["source.amazon-ebs.base"]
}
