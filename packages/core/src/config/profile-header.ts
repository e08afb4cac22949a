/**
 * A profile's section header in the config file, for messages: `[profile NAME]`, and for the default
 * profile the header the file has. The AWS CLI and the SDKs read `[default]` and `[profile default]`
 * alike; `aws configure` writes `[default]`, so that is the form when the file's text is not at hand.
 *
 * @example profileHeader("dev") // "[profile dev]"
 * @example profileHeader("default", "[default]\nregion = eu-west-1\n") // "[default]"
 */
export function profileHeader(name: string, configText?: string): string {
  if (name !== "default") return `[profile ${name}]`;
  return configText !== undefined && /^[ \t]*\[[ \t]*profile[ \t]+default[ \t]*\]/m.test(configText)
    ? "[profile default]"
    : "[default]";
}
