//! Text extractors. These run inside the sandboxed child process
//! (`portico extract-text`), never in the server itself.

use std::io::Read;

mod pdf;

pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;

pub fn extract(mime: &str, bytes: &[u8]) -> Result<String, String> {
    let text = match mime {
        // pdf-extract asserts on some malformed content streams: a damaged file is an
        // unreadable one, not a crash of whoever reads it (the sandbox also contains it).
        "application/pdf" => std::panic::catch_unwind(|| pdf::text(bytes))
            .unwrap_or_else(|_| Err("pdf: the file is damaged".to_string()))?,
        DOCX => docx(bytes)?,
        ODT => odt(bytes)?,
        m if m.starts_with("text/") => String::from_utf8_lossy(bytes).into_owned(),
        other => return Err(format!("no text extractor for {other}")),
    };
    let mut text = text.replace('\u{0}', "");
    if text.len() > MAX_TEXT_BYTES {
        let mut cut = MAX_TEXT_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    Ok(text)
}

pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const ODT: &str = "application/vnd.oasis.opendocument.text";

/// One zip member, read up to 64 MB (a zip bomb stops there).
fn member(bytes: &[u8], name: &str, what: &str) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("{what}: {e}"))?;
    let mut xml = String::new();
    zip.by_name(name)
        .map_err(|e| format!("{what}: {e}"))?
        .take(64 * 1024 * 1024)
        .read_to_string(&mut xml)
        .map_err(|e| format!("{what}: {e}"))?;
    Ok(xml)
}

/// The text of an OpenDocument text's content.xml: one line per paragraph or heading.
fn odt(bytes: &[u8]) -> Result<String, String> {
    let xml = member(bytes, "content.xml", "odt")?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = String::new();
    let mut in_body = false;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == "office:text" => in_body = true,
            Ok(quick_xml::events::Event::End(e)) => match e.name().as_ref() {
                "text:p" | "text:h" => out.push('\n'),
                "office:text" => in_body = false,
                _ => {}
            },
            Ok(quick_xml::events::Event::Empty(e)) if in_body => match e.name().as_ref() {
                "text:tab" => out.push('\t'),
                "text:s" => out.push(' '),
                "text:line-break" => out.push('\n'),
                _ => {}
            },
            Ok(quick_xml::events::Event::Text(t)) if in_body => out.push_str(&t.xml10_content()),
            Ok(quick_xml::events::Event::GeneralRef(r)) if in_body => out.push_str(entity(&r.xml10_content())),
            Ok(quick_xml::events::Event::Eof) => break,
            Err(e) => return Err(format!("odt: {e}")),
            _ => {}
        }
    }
    Ok(out)
}

fn entity(name: &str) -> &'static str {
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
}

/// The text runs of word/document.xml, one line per paragraph; a list item starts with a
/// bullet, as it shows on the page.
fn docx(bytes: &[u8]) -> Result<String, String> {
    let xml = member(bytes, "word/document.xml", "docx")?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == "w:t" => in_text = true,
            Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == "w:numPr" => out.push_str("• "),
            Ok(quick_xml::events::Event::End(e)) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:p" => out.push('\n'),
                _ => {}
            },
            Ok(quick_xml::events::Event::Empty(e)) if e.name().as_ref() == "w:tab" => out.push('\t'),
            Ok(quick_xml::events::Event::Text(t)) if in_text => {
                out.push_str(&t.xml10_content());
            }
            Ok(quick_xml::events::Event::GeneralRef(r)) if in_text => out.push_str(entity(&r.xml10_content())),
            Ok(quick_xml::events::Event::Eof) => break,
            Err(e) => return Err(format!("docx: {e}")),
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text matrix of two numbers instead of six: pdf-extract asserts; the reader says the
    /// file is damaged.
    #[test]
    fn a_malformed_pdf_is_unreadable_not_a_crash() {
        let stream = "BT /F1 11 Tf 1 2 Tm (x) Tj ET";
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
                .to_string(),
            format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        ];
        let pdf = portico_testkit::pdf_file(&objects.map(String::into_bytes));
        assert_eq!(extract("application/pdf", &pdf), Err("pdf: the file is damaged".to_string()));
        let fine = portico_testkit::pdf(&["Ana Horvat", "Zagreb"]);
        assert_eq!(extract("application/pdf", &fine).unwrap(), "Ana Horvat\nZagreb\n\n");
    }

    #[test]
    fn docx_paragraphs_and_entities() {
        let text = extract(DOCX, &portico_testkit::docx(&["Développeuse Rust", "Tom &amp; Jerry"])).unwrap();
        assert_eq!(text, "Développeuse Rust\nTom & Jerry\n");
        assert!(extract(DOCX, b"not a zip").is_err());
        assert!(extract("image/png", b"x").is_err());
    }
}
