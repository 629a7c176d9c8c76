// The environment the repository's scripts run the cdktf CLI in: offline, no version check, no
// plugin cache. The CLI asks an installed terraform for its version; a TF_CLI_CONFIG_FILE that names
// a missing file makes terraform print a "problems with the CLI configuration" warning on every call
// (once per stack, as an [ERROR] line), which changes nothing for synth, so it is dropped.
const fs = require("fs");

function offlineCdktfEnv() {
  const env = {
    ...process.env,
    CHECKPOINT_DISABLE: "1",
    DISABLE_VERSION_CHECK: "1",
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
  };
  if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
  return env;
}

module.exports = { offlineCdktfEnv };
