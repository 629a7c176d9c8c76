import { TerraformDocument, TerraformResource } from "./rule";

/**
 * Indexes a Terraform JSON document (`cdk.tf.json` or hand-written JSON) for the rules. Resources
 * keep document order (type, then name, as written), which keeps findings deterministic.
 */
export function parseTerraformDocument(raw: Record<string, unknown>): TerraformDocument {
  const resources: TerraformResource[] = [];
  const resourceSection = (raw.resource ?? {}) as Record<string, Record<string, unknown>>;
  for (const type of Object.keys(resourceSection).sort()) {
    const byName = resourceSection[type] ?? {};
    for (const name of Object.keys(byName).sort()) {
      const config = (byName[name] ?? {}) as Record<string, unknown>;
      const metadata = (config["//"] as { metadata?: { path?: string } } | undefined)?.metadata;
      resources.push({ type, name, address: `${type}.${name}`, config, constructPath: metadata?.path });
    }
  }
  const byType = new Map<string, TerraformResource[]>();
  const byAddress = new Map<string, TerraformResource>();
  for (const resource of resources) {
    const list = byType.get(resource.type) ?? [];
    list.push(resource);
    byType.set(resource.type, list);
    byAddress.set(resource.address, resource);
  }
  return {
    resources,
    raw,
    ofType: (type) => byType.get(type) ?? [],
    byAddress: (address) => byAddress.get(address),
  };
}
