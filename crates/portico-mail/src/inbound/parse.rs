//! Parsing one raw message (mail-parser, which decodes every charset and transfer encoding
//! it knows) into what the rest of the pipeline needs: addresses, threading headers, the
//! text and sanitized HTML bodies, attachments, and the headers that tell automatic mail
//! apart. Nothing here touches the database.

use mail_parser::{Address, HeaderName, HeaderValue, MessageParser, MimeHeaders, PartType};

/// Largest message taken (what IMAP, the webhook and the CLI may hand over).
pub const MAX_MESSAGE_BYTES: usize = 40 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Addr {
    pub name: String,
    /// Lowercased.
    pub email: String,
}

#[derive(Debug, Clone)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub content_id: Option<String>,
    pub inline: bool,
}

/// Headers and parts that mark mail sent by machines rather than people.
#[derive(Debug, Clone, Default)]
pub struct Signals {
    pub auto_submitted: Option<String>,
    pub precedence: Option<String>,
    /// X-Autoreply, X-Autorespond, X-Auto-Response-Suppress…
    pub autoreply_header: bool,
    pub list: bool,
    /// `Return-Path: <>`: a bounce or another report.
    pub null_sender: bool,
    /// `multipart/report`'s `report-type`.
    pub report_type: Option<String>,
    /// The text of a `message/delivery-status` part.
    pub delivery_status: Option<String>,
    /// The text of a `message/feedback-report` part.
    pub feedback_report: Option<String>,
    /// Headers of the message a report is about (`text/rfc822-headers` or the returned message).
    pub original_headers: Option<String>,
    /// What a spam filter on the way said (`X-Spam-Flag: YES`), when it called this spam.
    pub spam: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// `<id@host>`, as outgoing Message-IDs are stored.
    pub message_id: Option<String>,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    pub from: Option<Addr>,
    pub reply_to: Option<Addr>,
    pub to: Vec<Addr>,
    pub cc: Vec<Addr>,
    /// Delivered-To / X-Original-To: where the message was really delivered (plus addresses).
    pub delivered_to: Vec<String>,
    pub subject: String,
    /// The Date header, in microseconds.
    pub date: Option<i64>,
    pub text: String,
    /// Sanitized.
    pub html: Option<String>,
    pub attachments: Vec<Attachment>,
    pub signals: Signals,
    /// Who wrote a message someone forwarded to us.
    pub forwarded_from: Option<Addr>,
}

/// Why a message could not be read. It is kept raw with this reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    Empty,
    TooLarge,
    NotMime,
}

impl Unreadable {
    pub fn word(&self) -> &'static str {
        match self {
            Unreadable::Empty => "empty",
            Unreadable::TooLarge => "too_large",
            Unreadable::NotMime => "not_mime",
        }
    }
}

/// `<id>` with its brackets, trimmed; `None` for an empty one.
pub fn bracketed(id: &str) -> Option<String> {
    let id = id.trim().trim_start_matches('<').trim_end_matches('>').trim();
    (!id.is_empty() && !id.contains(char::is_whitespace)).then(|| format!("<{id}>"))
}

fn addr(a: &mail_parser::Addr<'_>) -> Option<Addr> {
    let email = a.address.as_deref()?.trim().to_lowercase();
    if !email.contains('@') {
        return None;
    }
    Some(Addr { name: a.name.as_deref().unwrap_or("").trim().to_string(), email })
}

fn addrs(a: Option<&Address<'_>>) -> Vec<Addr> {
    a.map(|a| a.iter().filter_map(addr).collect()).unwrap_or_default()
}

fn ids(v: &HeaderValue<'_>) -> Vec<String> {
    match v {
        HeaderValue::Text(t) => t.split_whitespace().filter_map(bracketed).collect(),
        HeaderValue::TextList(l) => l.iter().filter_map(|t| bracketed(t)).collect(),
        _ => Vec::new(),
    }
}

fn text_header(m: &mail_parser::Message<'_>, name: &str) -> Option<String> {
    m.header(name).and_then(|v| match v {
        HeaderValue::Text(t) => Some(t.trim().to_string()),
        HeaderValue::TextList(l) => l.first().map(|t| t.trim().to_string()),
        _ => None,
    })
}

/// Parse a raw message.
pub fn parse(raw: &[u8]) -> Result<Parsed, Unreadable> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(Unreadable::Empty);
    }
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err(Unreadable::TooLarge);
    }
    let m = MessageParser::default().parse(raw).ok_or(Unreadable::NotMime)?;
    // Something without any of the headers every message has was never a message.
    let known = [
        HeaderName::From,
        HeaderName::Sender,
        HeaderName::To,
        HeaderName::Subject,
        HeaderName::Date,
        HeaderName::MessageId,
        HeaderName::Received,
        HeaderName::ReturnPath,
        HeaderName::MimeVersion,
        HeaderName::ContentType,
    ];
    if !known.into_iter().any(|h| m.header(h).is_some()) {
        return Err(Unreadable::NotMime);
    }
    let mut p = Parsed {
        message_id: m.message_id().and_then(bracketed),
        in_reply_to: ids(m.in_reply_to()),
        references: ids(m.references()),
        from: m.from().and_then(|a| a.first()).and_then(addr),
        reply_to: m.reply_to().and_then(|a| a.first()).and_then(addr),
        to: addrs(m.to()),
        cc: addrs(m.cc()),
        subject: m.subject().unwrap_or("").trim().to_string(),
        date: m.date().map(|d| d.to_timestamp().saturating_mul(1_000_000)),
        ..Default::default()
    };
    for name in ["Delivered-To", "X-Original-To", "Envelope-To"] {
        for v in m.header_values(name) {
            if let Some(t) = v.as_text() {
                p.delivered_to.push(t.trim().trim_matches(['<', '>']).to_lowercase());
            }
        }
    }
    bodies(&m, &mut p);
    signals(&m, &mut p.signals);
    attachments(&m, &mut p);
    p.forwarded_from = forwarded_from(&p.subject, &p.text);
    Ok(p)
}

fn bodies(m: &mail_parser::Message<'_>, p: &mut Parsed) {
    let mut text = Vec::new();
    for part in m.text_bodies() {
        if let PartType::Text(t) = &part.body {
            text.push(t.to_string());
        }
    }
    let html: Vec<String> = m
        .html_bodies()
        .filter_map(|part| match &part.body {
            PartType::Html(h) => Some(h.to_string()),
            _ => None,
        })
        .collect();
    if !html.is_empty() {
        p.html = Some(portico_html::sanitize(&html.join("\n")));
    }
    p.text = if !text.is_empty() {
        text.join("\n")
    } else {
        p.html.as_deref().map(portico_html::to_text).unwrap_or_default()
    };
}

/// The header by which a spam filter on the way (SpamAssassin, rspamd) called the message
/// spam, as `Name: value`.
fn spam_verdict(m: &mail_parser::Message<'_>) -> Option<String> {
    let says = |name: &str, spam: &dyn Fn(&str) -> bool| {
        text_header(m, name).filter(|v| spam(&v.trim().to_ascii_lowercase())).map(|v| format!("{name}: {}", v.trim()))
    };
    says("X-Spam-Flag", &|v| v == "yes")
        .or_else(|| says("X-Spam-Status", &|v| v.starts_with("yes")))
        .or_else(|| says("X-Spam", &|v| v == "yes" || v == "true"))
        .or_else(|| says("X-Spam-Action", &|v| matches!(v, "reject" | "add header" | "rewrite subject")))
}

fn signals(m: &mail_parser::Message<'_>, s: &mut Signals) {
    s.auto_submitted = text_header(m, "Auto-Submitted").map(|v| v.to_ascii_lowercase());
    s.precedence = text_header(m, "Precedence").map(|v| v.to_ascii_lowercase());
    s.autoreply_header = ["X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Response-Suppress"]
        .iter()
        .any(|h| m.header(*h).is_some())
        || text_header(m, "X-Mailer").is_some_and(|v| v.to_ascii_lowercase().contains("autorespond"));
    s.spam = spam_verdict(m);
    s.list = [HeaderName::ListId, HeaderName::ListUnsubscribe, HeaderName::ListPost]
        .into_iter()
        .any(|h| m.header(h).is_some_and(|v| !v.is_empty()));
    s.null_sender = m.return_path().as_text().is_some_and(|r| r.trim().trim_matches(['<', '>']).is_empty())
        || m.header_raw("Return-Path").is_some_and(|r| r.trim() == "<>");
    if let Some(ct) = m.content_type()
        && ct.ctype().eq_ignore_ascii_case("multipart")
        && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("report"))
    {
        s.report_type = ct.attribute("report-type").map(|t| t.to_ascii_lowercase());
    }
    for part in &m.parts {
        let Some(ct) = part.content_type() else { continue };
        let kind = format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("")).to_ascii_lowercase();
        let body = || String::from_utf8_lossy(part.contents()).into_owned();
        match kind.as_str() {
            "message/delivery-status" | "message/global-delivery-status" => s.delivery_status = Some(body()),
            "message/feedback-report" => s.feedback_report = Some(body()),
            "text/rfc822-headers" | "message/rfc822-headers" => s.original_headers = Some(body()),
            "message/rfc822" | "message/global" if s.report_type.is_some() => {
                if let Some(inner) = part.message() {
                    let raw = inner.raw_message();
                    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(raw.len().min(8192));
                    s.original_headers.get_or_insert_with(|| String::from_utf8_lossy(&raw[..end]).into_owned());
                }
            }
            _ => {}
        }
    }
}

fn attachments(m: &mail_parser::Message<'_>, p: &mut Parsed) {
    for (n, part) in m.attachments().enumerate() {
        let content_type = part
            .content_type()
            .map(|ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("octet-stream")).to_ascii_lowercase())
            .unwrap_or_else(|| "application/octet-stream".into());
        // Reports are read above; they are not documents anyone opens.
        if content_type.ends_with("delivery-status") || content_type == "message/feedback-report" {
            continue;
        }
        let filename = part
            .attachment_name()
            .map(clean_filename)
            .filter(|f| !f.is_empty())
            .unwrap_or_else(|| format!("attachment-{}{}", n + 1, extension(&content_type)));
        let inline = part.content_disposition().is_some_and(|d| d.ctype().eq_ignore_ascii_case("inline"));
        p.attachments.push(Attachment {
            filename,
            content_type,
            bytes: part.contents().to_vec(),
            content_id: part.content_id().map(|c| c.trim_matches(['<', '>']).to_string()),
            inline,
        });
    }
}

/// A file name as sent, without any path a sender slipped into it.
fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.chars().filter(|c| !c.is_control()).collect::<String>().trim().chars().take(200).collect()
}

fn extension(content_type: &str) -> &'static str {
    match content_type {
        "message/rfc822" => ".eml",
        "application/pdf" => ".pdf",
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "text/plain" => ".txt",
        "text/html" => ".html",
        _ => "",
    }
}

/// The author of a forwarded message: the first From line after a forwarding marker, or
/// after the subject's forward prefix.
fn forwarded_from(subject: &str, text: &str) -> Option<Addr> {
    let lower = subject.to_lowercase();
    let by_subject = ["fwd:", "fw:", "tr:", "wg:", "proslijeđeno:", "prosljeđeno:", "fwd :", "tr :"]
        .iter()
        .any(|p| lower.starts_with(p));
    let markers = [
        "forwarded message",
        "begin forwarded message",
        "message transféré",
        "début du message réexpédié",
        "proslijeđena poruka",
        "weitergeleitete nachricht",
        "original message",
        "message d'origine",
    ];
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| {
        let l = l.to_lowercase();
        markers.iter().any(|m| l.contains(m))
    });
    let start = match (start, by_subject) {
        (Some(s), _) => s,
        (None, true) => 0,
        (None, false) => return None,
    };
    lines.iter().skip(start).take(12).find_map(|l| {
        let l = l.trim().trim_start_matches('*');
        let lower = l.to_lowercase();
        let value = ["from:", "de :", "de:", "od:", "šalje:", "von:", "expéditeur :", "expéditeur:"]
            .iter()
            .find(|p| lower.starts_with(*p))
            .map(|p| l[p.len()..].trim_start_matches('*').trim())?;
        parse_display_address(value)
    })
}

/// `Name <a@b>` or `a@b`, as written in a forwarded header block.
fn parse_display_address(value: &str) -> Option<Addr> {
    let (name, email) = match (value.rfind('<'), value.rfind('>')) {
        (Some(lt), Some(gt)) if lt < gt => (value[..lt].trim().trim_matches('"').to_string(), &value[lt + 1..gt]),
        _ => (String::new(), value.split_whitespace().find(|w| w.contains('@')).unwrap_or("")),
    };
    let email = email.trim().trim_start_matches("mailto:").to_lowercase();
    (email.contains('@') && !email.contains(char::is_whitespace)).then_some(Addr { name, email })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_bodies_and_charsets() {
        let raw = b"From: =?ISO-8859-2?Q?Ana_Horvati=E6?= <Ana@Example.HR>\r\nTo: support@acme.test\r\nSubject: =?UTF-8?B?UG9tb8SH?=\r\nMessage-ID: <abc@example.hr>\r\nIn-Reply-To: <x1@acme.test>\r\nReferences: <x0@acme.test> <x1@acme.test>\r\nDate: Mon, 7 Dec 2026 10:12:00 +0100\r\nContent-Type: text/plain; charset=iso-8859-2\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=C8estitam, =B9to ka=BEete?\r\n";
        let p = parse(raw).unwrap();
        assert_eq!(p.from, Some(Addr { name: "Ana Horvatić".into(), email: "ana@example.hr".into() }));
        assert_eq!(p.subject, "Pomoć");
        assert_eq!(p.message_id.as_deref(), Some("<abc@example.hr>"));
        assert_eq!(p.in_reply_to, vec!["<x1@acme.test>"]);
        assert_eq!(p.references, vec!["<x0@acme.test>", "<x1@acme.test>"]);
        assert_eq!(p.text.trim(), "Čestitam, što kažete?");
        assert_eq!(p.date, Some(1_796_634_720_000_000));
    }

    #[test]
    fn html_only_is_sanitized_and_read_as_text() {
        let raw = b"From: a@b.test\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<div>Hi<script>alert(1)</script></div><div>there</div>";
        let p = parse(raw).unwrap();
        assert_eq!(p.text, "Hi\nthere");
        assert!(!p.html.unwrap().contains("script"));
    }

    #[test]
    fn nothing_readable_is_said_so() {
        assert_eq!(parse(b"  \r\n").unwrap_err(), Unreadable::Empty);
        assert!(parse(&vec![b'a'; MAX_MESSAGE_BYTES + 1]).is_err());
    }

    #[test]
    fn forwarded_mail_names_its_author() {
        let text = "FYI\n\n---------- Forwarded message ---------\nFrom: Marie Curie <marie@client.fr>\nDate: Mon\nSubject: Panne\n\nBonjour";
        assert_eq!(forwarded_from("Fwd: Panne", text).unwrap().email, "marie@client.fr");
        let outlook =
            "________________________________\nDe : Jean Dupont <jean@client.fr>\nEnvoyé : lundi\nObjet : Panne";
        assert_eq!(forwarded_from("TR: Panne", outlook).unwrap().email, "jean@client.fr");
        assert!(forwarded_from("Re: Panne", "From: nobody").is_none());
    }
}
