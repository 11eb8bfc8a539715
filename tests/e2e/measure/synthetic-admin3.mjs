// A stand-in for Syria's admin 3 (and for finer levels) where the real file is missing: the real
// admin 2 boundaries cut into a mosaic of cells with jagged shared edges, as many cells and
// vertices as the real level has (Syria admin 3: 272 sub-districts, 129k vertices), each cell
// a child of the admin 2 area holding its centre. Plus an HNO and a 4W for those cells, so the
// map has figures to shade. Deterministic: the same arguments give the same files.
// Used by map-draw.mjs (`--synthetic 272`, `--synthetic 1100`); not a test.

/** A small seeded random generator (mulberry32): the same seed gives the same numbers. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seedOf = (...numbers) => numbers.reduce((h, n) => Math.imul(h ^ (n + 0x9e3779b9), 0x85ebca6b) >>> 0, 2166136261);

/** Whether a point lies inside a GeoJSON Polygon or MultiPolygon (even-odd rule over all rings). */
function contains(geometry, [x, y]) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let inside = false;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i], [xj, yj] = ring[j];
        if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

function bounds(features) {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c) => {
    if (typeof c[0] === 'number') {
      west = Math.min(west, c[0]); east = Math.max(east, c[0]);
      south = Math.min(south, c[1]); north = Math.max(north, c[1]);
    } else c.forEach(visit);
  };
  features.forEach((f) => visit(f.geometry.coordinates));
  return { west, south, east, north };
}

/**
 * A grid of `size`-degree cells over the admin 2 extent, its corners moved a little, keeping the
 * cells whose centre lies in an admin 2 area. Each cell: its four corner indices and its parent.
 */
function cells(admin2, box, size) {
  const columns = Math.ceil((box.east - box.west) / size), rows = Math.ceil((box.north - box.south) / size);
  const corner = (i, j) => {
    const r = random(seedOf(i, j, 7));
    return [box.west + (i + (r() - 0.5) * 0.4) * size, box.south + (j + (r() - 0.5) * 0.4) * size];
  };
  const kept = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < columns; i++) {
      const centre = [box.west + (i + 0.5) * size, box.south + (j + 0.5) * size];
      const parent = admin2.find((f) => contains(f.geometry, centre));
      if (parent) kept.push({ i, j, parent, corners: [corner(i, j), corner(i + 1, j), corner(i + 1, j + 1), corner(i, j + 1)] });
    }
  }
  return kept;
}

/**
 * The points of the edge between two corners, jagged by midpoint displacement `depth` times
 * (2^depth segments). Seeded by the corners, so both cells sharing the edge draw the same line.
 */
function edge(from, to, depth) {
  const forward = from[0] < to[0] || (from[0] === to[0] && from[1] <= to[1]);
  const [a, b] = forward ? [from, to] : [to, from];
  const r = random(seedOf(Math.round(a[0] * 1e6), Math.round(a[1] * 1e6), Math.round(b[0] * 1e6), Math.round(b[1] * 1e6)));
  let points = [a, b];
  let amplitude = 0.08 * Math.hypot(b[0] - a[0], b[1] - a[1]);
  for (let level = 0; level < depth; level++) {
    const next = [points[0]];
    for (let k = 1; k < points.length; k++) {
      const [p, q] = [points[k - 1], points[k]];
      const [dx, dy] = [q[0] - p[0], q[1] - p[1]];
      const length = Math.hypot(dx, dy) || 1;
      const shift = (r() - 0.5) * 2 * amplitude;
      next.push([(p[0] + q[0]) / 2 - (dy / length) * shift, (p[1] + q[1]) / 2 + (dx / length) * shift], q);
    }
    points = next;
    amplitude /= 2;
  }
  const rounded = points.map(([x, y]) => [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6]);
  return forward ? rounded : rounded.reverse();
}

/**
 * `count` admin 3 cells as a COD-AB-like GeoJSON (ADM3_PCODE, ADM3_EN, ADM2_PCODE), with
 * 2^depth segments per cell side (depth 7: about 129k vertices for 272 cells, as the real one).
 */
export function syntheticAdmin3(admin2Collection, count, depth) {
  const admin2 = admin2Collection.features;
  const box = bounds(admin2);
  // The cell size that keeps at least `count` cells inside the admin 2 areas, then the first `count`.
  let size = Math.sqrt(((box.east - box.west) * (box.north - box.south)) / count);
  let grid = cells(admin2, box, size);
  while (grid.length < count) {
    size *= 0.97;
    grid = cells(admin2, box, size);
  }
  grid = grid.slice(0, count);
  const perParent = new Map();
  const features = grid.map((cell) => {
    const parentCode = cell.parent.properties.ADM2_PCODE;
    const number = (perParent.get(parentCode) ?? 0) + 1;
    perParent.set(parentCode, number);
    const ring = [];
    for (let side = 0; side < 4; side++) {
      const points = edge(cell.corners[side], cell.corners[(side + 1) % 4], depth);
      ring.push(...points.slice(0, -1));
    }
    ring.push(ring[0]);
    const centre = cell.corners.reduce(([x, y], [cx, cy]) => [x + cx / 4, y + cy / 4], [0, 0]);
    return {
      type: 'Feature',
      properties: {
        ADM3_PCODE: `${parentCode}${String(number).padStart(2, '0')}`,
        ADM3_EN: `${cell.parent.properties.ADM2_EN} ${number}`,
        ADM2_PCODE: parentCode,
      },
      geometry: { type: 'Polygon', coordinates: [ring] },
      centre,
    };
  });
  const vertices = features.reduce((sum, f) => sum + f.geometry.coordinates[0].length, 0);
  const collection = { type: 'FeatureCollection', features: features.map(({ centre, ...f }) => f) };
  return { collection, vertices, centres: features.map((f) => [f.properties.ADM3_PCODE, f.centre]) };
}

export const ORGANISATIONS = ['GOAL', 'IRC', 'NRC', 'Mercy Corps', 'WFP', 'UNHCR', 'Concern', 'CARE', 'Save the Children',
  'Violet', 'Syria Relief', 'IHH'];
const SECTORS = ['MPC', 'FSC', 'SHL'];
const MONTHS = ['2023-01', '2023-02', '2023-03', '2023-04'];
const MODALITIES = ['Cash', 'Voucher'];

const csvField = (value) => (/[",\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));
const csv = (rows) => `${rows.map((row) => row.map(csvField).join(',')).join('\n')}\n`;

/**
 * An HNO (people in need per cell and sector) and a 4W (one to four activities per cell, by month,
 * organisation, sector and modality, with a point at the cell's centre) as HXL CSV texts.
 */
export function syntheticFigures(centres) {
  const needs = [['Sub-district P-code', 'Sector', 'People in need'], ['#adm3+code', '#sector', '#inneed']];
  const activities = [
    ['Activity ID', 'Organisation', 'Sub-district P-code', 'Sector', 'Month', 'Modality', 'People targeted', 'People reached', 'Status',
      'Latitude', 'Longitude', 'Transfer value per HH', 'Currency'],
    ['#meta+id', '#org+prog', '#adm3+code', '#sector', '#date+reported', '#modality', '#targeted', '#reached', '#status', '#geo+lat', '#geo+lon',
      '#value+transfer+hh', '#currency'],
  ];
  centres.forEach(([pcode, [lon, lat]], index) => {
    const r = random(seedOf(index, 11));
    for (const sector of SECTORS) needs.push([pcode, sector, 2000 + Math.floor(r() * 60000)]);
    const count = 1 + Math.floor(r() * 4);
    for (let k = 0; k < count; k++) {
      const targeted = 200 + Math.floor(r() * 20000);
      activities.push([
        `${pcode}-${k + 1}`, ORGANISATIONS[Math.floor(r() * ORGANISATIONS.length)], pcode, SECTORS[Math.floor(r() * SECTORS.length)],
        MONTHS[Math.floor(r() * MONTHS.length)], MODALITIES[Math.floor(r() * MODALITIES.length)], targeted,
        Math.floor(targeted * r()), 'Active', (lat + (r() - 0.5) * 0.02).toFixed(5), (lon + (r() - 0.5) * 0.02).toFixed(5),
        80 + 10 * Math.floor(r() * 8), 'USD',
      ]);
    }
  });
  return { needs: csv(needs), activities: csv(activities) };
}
