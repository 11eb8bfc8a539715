//! What a chosen file really is, from its first bytes: a workbook whatever its name says, or
//! text, or something else (a plan file, a PDF, a picture) that is refused as such instead
//! of being shown as rows of garbage.

/// What the bytes of a chosen file hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Office Open XML workbook (zip with `xl/workbook.xml`).
    Xlsx,
    /// Excel binary workbook (zip with `xl/workbook.bin`).
    Xlsb,
    /// OpenDocument spreadsheet.
    Ods,
    /// Excel 97–2003 (an OLE compound file).
    Xls,
    /// Text: CSV or tab-separated.
    Text,
    /// Anything else, with what it looks like.
    Other(Kind),
}

/// What a file that is not a table looks like, to say what to choose instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    PlanFile,
    MappingFile,
    GeoJson,
    Json,
    Html,
    Xml,
    Pdf,
    Image,
    WordDocument,
    Archive,
    Binary,
}

impl Kind {
    /// "looks like …; choose …", the second half of the refusal.
    pub fn advice(self) -> &'static str {
        match self {
            Kind::PlanFile => "is a cashplan plan file (JSON), not a table. Open it as a plan (“Import a plan file” on the home page, or merge it as a partner's plan file; `cashplan merge` on the command line), or choose the spreadsheet you meant",
            Kind::MappingFile => "is a saved column mapping (JSON), not a table. Choose the spreadsheet first, then load the mapping with “Load a mapping file” (`--mapping` on the command line)",
            Kind::GeoJson => "is a GeoJSON map file, not a table. Choose the gazetteer or P-code list as a spreadsheet or CSV",
            Kind::Json => "is a JSON file, not a table. Export the data as .xlsx or .csv and choose that file",
            Kind::Html => "is a web page (HTML), not a spreadsheet, though its name says so (some systems export tables this way). Open it in Excel or LibreOffice, save it as .xlsx, and choose that file",
            Kind::Xml => "is an XML file, not a table. If it is an “XML Spreadsheet 2003”, open it in Excel and save it as .xlsx",
            Kind::Pdf => "is a PDF document, not a table. Ask the partner for the spreadsheet the PDF was made from",
            Kind::Image => "is a picture, not a table. Choose the spreadsheet (.xlsx, .xls, .ods or .csv)",
            Kind::WordDocument => "is a Word document, not a spreadsheet. Copy its table into Excel, save it as .xlsx, and choose that file",
            Kind::Archive => "is a compressed archive (zip, gzip, 7z or rar), not a spreadsheet. Unpack it and choose the spreadsheet inside",
            Kind::Binary => "is not text and not a workbook (it holds binary data). Choose an .xlsx, .xls, .xlsb, .ods or .csv file",
        }
    }
}

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// Bytes looked at to tell text from binary.
const SNIFF_BYTES: usize = 64 * 1024;

/// What the bytes are, whatever the file is called.
pub fn content(bytes: &[u8]) -> Content {
    if bytes.starts_with(ZIP) {
        return zip_content(bytes);
    }
    if bytes.starts_with(OLE) {
        // Word's .doc is an OLE file too; the workbook reader says so when it finds no workbook.
        return Content::Xls;
    }
    for (magic, kind) in [
        (&b"%PDF"[..], Kind::Pdf),
        (b"\x89PNG", Kind::Image),
        (b"\xFF\xD8\xFF", Kind::Image),
        (b"GIF8", Kind::Image),
        (b"\x1F\x8B", Kind::Archive),
        (b"7z\xBC\xAF", Kind::Archive),
        (b"Rar!", Kind::Archive),
    ] {
        if bytes.starts_with(magic) {
            return Content::Other(kind);
        }
    }
    if is_utf16(bytes).is_some() {
        return Content::Text;
    }
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if let Some(kind) = markup_or_json(head) {
        return Content::Other(kind);
    }
    // Text has no NUL and hardly any other control character; a binary file has many.
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    if head.contains(&0) || controls * 100 > head.len() {
        return Content::Other(Kind::Binary);
    }
    Content::Text
}

/// A zip's kind from the names in its directory (stored uncompressed at the end).
fn zip_content(bytes: &[u8]) -> Content {
    let has = |name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
    if has(b"xl/workbook.bin") {
        Content::Xlsb
    } else if has(b"xl/workbook.xml") {
        Content::Xlsx
    } else if has(b"application/vnd.oasis.opendocument.spreadsheet") || has(b"content.xml") {
        Content::Ods
    } else if has(b"word/document.xml") {
        Content::Other(Kind::WordDocument)
    } else {
        Content::Other(Kind::Archive)
    }
}

/// JSON, HTML or XML by the first thing in the file.
fn markup_or_json(head: &[u8]) -> Option<Kind> {
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let text = String::from_utf8_lossy(head.get(start..).unwrap_or_default()).to_lowercase();
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).take(4096).collect();
    if text.starts_with('{') || text.starts_with('[') {
        let looks_like_json = squeezed.starts_with("{\"") || squeezed.starts_with("[{") || squeezed.starts_with("[\"");
        if !looks_like_json {
            return None;
        }
        let kind = if squeezed.contains("\"type\":\"cashplan-mapping\"") || squeezed.contains("\"header_key\":") {
            Kind::MappingFile
        } else if squeezed.contains("\"type\":\"cashplan\"") || squeezed.contains("\"plan\":{") {
            Kind::PlanFile
        } else if squeezed.contains("\"featurecollection\"") || squeezed.contains("\"features\":[") {
            Kind::GeoJson
        } else {
            Kind::Json
        };
        return Some(kind);
    }
    if text.starts_with("<!doctype html") || text.starts_with("<html") || text.starts_with("<table") {
        return Some(Kind::Html);
    }
    if text.starts_with("<?xml") {
        return Some(if text.contains("<html") { Kind::Html } else { Kind::Xml });
    }
    None
}

/// UTF-16 text without a byte-order mark, told by its zero high bytes: little-endian when
/// `Some(true)`. Excel's "Unicode text" has a mark, but other tools leave it out.
pub fn is_utf16(bytes: &[u8]) -> Option<bool> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some(true);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some(false);
    }
    let head = bytes.get(..SNIFF_BYTES.min(bytes.len() & !1))?;
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let zero_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (zero_at(0), zero_at(1));
    // Nearly every character of a Latin-script CSV has a zero high byte, and no low byte is zero.
    if odd * 10 >= pairs * 9 && even == 0 {
        Some(true)
    } else if even * 10 >= pairs * 9 && odd == 0 {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_workbooks_are_told_apart_from_other_files() {
        assert_eq!(content(b"Org,Sector\nGOAL,MPC\n"), Content::Text);
        assert_eq!(content("\u{feff}Org;Secteur\r\nGOAL;MPC".as_bytes()), Content::Text);
        assert_eq!(content(b"\xFF\xFEO\x00r\x00g\x00"), Content::Text);
        assert_eq!(content(b"O\x00r\x00g\x00,\x00x\x00\n\x00"), Content::Text);
        assert_eq!(content(OLE), Content::Xls);
        assert_eq!(content(b"%PDF-1.7 ..."), Content::Other(Kind::Pdf));
        assert_eq!(content(b"\x00\x01\x02garbage\x00\xFF"), Content::Other(Kind::Binary));
        assert_eq!(content(b"  <!DOCTYPE html><table>"), Content::Other(Kind::Html));
    }

    #[test]
    fn json_files_say_which_json_they_are() {
        assert_eq!(content(br#"{"checksum":"sha256:1","plan":{"activities":{}}}"#), Content::Other(Kind::PlanFile));
        assert_eq!(content(b"{\n  \"type\": \"cashplan-mapping\",\n"), Content::Other(Kind::MappingFile));
        assert_eq!(content(br#"{"type":"FeatureCollection","features":[]}"#), Content::Other(Kind::GeoJson));
        assert_eq!(content(br#"[{"a":1}]"#), Content::Other(Kind::Json));
        assert_eq!(content(b"[Title row],x\n"), Content::Text, "a CSV may start with a bracket");
    }
}
