//! HTML to plain text the way a mail client shows it: blocks on their own lines, paragraphs
//! apart, `<br>` a line end even on an empty line, quotes prefixed with `> `, list items with
//! `- `; scripts, styles and the head dropped; entities decoded; runs of blanks collapsed.

/// The text of an HTML document or fragment.
pub fn to_text(html: &str) -> String {
    let mut w = Writer::default();
    let mut rest = html;
    let mut skip_until: Option<&'static str> = None;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skip_until.is_none() {
                w.text(rest);
            }
            break;
        };
        if skip_until.is_none() {
            w.text(&rest[..lt]);
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(end) = skip_until {
            if closing && name == end {
                skip_until = None;
            }
            continue;
        }
        match (name.as_str(), closing) {
            ("head", false) => skip_until = Some("head"),
            ("style", false) => skip_until = Some("style"),
            ("script", false) => skip_until = Some("script"),
            ("title", false) => skip_until = Some("title"),
            ("template", false) => skip_until = Some("template"),
            ("br", _) => w.line_end(),
            ("p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" | "ul" | "ol" | "pre", _) => w.paragraph(),
            ("blockquote", false) => {
                w.paragraph();
                w.depth += 1;
            }
            ("blockquote", true) => {
                w.paragraph();
                w.depth = w.depth.saturating_sub(1);
            }
            ("li", false) => {
                w.block();
                w.text("- ");
            }
            ("hr", _) => {
                w.block();
                w.text("________________________________");
                w.block();
            }
            ("td" | "th", false) => w.cell(),
            ("div" | "tr" | "li" | "dd" | "dt" | "section" | "article" | "header" | "footer" | "address", _) => {
                w.block()
            }
            _ => {}
        }
    }
    w.finish()
}

#[derive(Default)]
struct Writer {
    lines: Vec<String>,
    line: String,
    /// The current line has content (beyond its quote prefix).
    started: bool,
    depth: usize,
    space: bool,
}

impl Writer {
    fn prefix(&mut self) {
        if !self.started {
            self.line = "> ".repeat(self.depth);
            self.started = true;
        }
    }

    fn text(&mut self, raw: &str) {
        let decoded = decode_entities(raw);
        for (i, word) in decoded.split(|c: char| c.is_whitespace() && c != '\u{a0}').enumerate() {
            if i > 0 {
                self.space = true;
            }
            if word.is_empty() {
                continue;
            }
            let at_start = !self.started || self.line.trim_start_matches("> ").is_empty();
            self.prefix();
            if self.space && !at_start {
                self.line.push(' ');
            }
            self.space = false;
            self.line.push_str(&word.replace('\u{a0}', " "));
        }
    }

    /// End the current line, even an empty one.
    fn line_end(&mut self) {
        if !self.started {
            self.line = "> ".repeat(self.depth);
        }
        self.lines.push(std::mem::take(&mut self.line));
        self.started = false;
        self.space = false;
    }

    /// Start a new line unless at the start of one.
    fn block(&mut self) {
        if self.started && !self.line.trim_start_matches("> ").trim().is_empty() {
            self.line_end();
        } else {
            self.line.clear();
            self.started = false;
        }
        self.space = false;
    }

    /// A new line with a blank one before it.
    fn paragraph(&mut self) {
        self.block();
        if self.lines.last().is_some_and(|l| !l.trim_start_matches('>').trim().is_empty()) {
            self.lines.push("> ".repeat(self.depth).trim_end().to_string());
        }
    }

    fn cell(&mut self) {
        if self.started && !self.line.trim().is_empty() {
            self.line.push(' ');
        }
    }

    fn finish(mut self) -> String {
        self.block();
        let mut out: Vec<String> = Vec::with_capacity(self.lines.len());
        for l in self.lines {
            let l = l.trim_end().to_string();
            let blank = l.trim_start_matches('>').trim().is_empty();
            if blank && out.last().is_some_and(|p: &String| p.trim_start_matches('>').trim().is_empty()) {
                continue;
            }
            out.push(l);
        }
        let blank = |l: &String| l.trim_start_matches('>').trim().is_empty();
        while out.first().is_some_and(blank) {
            out.remove(0);
        }
        while out.last().is_some_and(blank) {
            out.pop();
        }
        out.join("\n")
    }
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).map(|i| i + 1);
        let decoded = match end {
            Some(end) if rest[end..].starts_with(';') => entity(&rest[1..end]).map(|c| (c, end + 1)),
            _ => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "ccedil" => 'ç',
        "rsquo" => '’',
        "lsquo" => '‘',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "euro" => '€',
        "laquo" => '«',
        "raquo" => '»',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn gmail_divs_keep_their_lines_and_blank_lines() {
        let html = r#"<div dir="ltr"><div>Hello Ana,</div><div><br></div><div>Thursday works &amp; suits&nbsp;me.</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Dec 7, 2026 at 10:12 AM Ana &lt;ana@x.hr&gt; wrote:<br></div><blockquote class="gmail_quote"><div>Can we meet?</div><div><br></div><div>Ana</div></blockquote></div>"#;
        assert_eq!(
            to_text(html),
            "Hello Ana,\n\nThursday works & suits me.\n\nOn Mon, Dec 7, 2026 at 10:12 AM Ana <ana@x.hr> wrote:\n\n> Can we meet?\n>\n> Ana"
        );
    }

    #[test]
    fn paragraphs_lists_and_skipped_parts() {
        let html = "<html><head><title>t</title><style>p{x}</style></head><body><p>One\n   two</p><p>Three</p><ul><li>a</li><li>b</li></ul><script>x()</script></body></html>";
        assert_eq!(to_text(html), "One two\n\nThree\n\n- a\n- b");
    }

    #[test]
    fn broken_markup_and_unknown_entities_do_not_panic() {
        assert_eq!(to_text("a &bogus; &#x1F600; <b"), "a &bogus; 😀");
        assert_eq!(to_text("<!-- never closed"), "");
        assert_eq!(to_text("x<hr>y"), "x\n________________________________\ny");
    }
}
