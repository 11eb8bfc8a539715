// A partner editing figures in an .xlsx, as a test needs it, without the app's own code: the
// workbook's zip read and written with node:zlib, one sheet's cells found by the HXL hashtag
// row (row 2) and their numbers changed. No spreadsheet library is installed in .ci, and a
// test that edited the file with cashplan itself would check cashplan against itself.
import { inflateRawSync, deflateRawSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The zip's entries, in order: name → bytes. */
export function readZip(buffer) {
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('broken central directory');
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const [nameLength, extra, comment] = [28, 30, 32].map((o) => buffer.readUInt16LE(at + o));
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const raw = buffer.subarray(start, start + size);
    entries.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** A zip of these entries, each deflated. */
export function writeZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(8, 8);
    head.writeUInt16LE(0x21, 12); // 1980-01-01
    head.writeUInt32LE(crc32(data), 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    head.copy(central, 8, 6, 30); // flags, method, time, date, crc, sizes, name length
    central.writeUInt32LE(offset, 42);
    locals.push(head, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += head.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.size, 8);
  end.writeUInt16LE(entries.size, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const unescape = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The workbook's shared strings, by index. */
function sharedStrings(entries) {
  const xml = entries.get('xl/sharedStrings.xml')?.toString('utf8') ?? '';
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => unescape(m[1].replace(/<[^>]+>/g, '')));
}

/** One cell's text: a shared string, an inline string or the number as written. */
function cellText(cell, strings) {
  const value = /<v>([^<]*)<\/v>/.exec(cell)?.[1];
  if (/\bt="s"/.test(cell)) return strings[Number(value)] ?? '';
  const inline = /<is>([\s\S]*?)<\/is>/.exec(cell)?.[1];
  return unescape(inline !== undefined ? inline.replace(/<[^>]+>/g, '') : value ?? '');
}

/** The rows of the first sheet as { number, cells: Map(column letters → text) }. */
function sheetRows(xml, strings) {
  return [...xml.matchAll(/<row r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)].map(([, number, body]) => ({
    number: Number(number),
    cells: new Map([...body.matchAll(/<c r="([A-Z]+)\d+"[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g)].map((m) => [m[1], cellText(m[0], strings)])),
  }));
}

/**
 * The first sheet's data rows (from row 3) as objects keyed by the HXL hashtag of row 2,
 * each with its row number.
 */
export function readRows(buffer) {
  const entries = readZip(buffer);
  const strings = sharedStrings(entries);
  const rows = sheetRows(entries.get('xl/worksheets/sheet1.xml').toString('utf8'), strings);
  const tags = rows.find((r) => r.number === 2)?.cells ?? new Map();
  return rows.filter((r) => r.number > 2).map((r) => {
    const row = { row: r.number };
    for (const [column, tag] of tags) row[tag] = r.cells.get(column) ?? '';
    return row;
  });
}

/**
 * The workbook with numbers changed on its first sheet: `changes` is a list of
 * { row, tag, value } (row number, the column's HXL hashtag, the new number).
 */
export function setNumbers(buffer, changes) {
  const entries = readZip(buffer);
  const strings = sharedStrings(entries);
  let xml = entries.get('xl/worksheets/sheet1.xml').toString('utf8');
  const tags = sheetRows(xml, strings).find((r) => r.number === 2)?.cells ?? new Map();
  for (const { row, tag, value } of changes) {
    const column = [...tags].find(([, t]) => t === tag)?.[0];
    if (!column) throw new Error(`no column tagged ${tag}`);
    const ref = `${column}${row}`;
    const cell = new RegExp(`<c r="${ref}"[^>]*?(?:/>|>[\\s\\S]*?</c>)`);
    if (!cell.test(xml)) throw new Error(`no cell ${ref} to change`);
    xml = xml.replace(cell, `<c r="${ref}"><v>${Number(value)}</v></c>`);
  }
  entries.set('xl/worksheets/sheet1.xml', Buffer.from(xml, 'utf8'));
  return writeZip(entries);
}
