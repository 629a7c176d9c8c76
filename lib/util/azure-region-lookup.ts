import { AZURE_REGIONS, AZURE_REGIONS_TAKEN } from "./azure-regions";

/** What {@link lookupAzureRegion} found for a location. */
export interface AzureRegionLookup {
  /** The programmatic form of the location ("West Europe" → "westeurope"). */
  readonly name: string;
  /** True when {@link AZURE_REGIONS} has it. */
  readonly known: boolean;
  /** Known regions closest to an unknown name (a typo's likely intent), best first; empty when none is close. */
  readonly suggestions: readonly string[];
}

const KNOWN = new Set(AZURE_REGIONS);

/**
 * Looks a location up in the region list, case-insensitively and with or without spaces, as ARM
 * accepts it ("westeurope", "WestEurope", "West Europe").
 */
export function lookupAzureRegion(location: string): AzureRegionLookup {
  const name = location.replace(/\s+/g, "").toLowerCase();
  if (KNOWN.has(name)) return { name, known: true, suggestions: [] };
  return { name, known: false, suggestions: closestRegions(name) };
}

/**
 * The problem and fix of an unknown region, for an error or warning message; undefined for a
 * known one. The fix offers the nearest names ("did you mean") when there are any.
 */
export function unknownAzureRegion(location: string): { readonly problem: string; readonly fix: string } | undefined {
  const lookup = lookupAzureRegion(location);
  if (lookup.known) return undefined;
  const problem = `is not an Azure public-cloud region (list taken ${AZURE_REGIONS_TAKEN})`;
  const listed = 'a region name from `az account list-locations --query "[].name"`, e.g. "westeurope"';
  if (lookup.suggestions.length === 0) return { problem, fix: `use ${listed}` };
  const quoted = lookup.suggestions.map((s) => JSON.stringify(s));
  const meant = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
  return { problem, fix: `did you mean ${meant}? Otherwise use ${listed}` };
}

/**
 * At most this many edits (insert, delete, substitute, swap two neighbours) separate a typo from the
 * region meant: 1 for names up to 5 characters, 2 up to 11, then 3. Larger distances suggest
 * unrelated names ("mars" is 4 edits from every region).
 */
function maxEdits(length: number): number {
  if (length <= 5) return 1;
  return length <= 11 ? 2 : 3;
}

/** The known regions at the smallest edit distance from `name`, if it is small enough; at most three. */
function closestRegions(name: string): string[] {
  const limit = maxEdits(name.length);
  let best = limit + 1;
  let closest: string[] = [];
  for (const region of AZURE_REGIONS) {
    // The ceiling one above the best so far: anything up to `best` comes back exact.
    const distance = editDistance(name, region, best + 1);
    if (distance < best) {
      best = distance;
      closest = [region];
    } else if (distance === best && distance <= limit) {
      closest.push(region);
    }
  }
  return closest.sort().slice(0, 3);
}

/**
 * Optimal string alignment distance (Levenshtein plus swapping two adjacent characters, the most
 * common typing slip). Stops early and returns `ceiling` once the distance cannot be below it.
 */
export function editDistance(a: string, b: string, ceiling = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) >= ceiling) return ceiling;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, beforePrevious[j - 2] + 1);
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum >= ceiling) return ceiling;
    beforePrevious = previous;
    previous = current;
  }
  return Math.min(previous[b.length], ceiling);
}
