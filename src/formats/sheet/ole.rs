//! An Excel 97–2003 workbook (.xls: records in an OLE compound file) walked before calamine
//! opens it. calamine follows the file's sector chains and sizes as they are and expands
//! every sheet into a full grid when it opens the file, so a damaged or hostile file could
//! loop forever, index past its tables or ask for gigabytes. Here the chains are followed with
//! a bound, the sheets' records are checked for the lengths calamine reads, and the cells each
//! sheet would expand to are counted.

use super::limits::MAX_EXPANDED_CELLS;
use super::read::ReadError;
use std::cell::Cell;

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes.chunks_exact(4).filter_map(|c| c.try_into().ok().map(u32::from_le_bytes))
}

/// Why the file cannot be read safely.
struct Damaged(&'static str);

/// The compound file as calamine reads it: sectors after the header, read lazily into a
/// buffer that grows (zero-filled past the end of the file) as sectors are asked for.
struct Compound<'b> {
    sectors: &'b [u8],
    size: usize,
    /// The last sector number calamine accepts.
    max_id: u32,
    /// How long calamine's buffer is: what it read, and the zeros it added past the end.
    held: Cell<usize>,
}

impl Compound<'_> {
    /// A sector as calamine gets it, or what would stop calamine: it slices its buffer from
    /// the sector's start, which past what it holds is a panic.
    fn sector(&self, id: u32) -> Result<Vec<u8>, Damaged> {
        if id > self.max_id {
            return Err(Damaged("a sector past the end of the file"));
        }
        let start = (id as usize).saturating_mul(self.size);
        let end = start.saturating_add(self.size);
        let held = self.held.get();
        let len = if end > held { held.max(end.min(self.sectors.len())) } else { end };
        self.held.set(held.max(end));
        if start > len {
            return Err(Damaged("a sector past the end of the file"));
        }
        let mut bytes = self.sectors.get(start..len.min(self.sectors.len())).unwrap_or_default().to_vec();
        bytes.resize(len - start, 0);
        Ok(bytes)
    }
}

/// A chain of sectors up to `len` bytes, refusing what calamine would loop on or index past
/// (a chain longer than the file has sectors is a loop).
fn chain(
    start: u32,
    table: &[u32],
    len: usize,
    max_steps: u64,
    sector: impl Fn(u32) -> Result<Vec<u8>, Damaged>,
) -> Result<Vec<u8>, Damaged> {
    let mut data = Vec::new();
    let mut id = start;
    let mut steps = 0_u64;
    while id != END_OF_CHAIN {
        let bytes = sector(id)?;
        let wanted = len.saturating_sub(data.len());
        data.extend_from_slice(bytes.get(..bytes.len().min(wanted)).unwrap_or_default());
        if data.len() >= len {
            break;
        }
        id = *table.get(id as usize).ok_or(Damaged("a sector chain pointing outside its table"))?;
        steps += 1;
        if steps > max_steps {
            return Err(Damaged("a sector chain that loops"));
        }
    }
    Ok(data)
}

/// Checks an .xls before calamine opens it.
pub fn check(file: &str, bytes: &[u8]) -> Result<(), ReadError> {
    match walk(bytes) {
        Ok(cells) if cells <= MAX_EXPANDED_CELLS as u64 => Ok(()),
        Ok(cells) => Err(ReadError::RepeatedCells { file: file.to_string(), sheet: None, found: cells }),
        Err(Damaged(detail)) => {
            Err(ReadError::Unreadable { file: file.to_string(), detail: format!("the file is damaged: {detail}") })
        }
    }
}

/// The cells calamine's grids of every sheet would hold.
fn walk(bytes: &[u8]) -> Result<u64, Damaged> {
    // What calamine itself refuses cleanly (signature, sector shift) is left to it.
    let Some(header) = bytes.get(..512) else { return Ok(0) };
    let size = match u16_at(header, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Ok(0),
    };
    let sectors = bytes.get(size..).unwrap_or_default();
    let max_id = u32::try_from(bytes.len() / size).unwrap_or(u32::MAX);
    let file = Compound { sectors, size, max_id, held: Cell::new(0) };
    let count = |at| u32_at(header, at).map_or(0, |n| n as usize);
    let sector_count = bytes.len() / size + 1;
    // calamine reserves room for these counts before reading anything.
    if count(44) > sector_count || count(62) > 16 * 1024 * 1024 || count(64) > sector_count {
        return Err(Damaged("table sizes larger than the file"));
    }
    let mut difat: Vec<u32> = u32s(header.get(76..512).unwrap_or_default()).collect();
    let mut id = u32_at(header, 68).unwrap_or(END_OF_CHAIN);
    let mut steps = 0;
    while id < RESERVED {
        difat.extend(u32s(&file.sector(id)?));
        id = difat.pop().ok_or(Damaged("an empty sector table"))?;
        steps += 1;
        if steps > sector_count {
            return Err(Damaged("a sector table that loops"));
        }
    }
    let steps = u64::from(max_id) + 2;
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFAT_SECTOR) {
        fat.extend(u32s(&file.sector(id)?));
    }
    let directory = chain(u32_at(header, 48).unwrap_or(END_OF_CHAIN), &fat, usize::MAX, steps, |id| file.sector(id))?;
    if directory.len() % 128 != 0 || directory.is_empty() {
        return Err(Damaged("a cut directory"));
    }
    let entries: Vec<(String, u32, u64)> = directory
        .chunks_exact(128)
        .map(|entry| {
            let units: Vec<u16> =
                entry.get(..64).unwrap_or_default().chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
            let name: String = String::from_utf16_lossy(&units).split('\0').next().unwrap_or_default().to_string();
            let start = u32_at(entry, 116).unwrap_or(END_OF_CHAIN);
            let len = if size == 512 {
                u64::from(u32_at(entry, 120).unwrap_or(0))
            } else {
                entry.get(120..128).and_then(|b| b.try_into().ok()).map_or(0, u64::from_le_bytes)
            };
            (name, start, len)
        })
        .collect();
    // calamine reads stream sizes into a usize: on 32-bit wasm a larger one would stop it.
    if entries.iter().any(|(_, _, len)| *len > bytes.len() as u64) {
        return Err(Damaged("a stream larger than the file"));
    }
    let Some((_, root_start, root_len)) = entries.first().cloned() else { return Err(Damaged("no directory")) };
    let (mini_fat, mini_stream) = if count(64) > 0 {
        let stream = chain(root_start, &fat, root_len as usize, steps, |id| file.sector(id))?;
        let table =
            chain(u32_at(header, 60).unwrap_or(END_OF_CHAIN), &fat, count(64) * size, steps, |id| file.sector(id))?;
        (u32s(&table).collect::<Vec<u32>>(), stream)
    } else {
        (Vec::new(), Vec::new())
    };
    // Past the mini stream calamine reads on from wherever the file is; no real file asks.
    let mini_sector = |id: u32| -> Result<Vec<u8>, Damaged> {
        let start = (id as usize).saturating_mul(64);
        let bytes = mini_stream.get(start..start.saturating_add(64).min(mini_stream.len()));
        bytes.filter(|b| !b.is_empty()).map(<[u8]>::to_vec).ok_or(Damaged("a small stream past its container"))
    };
    let mut cells = 0_u64;
    for wanted in ["Workbook", "Book", "WORKBOOK", "BOOK"] {
        let Some((_, start, len)) = entries.iter().find(|(name, _, _)| name == wanted) else { continue };
        let stream = if *len < 4096 {
            chain(*start, &mini_fat, *len as usize, steps * 8, mini_sector)?
        } else {
            chain(*start, &fat, *len as usize, steps, |id| file.sector(id))?
        };
        cells = cells.max(biff_cells(&stream)?);
    }
    Ok(cells)
}

/// Minimum data lengths of the records calamine reads without checking them.
fn short(kind: u16, data: &[u8]) -> bool {
    let least = match kind {
        0x002F | 0x0042 | 0x0809 | 0x0017 | 0x00E5 => 2,
        0x0085 => 7,
        0x0018 => 15,
        _ => 0,
    };
    data.len() < least
}

/// Walks the BIFF records: sheets where their offsets point, records long enough for what
/// calamine reads, and the grid each sheet would expand to.
fn biff_cells(stream: &[u8]) -> Result<u64, Damaged> {
    let mut sheets = Vec::new();
    let biff8 = records(stream).next().is_none_or(|(_, data)| matches!(u16_at(data, 0), Some(0x0600) | Some(0)));
    for (kind, data) in records(stream) {
        if short(kind, data) {
            return Err(Damaged("a record shorter than its kind"));
        }
        match kind {
            0x0085 => sheets.push(u32_at(data, 0).map_or(usize::MAX, |p| p as usize)),
            0x0018 => {
                // A defined name: its formula length must fit in the record.
                let formula = u16_at(data, 4).unwrap_or(0) as usize;
                let Some(rgce) = data.len().checked_sub(formula).and_then(|at| data.get(at..)) else {
                    return Err(Damaged("a defined name longer than its record"));
                };
                // The bytes calamine reads of the name's reference, by its kind.
                let needed = match (rgce.first(), biff8) {
                    (None, _) => 0,
                    (Some(0x3a | 0x5a | 0x7a), true) => 7,
                    (Some(0x3b | 0x5b | 0x7b), true) => 11,
                    (Some(0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d), true) => 3,
                    (Some(0x3a | 0x5a | 0x7a), false) => 18,
                    (Some(0x3b | 0x5b | 0x7b), false) => 21,
                    (Some(0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d), false) => 13,
                    (Some(_), _) => 1,
                };
                let name = usize::from(data.get(3).copied().unwrap_or(0));
                if rgce.len() < needed || 14 + name > data.len() {
                    return Err(Damaged("a defined name longer than its record"));
                }
            }
            0x00E5 => {
                let merged = u16_at(data, 0).unwrap_or(0) as usize;
                if 2 + merged * 8 > data.len() {
                    return Err(Damaged("merged cells longer than their record"));
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut total = 0_u64;
    for position in sheets {
        let sheet = stream.get(position..).ok_or(Damaged("a sheet past the end of the workbook"))?;
        let (mut rows, mut columns) = ((u32::MAX, 0_u32), (u32::MAX, 0_u32));
        let mut reserved = 0_u64;
        for (kind, data) in records(sheet) {
            if short(kind, data) {
                return Err(Damaged("a record shorter than its kind"));
            }
            let at = |row: u16, column: u16| (u32::from(row), u32::from(column));
            let cell = match kind {
                0x0200 => {
                    reserved = dimension_cells(data)?;
                    None
                }
                0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00BD if data.len() >= 6 => {
                    let (row, first) = at(u16_at(data, 0).unwrap_or(0), u16_at(data, 2).unwrap_or(0));
                    let last =
                        if kind == 0x00BD { u32::from(u16_at(data, data.len() - 2).unwrap_or(0)) } else { first };
                    Some((row, first, last.max(first)))
                }
                0x000A => break,
                _ => None,
            };
            if let Some((row, first, last)) = cell {
                rows = (rows.0.min(row), rows.1.max(row));
                columns = (columns.0.min(first), columns.1.max(last));
            }
        }
        let grid =
            if rows.0 > rows.1 { 0 } else { u64::from(rows.1 - rows.0 + 1) * u64::from(columns.1 - columns.0 + 1) };
        total = total.saturating_add(grid.max(reserved));
    }
    Ok(total)
}

/// The cells a DIMENSIONS record makes calamine reserve.
fn dimension_cells(data: &[u8]) -> Result<u64, Damaged> {
    let (first_row, last_row, first_column, last_column) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u16_at(data, 4).unwrap_or(0),
            u16_at(data, 6).unwrap_or(0),
        ),
        14 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u16_at(data, 8).unwrap_or(0),
            u16_at(data, 10).unwrap_or(0),
        ),
        _ => return Ok(0),
    };
    let first_column = if first_column > 0xFF || last_column < first_column { 0 } else { first_column };
    if last_row == 0 || last_column == 0 {
        return Ok(1);
    }
    if last_row - 1 < first_row || last_column - 1 < first_column {
        return Err(Damaged("a sheet whose size is negative"));
    }
    Ok(u64::from(last_row - first_row) * u64::from(last_column - first_column))
}

/// BIFF records: a kind, a length, the data (CONTINUE records are separate records here).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let kind = u16_at(rest, 0)?;
        let len = u16_at(rest, 2)? as usize;
        let data = rest.get(4..4 + len)?;
        rest = rest.get(4 + len..).unwrap_or_default();
        Some((kind, data))
    })
}
