/**
 * Every environment variable the examples read (examples/config.ts), AKS_TENANT_GROUP_<TENANT> for
 * the tenants the tests name.
 */
export const EXAMPLE_VARIABLES = [
  "ARM_SUBSCRIPTION_ID",
  "ARM_TENANT_ID",
  "AKS_ADMIN_GROUP_OBJECT_IDS",
  "AZURE_LOCATION",
  "RESOURCE_PREFIX",
  "FIREWALL_PRIVATE_IP",
  "SECURITY_CONTACT_EMAIL",
  "AKS_AUTHORIZED_IP_RANGES",
  "AKS_DNS_LINK_VNET_IDS",
  "RUNNER_ALLOWED_FQDNS",
  "AKS_TENANT_GROUP_TEAM_A",
  "AKS_TENANT_GROUP_RED",
  "TF_BACKEND_RESOURCE_GROUP",
  "TF_BACKEND_STORAGE_ACCOUNT",
  "TF_BACKEND_CONTAINER",
];

/** Runs `run` with only `env` set among the example variables (the rest unset), then restores the environment. */
export function withExampleEnv<T>(env: Record<string, string>, run: () => T): T {
  const saved = Object.fromEntries(EXAMPLE_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of EXAMPLE_VARIABLES) delete process.env[name];
  Object.assign(process.env, env);
  try {
    return run();
  } finally {
    for (const name of EXAMPLE_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}
