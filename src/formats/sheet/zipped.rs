//! A zipped workbook (xlsx, xlsb, ods) measured before calamine opens it: each part the
//! readers use is unzipped once into nothing, counting its bytes and its longest XML tag or
//! text (or binary record). calamine reads shared strings, styles and the workbook whole and
//! buffers each tag or text it meets, so a 1 MB file that unzips to a 1 GB string would take
//! gigabytes; here it is refused first. The declared sizes in a zip can lie, so the bytes are
//! counted as they come out.

use super::limits::{MAX_PART_BYTES, MAX_RECORD_BYTES, MAX_UNZIPPED_BYTES};
use super::read::ReadError;
use std::io::{Cursor, Read};

/// Whether a part is XML text or xlsb binary records; None: not read by calamine.
fn part_kind(name: &str) -> Option<Part> {
    let name = name.to_ascii_lowercase();
    let skipped = ["media/", "embeddings/", "printersettings", "vbaproject", "thumbnail", "pictures/"];
    if skipped.iter().any(|s| name.contains(s)) {
        return None;
    }
    if name.ends_with(".xml") || name.ends_with(".rels") {
        Some(Part::Xml)
    } else if name.ends_with(".bin") {
        Some(Part::Records)
    } else {
        None
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Xml,
    Records,
}

/// Worksheets are streamed cell by cell; the other parts are read whole.
fn is_streamed(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.contains("worksheets/") || name == "content.xml"
}

/// Unzips every part the readers use into nothing, and refuses the file when a part, the
/// whole or one tag, text or record is larger than the limits.
pub fn check(file: &str, bytes: &[u8]) -> Result<(), ReadError> {
    let unreadable = |detail: String| ReadError::Unreadable { file: file.to_string(), detail };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let mut total = 0_u64;
    let mut buffer = vec![0_u8; 64 * 1024];
    for index in 0..archive.len() {
        // Encrypted or oddly compressed parts are left for calamine to report.
        let Ok(mut entry) = archive.by_index(index) else { continue };
        let name = entry.name().to_string();
        let Some(kind) = part_kind(&name) else { continue };
        let streamed = is_streamed(&name);
        let mut xml = XmlEvents::default();
        let mut records = Records::default();
        let mut size = 0_u64;
        loop {
            let read = entry.read(&mut buffer).map_err(|e| unreadable(format!("{name}: {e}")))?;
            let Some(chunk) = buffer.get(..read).filter(|c| !c.is_empty()) else { break };
            size += read as u64;
            total += read as u64;
            let longest = match kind {
                Part::Xml => xml.feed(chunk),
                Part::Records => records.feed(chunk),
            };
            let too_large = |what: String, found: u64, limit: u64| ReadError::TooLargeUnzipped {
                file: file.to_string(),
                what,
                found,
                limit,
            };
            if longest > MAX_RECORD_BYTES {
                let what = format!("one tag, text or record in {name}");
                return Err(too_large(what, longest, MAX_RECORD_BYTES));
            }
            if !streamed && size > MAX_PART_BYTES {
                return Err(too_large(format!("{name} (read whole)"), size, MAX_PART_BYTES));
            }
            if total > MAX_UNZIPPED_BYTES {
                return Err(too_large("the workbook".into(), total, MAX_UNZIPPED_BYTES));
            }
        }
    }
    Ok(())
}

/// The longest XML event (a tag with its attributes, a text, a comment, a CDATA section) in
/// bytes, fed in chunks: what quick-xml would buffer at once.
#[derive(Default)]
pub(super) struct XmlEvents {
    state: XmlState,
    run: u64,
    longest: u64,
    /// The two bytes before the current one, to find `-->`, `]]>` and `?>`.
    last: [u8; 2],
    /// After `<!`: the bytes seen, to tell a comment and CDATA from a declaration.
    bang: Vec<u8>,
}

#[derive(Default, Clone, Copy, PartialEq)]
enum XmlState {
    #[default]
    Text,
    Open,
    Tag(Option<u8>),
    Bang,
    Comment,
    Cdata,
    Declaration(u32),
    Instruction,
}

impl XmlEvents {
    /// Takes the next bytes; returns the longest event so far.
    pub fn feed(&mut self, chunk: &[u8]) -> u64 {
        for &byte in chunk {
            self.step(byte);
            self.last = [self.last[1], byte];
        }
        self.longest.max(self.run)
    }

    fn end(&mut self) {
        self.longest = self.longest.max(self.run);
        self.run = 0;
        self.state = XmlState::Text;
    }

    fn step(&mut self, byte: u8) {
        use XmlState::*;
        self.run += 1;
        match self.state {
            Text if byte == b'<' => {
                self.run -= 1;
                self.longest = self.longest.max(self.run);
                self.run = 1;
                self.state = Open;
            }
            Text => {}
            Open => match byte {
                b'!' => {
                    self.bang.clear();
                    self.state = Bang;
                }
                b'?' => self.state = Instruction,
                _ => {
                    self.state = Tag(None);
                    self.tag(byte, None);
                }
            },
            Tag(quote) => self.tag(byte, quote),
            Bang => {
                self.bang.push(byte);
                if self.bang == b"--" {
                    self.state = Comment;
                } else if self.bang == b"[CDATA[" {
                    self.state = Cdata;
                } else if !b"--".starts_with(&self.bang) && !b"[CDATA[".starts_with(&self.bang) {
                    let depth = self.bang.iter().fold(0_u32, |d, &b| bracket(d, b));
                    self.state = Declaration(depth);
                    if byte == b'>' && depth == 0 {
                        self.end();
                    }
                }
            }
            Comment if byte == b'>' && self.last == *b"--" => self.end(),
            Cdata if byte == b'>' && self.last == *b"]]" => self.end(),
            Instruction if byte == b'>' && self.last[1] == b'?' => self.end(),
            Comment | Cdata | Instruction => {}
            Declaration(0) if byte == b'>' => self.end(),
            Declaration(depth) => self.state = Declaration(bracket(depth, byte)),
        }
    }

    fn tag(&mut self, byte: u8, quote: Option<u8>) {
        match quote {
            Some(q) if byte == q => self.state = XmlState::Tag(None),
            Some(_) => {}
            None if byte == b'"' || byte == b'\'' => self.state = XmlState::Tag(Some(byte)),
            None if byte == b'>' => self.end(),
            None => {}
        }
    }
}

fn bracket(depth: u32, byte: u8) -> u32 {
    match byte {
        b'[' => depth.saturating_add(1),
        b']' => depth.saturating_sub(1),
        _ => depth,
    }
}

/// The largest record of an xlsb part (a variable-length type, then a variable-length size),
/// fed in chunks: calamine makes a buffer of each record's size.
#[derive(Default)]
struct Records {
    /// Bytes of the current record's type and size read so far.
    header: Vec<u8>,
    /// Body bytes still to skip.
    body: u64,
    longest: u64,
}

impl Records {
    fn feed(&mut self, mut chunk: &[u8]) -> u64 {
        while !chunk.is_empty() {
            if self.body > 0 {
                let skipped = (chunk.len() as u64).min(self.body);
                self.body -= skipped;
                chunk = chunk.get(skipped as usize..).unwrap_or_default();
                continue;
            }
            let Some((&byte, rest)) = chunk.split_first() else { break };
            chunk = rest;
            self.header.push(byte);
            if let Some(size) = record_size(&self.header) {
                self.longest = self.longest.max(size);
                self.body = size;
                self.header.clear();
            }
        }
        self.longest
    }
}

/// The size of a record from its header bytes, once they are complete: a type of one or two
/// bytes, then a size of one to four bytes of seven bits each (MS-XLSB 2.1.4).
fn record_size(header: &[u8]) -> Option<u64> {
    let type_len = if header.first()? & 0x80 != 0 { 2 } else { 1 };
    let size_bytes = header.get(type_len..)?;
    let mut size = 0_u64;
    for (i, &b) in size_bytes.iter().enumerate() {
        size |= u64::from(b & 0x7F) << (7 * i);
        if b & 0x80 == 0 || i == 3 {
            return Some(size);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn longest(xml: &str) -> u64 {
        XmlEvents::default().feed(xml.as_bytes())
    }

    #[test]
    fn xml_events_are_measured_whole() {
        assert_eq!(longest("<a>hello</a>"), 5, "the text");
        assert_eq!(longest("<c r=\"A1\" t=\"s\"><v>1</v></c>"), 16);
        assert_eq!(longest("<a title=\"x > y > z\">t</a>"), 21, "a quoted > does not end the tag");
        assert_eq!(longest("<a><!-- a < b > c --></a>"), 18, "a comment ends at -->");
        assert_eq!(longest("<a><![CDATA[x<y>z]]></a>"), 17, "CDATA ends at ]]>");
        assert_eq!(longest("<?xml version=\"1.0\"?><a/>"), 21);
        assert_eq!(longest("<!DOCTYPE a [<!ENTITY b \"c\">]><a/>"), 30);
        let mut split = XmlEvents::default();
        split.feed(b"<a>hel");
        assert_eq!(split.feed(b"lo wor"), 9, "a text cut across chunks is measured whole");
    }

    #[test]
    fn xlsb_record_sizes_are_read_from_their_headers() {
        assert_eq!(record_size(&[0x00, 0x05]), Some(5));
        assert_eq!(record_size(&[0x81, 0x01, 0x85, 0x01]), Some(133));
        assert_eq!(record_size(&[0x81]), None, "incomplete");
        let mut records = Records::default();
        assert_eq!(records.feed(&[0x00, 0x02, 9, 9, 0x01, 0x80, 0x80, 0x01, 7]), 16_384);
    }
}
