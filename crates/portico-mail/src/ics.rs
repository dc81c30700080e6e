//! iCalendar (RFC 5545) for meetings: an invitation or its cancellation sent by e-mail
//! (iMIP, RFC 6047: METHOD REQUEST / CANCEL, one UID whose SEQUENCE grows with each change)
//! and a feed people subscribe to. Times are written in UTC: every calendar shows them in
//! its reader's zone, and no time-zone table has to travel with them; the message around
//! an invitation says the time in the meeting's own zone.

use portico_kernel::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// An invitation, new or changed.
    Request,
    Cancel,
    /// A feed: events as they stand.
    Publish,
}

impl Method {
    fn word(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
            Method::Publish => "PUBLISH",
        }
    }
    /// The content type of a calendar part sent with this method.
    pub fn content_type(self) -> String {
        format!("text/calendar; method={}; charset=UTF-8", self.word())
    }
}

/// Someone taking part: a name and an address.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// One meeting.
#[derive(Debug, Clone)]
pub struct Meeting {
    /// Stable across changes: `{id}@{host}`.
    pub uid: String,
    /// Grows with each change (a new time, a cancellation).
    pub sequence: i64,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub start: Timestamp,
    pub end: Timestamp,
    pub cancelled: bool,
    pub organizer: Person,
    pub attendees: Vec<Person>,
}

/// A calendar of `meetings`, as one e-mail part or one feed.
pub fn calendar(method: Method, name: &str, meetings: &[Meeting], now: Timestamp) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Portico//Portico//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        format!("METHOD:{}", method.word()),
    ];
    if !name.is_empty() {
        lines.push(format!("X-WR-CALNAME:{}", text(name)));
    }
    for m in meetings {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", text(&m.uid)));
        lines.push(format!("SEQUENCE:{}", m.sequence));
        lines.push(format!("DTSTAMP:{}", utc(now)));
        lines.push(format!("DTSTART:{}", utc(m.start)));
        lines.push(format!("DTEND:{}", utc(m.end)));
        lines.push(format!("SUMMARY:{}", text(&m.summary)));
        if !m.description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", text(&m.description)));
        }
        if !m.location.is_empty() {
            lines.push(format!("LOCATION:{}", text(&m.location)));
        }
        let cancelled = m.cancelled || method == Method::Cancel;
        lines.push(format!("STATUS:{}", if cancelled { "CANCELLED" } else { "CONFIRMED" }));
        // Someone without an address is left out (a feed's events, a candidate without e-mail).
        if !m.organizer.email.is_empty() {
            lines.push(format!("ORGANIZER;CN={}:mailto:{}", param(&m.organizer.name), m.organizer.email));
        }
        for a in m.attendees.iter().filter(|a| !a.email.is_empty()) {
            lines.push(format!(
                "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{}",
                param(&a.name),
                a.email
            ));
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("")
}

/// A time in UTC, as `20261208T090000Z`.
fn utc(ts: Timestamp) -> String {
    portico_kernel::clock::from_micros(ts).format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value: backslash, semicolon and comma escaped, line breaks as `\n`.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (a name): quoted, without the characters a quoted value cannot hold.
fn param(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control() && *c != '"').collect();
    format!("\"{clean}\"")
}

/// A content line folded at 75 octets (never inside a character), ending in CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting() -> Meeting {
        Meeting {
            uid: "a1@portico.test".into(),
            sequence: 2,
            summary: "Entretien : Léa Petit, Conseiller; agence".into(),
            description: "Line one\nLine two".into(),
            location: "12 rue de la Paix, Paris".into(),
            start: 1_796_720_400_000_000,
            end: 1_796_722_200_000_000,
            cancelled: false,
            organizer: Person { name: "Acme \"Jobs\"".into(), email: "jobs@acme.test".into() },
            attendees: vec![Person { name: "Léa Petit".into(), email: "lea@example.fr".into() }],
        }
    }

    #[test]
    fn an_invitation_carries_its_method_sequence_and_escaped_text() {
        let ics = calendar(Method::Request, "", &[meeting()], 1_796_000_000_000_000);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(
            ics.contains("METHOD:REQUEST\r\n") && ics.contains("SEQUENCE:2\r\n") && ics.contains("STATUS:CONFIRMED")
        );
        assert!(ics.contains("DTSTART:20261208T090000Z\r\nDTEND:20261208T093000Z"), "{ics}");
        assert!(ics.contains("SUMMARY:Entretien : Léa Petit\\, Conseiller\\; agence"), "{ics}");
        assert!(ics.contains("DESCRIPTION:Line one\\nLine two"));
        assert!(ics.contains("ORGANIZER;CN=\"Acme Jobs\":mailto:jobs@acme.test"));
        let cancel = calendar(Method::Cancel, "", &[meeting()], 0);
        assert!(cancel.contains("METHOD:CANCEL") && cancel.contains("STATUS:CANCELLED"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut m = meeting();
        m.description = "é".repeat(100);
        let ics = calendar(Method::Publish, "Interviews", &[m], 0);
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{}", "é".repeat(100))));
    }
}
