/**
 * Kubernetes resource quantities ("500m", "2Gi", "1.5", "1e3"), parsed the way
 * k8s.io/apimachinery `pkg/api/resource` ParseQuantity does (quantity.go parseQuantityString, then
 * suffix.go interpret), so a value accepted here is exactly one the API server accepts: "1 Gi",
 * "500mb", "2K" and "1e" are rejected; oddities the API server accepts, such as "1." or "+5", are
 * accepted.
 */

/** A parsed quantity, as apimachinery stores it: rounded up to whole nano-units, capped at 2^63-1. */
export interface Quantity {
  /** The value in nano-units (1 = 1e-9 cores, bytes or objects), signed. */
  readonly nanos: bigint;
}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_CHARS = "eEinumkKMGTP";
const INT64_MAX = 2n ** 63n - 1n;
const NANO = 10n ** 9n;
/** apimachinery caps BinarySI and DecimalSI values at MaxInt64 base units. */
const CAP = INT64_MAX * NANO;
/** Beyond this many powers of ten any non-zero value is past the cap, or below one nano-unit. */
const MAX_SHIFT = 64;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";

/** The quantity, or undefined when apimachinery's ParseQuantity would return an error. */
export function parseKubernetesQuantity(text: string): Quantity | undefined {
  if (text.length === 0) return undefined;
  if (text === "0") return { nanos: 0n };
  let pos = 0;
  let positive = true;
  if (text[0] === "-" || text[0] === "+") {
    positive = text[0] === "+";
    pos = 1;
  }
  while (pos < text.length && text[pos] === "0") pos++;
  // Only a sign and zeros: the parser returns zero before looking for a suffix.
  if (pos >= text.length) return { nanos: 0n };
  let end = pos;
  while (isDigit(text[end])) end++;
  const num = text.slice(pos, end) || "0";
  pos = end;
  let denom = "";
  if (text[pos] === ".") {
    end = ++pos;
    while (isDigit(text[end])) end++;
    denom = text.slice(pos, end);
    pos = end;
  }
  const suffixStart = pos;
  while (pos < text.length && SUFFIX_CHARS.includes(text[pos])) pos++;
  if (text[pos] === "+" || text[pos] === "-") pos++;
  while (isDigit(text[pos])) pos++;
  if (pos < text.length) return undefined;
  const suffix = text.slice(suffixStart);

  let exponent10 = 0;
  let exponent2 = 0;
  let capped = true;
  if (suffix in DECIMAL_SUFFIXES) exponent10 = DECIMAL_SUFFIXES[suffix];
  else if (suffix in BINARY_SUFFIXES) exponent2 = BINARY_SUFFIXES[suffix];
  else if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E")) {
    // strconv.ParseInt(suffix[1:], 10, 64); then the exponent is used as an int32.
    if (!/^[+-]?[0-9]+$/.test(suffix.slice(1))) return undefined;
    const parsed = BigInt(suffix.slice(1));
    if (parsed > INT64_MAX || parsed < -INT64_MAX - 1n) return undefined;
    exponent10 = Number(BigInt.asIntN(32, parsed));
    // The DecimalExponent format is not capped by apimachinery.
    capped = false;
  } else return undefined;

  // Below nano scale apimachinery re-reads the number with inf.Dec, which needs at least one digit
  // (".e-10" fails there with ErrNumeric although its grammar matched).
  if (exponent10 - denom.length < -9 && !/[0-9]/.test(text.slice(0, suffixStart))) return undefined;
  const digits = BigInt(num + denom);
  if (digits === 0n) return { nanos: 0n };
  // value = digits * 10^(exponent10 - len(denom)) * 2^exponent2, in nano-units: shift by 9 more.
  const shift = exponent10 - denom.length + 9;
  let nanos: bigint;
  // Uncapped exponents are clamped at 10^4096 only to keep the arithmetic small; no resource comes near.
  if (shift > MAX_SHIFT) nanos = capped ? CAP : digits * 10n ** BigInt(Math.min(shift, 4096));
  else if (shift >= 0) nanos = digits * 10n ** BigInt(shift) * 2n ** BigInt(exponent2);
  else if (-shift > num.length + denom.length + 20) nanos = 1n;
  else {
    // Non-zero values are rounded up to the smallest representable amount (inf.RoundUp).
    const divisor = 10n ** BigInt(-shift);
    const scaled = digits * 2n ** BigInt(exponent2);
    nanos = (scaled + divisor - 1n) / divisor;
  }
  if (capped && nanos > CAP) nanos = CAP;
  return { nanos: positive ? nanos : -nanos };
}

/**
 * The quantity's value in base units (cores, bytes, count) as a JavaScript number, or undefined
 * when it does not parse. Numbers round beyond 2^53; compare with {@link parseKubernetesQuantity}
 * and {@link compareQuantities} when exactness matters.
 */
export function parseQuantity(text: string): number | undefined {
  const value = parseKubernetesQuantity(text);
  return value === undefined ? undefined : Number(value.nanos) / 1e9;
}

/** True for a well-formed, non-negative quantity. */
export function isNonNegativeQuantity(text: string): boolean {
  const value = parseKubernetesQuantity(text);
  return value !== undefined && value.nanos >= 0n;
}

/** Orders two parsed quantities: negative when a < b, 0 when equal, positive when a > b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}
