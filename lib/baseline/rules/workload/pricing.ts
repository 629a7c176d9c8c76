import { TerraformResource, readBlocks } from "../../rule";

/** Extension names enabled on a Defender pricing resource (`extension { name }` blocks). */
export function pricingExtensions(pricing: TerraformResource): unknown[] {
  return readBlocks(pricing.config, "extension").map((extension) => extension.name);
}

/** True when the pricing resource is the Containers plan (the only one these rules judge). */
export function isContainersPlan(pricing: TerraformResource): boolean {
  return pricing.config.resource_type === "Containers";
}
