//! HTML from outside (mail, rich-text editors, imported records): sanitized before it is
//! stored or shown, and turned into plain text where text is needed (reply extraction,
//! search, the text part of an e-mail). One policy for every consumer, so a job ad, a help
//! article and a customer's e-mail are cleaned alike.

mod text;

pub use text::to_text;

use std::collections::HashSet;
use std::sync::OnceLock;

/// The one sanitizer: the tags of formatted text (paragraphs, lists, tables, links, images,
/// quotes, code), no scripts, styles, forms, frames or event attributes; links open safely.
fn builder() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.link_rel(Some("noopener noreferrer nofollow"))
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel", "cid"]))
            .add_tags(["figure", "figcaption"])
            .add_tag_attributes("td", ["colspan", "rowspan"])
            .add_tag_attributes("th", ["colspan", "rowspan", "scope"]);
        b
    })
}

/// Clean HTML: what remains is safe to store and to show inside a page.
pub fn sanitize(html: &str) -> String {
    builder().clean(html).to_string()
}

/// Plain text as HTML: escaped, lines kept, paragraphs on blank lines.
pub fn from_text(text: &str) -> String {
    let escaped = escape(text);
    escaped
        .split("\n\n")
        .map(|p| format!("<p>{}</p>", p.trim_matches('\n').replace('\n', "<br>")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Escape text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_styles_handlers_and_bad_links_go() {
        let dirty = r#"<p onclick="x()">Hi <b>there</b><script>alert(1)</script><style>p{}</style>
            <a href="javascript:alert(1)">a</a> <a href="https://ok.example/">b</a>
            <img src="cid:logo" onerror="x()"><iframe src="https://evil.example"></iframe></p>"#;
        let clean = sanitize(dirty);
        for gone in ["onclick", "<script", "alert", "<style", "javascript:", "onerror", "<iframe"] {
            assert!(!clean.contains(gone), "{gone} survived: {clean}");
        }
        assert!(clean.contains("<b>there</b>"));
        assert!(clean.contains(r#"href="https://ok.example/""#) && clean.contains("noopener"));
        assert!(clean.contains(r#"src="cid:logo""#));
    }

    #[test]
    fn text_becomes_paragraphs() {
        assert_eq!(from_text("a <b>\nc\n\nd"), "<p>a &lt;b&gt;<br>c</p>\n<p>d</p>");
    }
}
