/**
 * County and state shapes for the map, from the Census Bureau's cartographic boundaries as
 * us-atlas ships them already projected (Albers USA, Alaska and Hawaii inset, 975 × 610), so no
 * projection runs here. Paths take relative steps, in whole units (a pixel of the 975-wide
 * frame) for the state borders and tenths for counties (the smallest are a few units across)
 * unless the map has very many, which keeps the SVG of a couple of hundred counties under 100 KB.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Geometry, LineString, MultiLineString, MultiPolygon, Polygon, Position } from "geojson";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

export const mapWidth = 975;
export const mapHeight = 610;

type Atlas = Topology<{
  counties: GeometryCollection;
  states: GeometryCollection;
  nation: GeometryCollection;
}>;

/**
 * One line or ring as `M x y l dx dy …` at `scale` steps per unit (1: whole units, 10: tenths),
 * dropping steps that round to nothing. Steps are taken between rounded points, so no error adds up.
 */
function linePath(points: Position[], closed: boolean, scale: number): string {
  const show = (steps: number) => String(steps / scale);
  let out = "";
  let x = 0;
  let y = 0;
  for (const [i, point] of points.entries()) {
    const px = Math.round((point[0] ?? 0) * scale);
    const py = Math.round((point[1] ?? 0) * scale);
    if (i === 0) out += `M${show(px)} ${show(py)}`;
    else if (px !== x || py !== y) out += `l${show(px - x)} ${show(py - y)}`;
    x = px;
    y = py;
  }
  return closed ? `${out}z` : out;
}

function geometryPath(geometry: Geometry | null, scale: number): string {
  if (!geometry) return "";
  const rings = (polygon: Position[][]) => polygon.map((ring) => linePath(ring, true, scale)).join("");
  switch (geometry.type) {
    case "Polygon":
      return rings((geometry as Polygon).coordinates);
    case "MultiPolygon":
      return (geometry as MultiPolygon).coordinates.map(rings).join("");
    case "LineString":
      return linePath((geometry as LineString).coordinates, false, scale);
    case "MultiLineString":
      return (geometry as MultiLineString).coordinates.map((line) => linePath(line, false, scale)).join("");
    default:
      return "";
  }
}

/** Past this many counties the map draws them in whole units too, or it would pass 100 KB. */
export const finestCountyLimit = 200;

export class CountyShapes {
  /** Drawn paths by scale and county, made on first request. */
  private readonly drawn = new Map<string, string>();

  private constructor(
    private readonly counties: ReadonlyMap<string, Geometry | null>,
    /** Every state border and the coast, each drawn once. */
    readonly statesPath: string,
  ) {}

  private static shipped: CountyShapes | undefined;
  /** Read once per process, on first use (the file is 0.8 MB). */
  static load(): CountyShapes {
    if (!CountyShapes.shipped) {
      const file = createRequire(import.meta.url).resolve("us-atlas/counties-albers-10m.json");
      const atlas = JSON.parse(readFileSync(file, "utf8")) as Atlas;
      const counties = new Map<string, Geometry | null>();
      for (const county of feature(atlas, atlas.objects.counties).features) {
        counties.set(String(county.id), county.geometry);
      }
      CountyShapes.shipped = new CountyShapes(counties, geometryPath(mesh(atlas, atlas.objects.states), 1));
    }
    return CountyShapes.shipped;
  }

  /**
   * The county's outline as an SVG path, in tenths of a unit while the map has at most
   * `finestCountyLimit` counties, else in whole units; undefined when the atlas has no such county.
   */
  countyPath(countyFips: string, countiesOnMap: number): string | undefined {
    const scale = countiesOnMap <= finestCountyLimit ? 10 : 1;
    const key = `${scale}:${countyFips}`;
    let path = this.drawn.get(key);
    if (path === undefined) {
      const geometry = this.counties.get(countyFips);
      if (geometry === undefined) return undefined;
      path = geometryPath(geometry, scale);
      this.drawn.set(key, path);
    }
    return path;
  }
}
