/**
 * Where an action's signers are: US ZIP codes mapped offline to their state and county (the data
 * and its source: sources/README.md), and the counts per state and county as they may be shown.
 * A count under 5 is shown as "fewer than 5", never as its number, so no one can be singled out.
 */
import { readFileSync } from "node:fs";

export interface Place {
  stateFips: string;
  stateName: string;
  countyFips: string;
  countyName: string;
}

/** States, DC and the territories by FIPS code (the first two digits of a county's). */
export const stateNames: Readonly<Record<string, string>> = {
  "01": "Alabama",
  "02": "Alaska",
  "04": "Arizona",
  "05": "Arkansas",
  "06": "California",
  "08": "Colorado",
  "09": "Connecticut",
  "10": "Delaware",
  "11": "District of Columbia",
  "12": "Florida",
  "13": "Georgia",
  "15": "Hawaii",
  "16": "Idaho",
  "17": "Illinois",
  "18": "Indiana",
  "19": "Iowa",
  "20": "Kansas",
  "21": "Kentucky",
  "22": "Louisiana",
  "23": "Maine",
  "24": "Maryland",
  "25": "Massachusetts",
  "26": "Michigan",
  "27": "Minnesota",
  "28": "Mississippi",
  "29": "Missouri",
  "30": "Montana",
  "31": "Nebraska",
  "32": "Nevada",
  "33": "New Hampshire",
  "34": "New Jersey",
  "35": "New Mexico",
  "36": "New York",
  "37": "North Carolina",
  "38": "North Dakota",
  "39": "Ohio",
  "40": "Oklahoma",
  "41": "Oregon",
  "42": "Pennsylvania",
  "44": "Rhode Island",
  "45": "South Carolina",
  "46": "South Dakota",
  "47": "Tennessee",
  "48": "Texas",
  "49": "Utah",
  "50": "Vermont",
  "51": "Virginia",
  "53": "Washington",
  "54": "West Virginia",
  "55": "Wisconsin",
  "56": "Wyoming",
  "60": "American Samoa",
  "66": "Guam",
  "69": "Northern Mariana Islands",
  "72": "Puerto Rico",
  "78": "U.S. Virgin Islands",
};

/** A ZIP or ZIP+4 (`94110`, `94110-1234`, `941101234`) as its five digits; anything else is null. */
export function fiveDigitZip(postalCode: string): string | null {
  const match = /^\s*(\d{5})(?:[-\s]?\d{4})?\s*$/.exec(postalCode);
  return match?.[1] ?? null;
}

/** The ZIP-to-county table, read once from the file the module ships. */
export class ZipCounties {
  private readonly counties = new Map<string, Place>();

  private constructor(private readonly places: ReadonlyMap<string, Place>) {
    for (const place of places.values()) this.counties.set(place.countyFips, place);
  }

  /** Parses the shipped table: `fips TAB county name TAB zip zip …` per line. */
  static parse(text: string): ZipCounties {
    const places = new Map<string, Place>();
    for (const line of text.split("\n")) {
      const [countyFips, countyName, zips] = line.split("\t");
      if (!countyFips || !countyName || !zips) continue;
      const stateFips = countyFips.slice(0, 2);
      const stateName = stateNames[stateFips];
      if (!stateName) throw new Error(`zip-counties: unknown state of county ${countyFips}`);
      const place = { stateFips, stateName, countyFips, countyName };
      for (const zip of zips.split(" ")) places.set(zip, place);
    }
    return new ZipCounties(places);
  }

  private static shipped: ZipCounties | undefined;
  /** The table in sources/zip-counties.tsv (about 34,000 ZIP codes), loaded on first use. */
  static shippedTable(): ZipCounties {
    ZipCounties.shipped ??= ZipCounties.parse(
      readFileSync(new URL("./sources/zip-counties.tsv", import.meta.url), "utf8"),
    );
    return ZipCounties.shipped;
  }

  /** The state and county of a US postal code; undefined when the table does not know it. */
  place(postalCode: string): Place | undefined {
    const zip = fiveDigitZip(postalCode);
    return zip === null ? undefined : this.places.get(zip);
  }

  /** A county by its FIPS code, as an anonymized signature keeps it; undefined when unknown. */
  county(countyFips: string): Place | undefined {
    return this.counties.get(countyFips);
  }
}

/** Counts under this are shown as "fewer than" it. */
export const smallestShownCount = 5;

/**
 * A count as it may be shown: its number, only that it is fewer than 5, or (to the public) its
 * nearest multiple of 5. Exact totals beside "fewer than 5" cells would let anyone subtract their
 * way to a small county's number (a state of 8 with one county of 6 leaves 1 and 1); rounded to
 * 5, every difference is as vague as the cells themselves.
 */
export type ShownCount = { exact: number } | { fewerThan: number } | { about: number };

/** Who sees the figures: the action's organizers (who may list the signers anyway) or everyone. */
export type Audience = "organizers" | "public";

export function shownCount(count: number, audience: Audience = "organizers"): ShownCount {
  if (count < smallestShownCount) return { fewerThan: smallestShownCount };
  if (audience === "organizers") return { exact: count };
  return { about: Math.max(smallestShownCount, Math.round(count / 5) * 5) };
}

/** The number a count is ordered by: what is shown, so the order tells no more than the figures. */
function shownValue(count: ShownCount): number {
  return "exact" in count ? count.exact : "about" in count ? count.about : 0;
}

/**
 * The shade of a county on the map: 0 for "fewer than 5", then one step per bucket. The buckets
 * start at 5 so that a shade never tells more than the table.
 */
export const shadeFloors = [smallestShownCount, 25, 100, 500] as const;
export function shadeOf(count: number): number {
  return shadeFloors.filter((floor) => count >= floor).length;
}

export interface CountyFigure {
  countyFips: string;
  countyName: string;
  stateName: string;
  count: ShownCount;
  shade: number;
}
export interface StateFigure {
  stateFips: string;
  stateName: string;
  count: ShownCount;
  counties: CountyFigure[];
}

/** Where an action's confirmed signers are, as it may be shown. */
export interface GeographyFigures {
  /** Confirmed signatures in all. */
  total: number;
  /** Those whose postal code is not a US ZIP the table knows (shown as "fewer than 5" under 5). */
  unknown: ShownCount;
  /** By state, largest first, each with its counties, largest first. */
  states: StateFigure[];
}

/** Sums confirmed signatures grouped by postal code into states and counties. */
export function figuresFrom(
  byPostalCode: readonly { postalCode: string; countyFips?: string | null; count: number }[],
  table: ZipCounties,
  audience: Audience = "organizers",
): GeographyFigures {
  let total = 0;
  let unknown = 0;
  const counties = new Map<string, { place: Place; count: number }>();
  for (const { postalCode, countyFips, count } of byPostalCode) {
    total += count;
    // An anonymized signature counts in the county it kept (its postal code is gone).
    const place = countyFips ? table.county(countyFips) : table.place(postalCode);
    if (!place) {
      unknown += count;
      continue;
    }
    const county = counties.get(place.countyFips) ?? { place, count: 0 };
    county.count += count;
    counties.set(place.countyFips, county);
  }
  const states = new Map<
    string,
    { stateFips: string; stateName: string; count: number; counties: typeof counties }
  >();
  for (const [fips, county] of counties) {
    const { stateFips, stateName } = county.place;
    const state = states.get(stateFips) ?? { stateFips, stateName, count: 0, counties: new Map() };
    state.count += county.count;
    state.counties.set(fips, county);
    states.set(stateFips, state);
  }
  // Counts rank as shown (all under 5 as one), then by name: the order must tell no more.
  const rank = (count: number) => shownValue(shownCount(count, audience));
  const largestFirst = <T extends { count: number; name: string }>(a: T, b: T) =>
    rank(b.count) - rank(a.count) || a.name.localeCompare(b.name, "en");
  return {
    total,
    unknown: shownCount(unknown, audience),
    states: [...states.values()]
      .map((state) => ({ ...state, name: state.stateName }))
      .sort(largestFirst)
      .map((state) => ({
        stateFips: state.stateFips,
        stateName: state.stateName,
        count: shownCount(state.count, audience),
        counties: [...state.counties.values()]
          .map(({ place, count }) => ({ place, count, name: place.countyName }))
          .sort(largestFirst)
          .map(({ place, count }) => ({
            countyFips: place.countyFips,
            countyName: place.countyName,
            stateName: place.stateName,
            count: shownCount(count, audience),
            shade: shadeOf(count),
          })),
      })),
  };
}

/** The map as the view draws it: each county with signers, shaded, and every state border. */
export interface MapDrawing {
  width: number;
  height: number;
  counties: { path: string; shade: number; label: string; count: ShownCount }[];
  statesPath: string;
  /** Counties with signers that the shapes do not have (Connecticut's planning regions, territories). */
  unmapped: string[];
}

/** Where an action's signers are: the figures and their map. */
export interface SignersGeography {
  figures: GeographyFigures;
  map: MapDrawing;
}
