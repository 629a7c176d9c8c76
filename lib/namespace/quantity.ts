/**
 * Kubernetes resource quantities ("500m", "2Gi", "1.5", "1e3"), parsed with the grammar of
 * k8s.io/apimachinery's ParseQuantity, so a value accepted here is one the API server accepts.
 */

const BINARY_SUFFIXES: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_SUFFIXES: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+|n|u|m|k|M|G|T|P|E)?$/;

/** The quantity's value in base units (cores, bytes, count), or undefined when it does not parse. */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const number = Number(match[1]);
  const suffix = match[2] ?? "";
  if (suffix in BINARY_SUFFIXES) return number * BINARY_SUFFIXES[suffix];
  if (/^[eE]/.test(suffix)) return number * 10 ** Number(suffix.slice(1));
  return number * DECIMAL_SUFFIXES[suffix];
}

/** True for a well-formed, non-negative quantity. */
export function isNonNegativeQuantity(text: string): boolean {
  const value = parseQuantity(text);
  return value !== undefined && value >= 0;
}
