import {
  compareQuantities,
  isNonNegativeQuantity,
  parseKubernetesQuantity,
  parseQuantity,
} from "../../lib/namespace/quantity";
import { isDns1123Subdomain, isLabelKey, isLabelValue } from "../../lib/namespace/kubernetes-names";

const nanos = (text: string): string | undefined => parseKubernetesQuantity(text)?.nanos.toString();

describe("parseQuantity (apimachinery ParseQuantity grammar)", () => {
  it.each([
    ["0", "0"],
    ["1", "1000000000"],
    ["500m", "500000000"],
    ["0.5", "500000000"],
    ["2Gi", String(2n * 2n ** 30n * 10n ** 9n)],
    ["1.5Gi", String(3n * 2n ** 29n * 10n ** 9n)],
    ["128Mi", String(128n * 2n ** 20n * 10n ** 9n)],
    ["4k", "4000000000000"],
    ["1e3", "1000000000000"],
    ["1E3", "1000000000000"],
    ["1e-3", "1000000"],
    ["1n", "1"],
    ["100u", "100000"],
    ["+5", "5000000000"],
    ["-5", "-5000000000"],
    // Accepted by the API server although odd: trailing dot, suffix without digits, sign only.
    ["1.", "1000000000"],
    ["1.G", "1000000000000000000"],
    ["Ki", "0"],
    ["-", "0"],
    // Rounded up to one nano-unit, as apimachinery does for tiny non-zero values.
    ["0.1n", "1"],
    ["1e-30", "1"],
    // Capped at 2^63-1 base units for SI suffixes.
    ["10E", String((2n ** 63n - 1n) * 10n ** 9n)],
    ["16Ei", String((2n ** 63n - 1n) * 10n ** 9n)],
  ])("parses %s", (text, expected) => {
    expect(nanos(text)).toBe(expected);
  });

  it.each([
    "",
    "1 Gi",
    " 1",
    "1 ",
    "500mb",
    "16GB",
    "2K",
    "1e",
    "1e+",
    "1i",
    "1mi",
    "1Ki1",
    "1.0.0",
    "1e3e3",
    "4 cores",
    "0x10",
    "１",
    "1e99999999999999999999",
    ".e-10",
  ])("rejects %j", (text) => {
    expect(parseKubernetesQuantity(text)).toBeUndefined();
    expect(parseQuantity(text)).toBeUndefined();
  });

  it("compares values across suffixes", () => {
    const cmp = (a: string, b: string) => compareQuantities(parseKubernetesQuantity(a)!, parseKubernetesQuantity(b)!);
    expect(cmp("1Gi", "1G")).toBeGreaterThan(0);
    expect(cmp("1000m", "1")).toBe(0);
    expect(cmp("500m", "0.5")).toBe(0);
    expect(cmp("8Gi", "8589934592")).toBe(0);
    expect(cmp("100m", "2")).toBeLessThan(0);
  });

  it("keeps the number form in base units", () => {
    expect(parseQuantity("500m")).toBe(0.5);
    expect(parseQuantity("2Gi")).toBe(2 * 2 ** 30);
    expect(parseQuantity("1e3")).toBe(1000);
  });

  it("tells non-negative quantities apart", () => {
    expect(isNonNegativeQuantity("0")).toBe(true);
    expect(isNonNegativeQuantity("-1")).toBe(false);
    expect(isNonNegativeQuantity("1 Gi")).toBe(false);
  });
});

describe("Kubernetes name rules", () => {
  it("checks DNS-1123 subdomains", () => {
    expect(isDns1123Subdomain("orders.api")).toBe(true);
    expect(isDns1123Subdomain("Orders")).toBe(false);
    expect(isDns1123Subdomain("-web")).toBe(false);
    expect(isDns1123Subdomain("a".repeat(254))).toBe(false);
  });

  it("checks label keys and values", () => {
    expect(isLabelKey("app")).toBe(true);
    expect(isLabelKey("app.kubernetes.io/name")).toBe(true);
    expect(isLabelKey("Example.com/name")).toBe(false);
    expect(isLabelKey("a/b/c")).toBe(false);
    expect(isLabelKey("/name")).toBe(false);
    expect(isLabelKey("a".repeat(64))).toBe(false);
    expect(isLabelValue("")).toBe(true);
    expect(isLabelValue("ingress-nginx")).toBe(true);
    expect(isLabelValue("-x")).toBe(false);
    expect(isLabelValue("a".repeat(64))).toBe(false);
  });
});
