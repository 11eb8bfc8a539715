//! An Excel binary workbook (.xlsb) checked record by record before calamine reads it.
//! calamine reads each record's fields at fixed offsets without checking that the record is
//! that long, and looks shared strings and sheet paths up without checking they exist, so a
//! damaged file would stop it mid-way (a panic, which in the browser kills the spreadsheet
//! module). Here every record calamine reads is checked for the bytes it takes; the workbook
//! part is rewritten with only the sheet list (calamine also parses defined names' formulas,
//! which the import never uses), and the other parts are copied as they are.

use super::read::ReadError;
use quick_xml::events::Event;
use std::collections::HashSet;
use std::io::{Cursor, Read, Write};

struct Damaged(String);

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// Records of a part: a type of one or two bytes, a size of one to four (MS-XLSB 2.1.4).
fn records(mut part: &[u8]) -> impl Iterator<Item = Result<(u16, &[u8]), Damaged>> {
    std::iter::from_fn(move || {
        let (&first, rest) = part.split_first()?;
        let mut read = || -> Option<(u16, &[u8])> {
            let mut rest = rest;
            let kind = if first & 0x80 != 0 {
                let (&second, after) = rest.split_first()?;
                rest = after;
                u16::from(first & 0x7F) + (u16::from(second & 0x7F) << 7)
            } else {
                u16::from(first)
            };
            let mut size = 0_usize;
            for i in 0..4 {
                let (&b, after) = rest.split_first()?;
                rest = after;
                size += usize::from(b & 0x7F) << (7 * i);
                if b & 0x80 == 0 {
                    break;
                }
            }
            let data = rest.get(..size)?;
            part = rest.get(size..).unwrap_or_default();
            Some((kind, data))
        };
        let found = read().ok_or_else(|| Damaged("a record cut short".into()));
        if found.is_err() {
            part = &[];
        }
        Some(found)
    })
}

fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = if kind < 0x80 { vec![kind as u8] } else { vec![(kind & 0x7F) as u8 | 0x80, (kind >> 7) as u8] };
    let mut size = data.len();
    loop {
        let byte = (size & 0x7F) as u8;
        size >>= 7;
        out.push(if size == 0 { byte } else { byte | 0x80 });
        if size == 0 {
            break;
        }
    }
    out.extend_from_slice(data);
    out
}

/// A length-prefixed UTF-16 string at `at` fits in `data`: the bytes after it.
fn wide_string_end(data: &[u8], at: usize) -> Option<usize> {
    let units = u32_at(data, at)? as usize;
    let end = at.checked_add(4)?.checked_add(units.checked_mul(2)?)?;
    (end <= data.len()).then_some(end)
}

/// The bytes calamine reads of each record kind it knows in a sheet or style part.
fn long_enough(kind: u16, data: &[u8], strings: usize) -> bool {
    match kind {
        0x0000 => data.len() >= 4,
        0x0002 => data.len() >= 12,
        0x0003 | 0x0004 | 0x000A => data.len() >= 9,
        0x0005 | 0x0009 => data.len() >= 16,
        0x0006 | 0x0008 => wide_string_end(data, 8).is_some(),
        0x0007 => u32_at(data, 8).is_some_and(|i| (i as usize) < strings),
        0x0094 => data.len() >= 16,
        0x0267 | 0x0269 => data.len() >= 4,
        0x002C => data.len() >= 2 && wide_string_end(data, 2).is_some(),
        0x002F => data.len() >= 4,
        0x009F => data.len() >= 8,
        0x0013 => wide_string_end(data, 1).is_some(),
        _ => true,
    }
}

fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<Vec<u8>>, Damaged> {
    let Some(index) =
        (0..archive.len()).find(|&i| archive.name_for_index(i).is_some_and(|n| n.eq_ignore_ascii_case(name)))
    else {
        return Ok(None);
    };
    let mut entry = archive.by_index(index).map_err(|e| Damaged(format!("{name}: {e}")))?;
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).map_err(|e| Damaged(format!("{name}: {e}")))?;
    Ok(Some(bytes))
}

/// The relationship ids and targets of the workbook.
fn relationships(xml: &[u8]) -> Vec<(String, String)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut found = Vec::new();
    let mut buffer = Vec::new();
    while let Ok(event) = reader.read_event_into(&mut buffer) {
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"Relationship" => {
                let value = |key: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == key)
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                };
                if let (Some(id), Some(target)) = (value(b"Id"), value(b"Target")) {
                    found.push((id, target));
                }
            }
            _ => {}
        }
        buffer.clear();
    }
    found
}

/// The workbook part with only what calamine needs: the 1904 flag and the sheets whose
/// relationship exists, each record long enough.
fn workbook(book: &[u8], relationships: &[(String, String)]) -> Result<(Vec<u8>, Vec<String>), Damaged> {
    let mut out = record(0x0083, &[]);
    let mut sheets = Vec::new();
    for found in records(book) {
        let (kind, data) = found?;
        match kind {
            0x0099 if !data.is_empty() => out.extend(record(kind, data)),
            0x009C => {
                let Some(id_end) = wide_string_end(data, 8) else { continue };
                let units: Vec<u16> = data
                    .get(12..id_end)
                    .unwrap_or_default()
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                let id = String::from_utf16_lossy(&units);
                let target = relationships.iter().find(|(known, _)| *known == id).map(|(_, t)| t);
                if let (Some(target), Some(_)) = (target, wide_string_end(data, id_end)) {
                    sheets.push(format!("xl/{}", target.trim_start_matches('/').trim_start_matches("xl/")));
                    out.extend(record(kind, data));
                }
            }
            0x0090 => break,
            _ => {}
        }
    }
    out.extend(record(0x0090, &[]));
    out.extend(record(0x0084, &[]));
    Ok((out, sheets))
}

fn check_records(name: &str, bytes: &[u8], strings: usize) -> Result<usize, Damaged> {
    let mut items = 0;
    for found in records(bytes) {
        let (kind, data) = found?;
        if !long_enough(kind, data, strings) {
            return Err(Damaged(format!("{name}: a record of kind {kind:#06x} is shorter than its kind")));
        }
        items += usize::from(kind == 0x0013);
    }
    Ok(items)
}

/// The .xlsb with its records checked and its workbook part rewritten, for calamine.
pub fn clean(file: &str, bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    rebuild(bytes).map_err(|Damaged(detail)| ReadError::Unreadable {
        file: file.to_string(),
        detail: format!("the file is damaged: {detail}"),
    })
}

fn rebuild(bytes: &[u8]) -> Result<Vec<u8>, Damaged> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Damaged(e.to_string()))?;
    let rels = part(&mut archive, "xl/_rels/workbook.bin.rels")?.unwrap_or_default();
    let Some(book) = part(&mut archive, "xl/workbook.bin")? else { return Ok(bytes.to_vec()) };
    let (book, sheets) = workbook(&book, &relationships(&rels))?;
    let strings = match part(&mut archive, "xl/sharedStrings.bin")? {
        Some(table) => check_records("xl/sharedStrings.bin", &table, 0)?,
        None => 0,
    };
    if let Some(styles) = part(&mut archive, "xl/styles.bin")? {
        check_records("xl/styles.bin", &styles, 0)?;
    }
    let sheets: HashSet<String> = sheets.into_iter().map(|s| s.to_ascii_lowercase()).collect();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let failed = |e: &dyn std::fmt::Display| Damaged(e.to_string());
    for index in 0..archive.len() {
        let name = archive.name_for_index(index).unwrap_or_default().to_string();
        if name.eq_ignore_ascii_case("xl/workbook.bin") {
            out.start_file("xl/workbook.bin", stored).map_err(|e| failed(&e))?;
            out.write_all(&book).map_err(|e| failed(&e))?;
            continue;
        }
        if sheets.contains(&name.to_ascii_lowercase()) {
            if let Some(sheet) = part(&mut archive, &name)? {
                check_records(&name, &sheet, strings)?;
            }
        }
        let entry = archive.by_index_raw(index).map_err(|e| failed(&e))?;
        out.raw_copy_file(entry).map_err(|e| failed(&e))?;
    }
    Ok(out.finish().map_err(|e| failed(&e))?.into_inner())
}
