// Derive data/geo/region.geojson from Natural Earth (public domain) as shipped by the npm package
// world-atlas 2.0.2 (countries-50m.json). Run once when the region changes:
//   npm install world-atlas@2.0.2 topojson-client@3 && node data/geo/make_region.mjs > data/geo/region.geojson
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const topology = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8"));
// ISO 3166-1 numeric codes of the countries drawn: the corridor and its neighbours.
const keep = new Set(["004", "364", "368", "760", "422", "400", "682", "792", "586", "784", "414", "634", "048",
  "512", "818", "376", "275", "795", "860", "762", "031", "051", "268", "196", "887"]);
const round = (c) => (typeof c[0] === "number" ? [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100] : c.map(round));
const countries = feature(topology, topology.objects.countries).features
  .filter((f) => keep.has(String(f.id).padStart(3, "0")))
  .map((f) => ({ type: "Feature", id: f.id, properties: { name: f.properties.name },
                 geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } }));
process.stdout.write(JSON.stringify({ type: "FeatureCollection",
  source: "Natural Earth 1:50m via world-atlas 2.0.2 (public domain)", features: countries }) + "\n");
