//! Mail sent by machines: bounces (delivery status notifications), feedback reports (spam
//! complaints), auto-replies (RFC 3834 and what vacation responders really send) and
//! mailing-list mail. Each is marked with the reason, so a person can see why a message was
//! treated as it was; none of them opens a conversation or gets an automatic answer.

use serde::Serialize;

use super::parse::{Addr, Parsed};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    /// Written by a person.
    Normal,
    AutoReply,
    Bounce,
    Feedback,
    List,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Normal => "normal",
            MailKind::AutoReply => "auto_reply",
            MailKind::Bounce => "bounce",
            MailKind::Feedback => "feedback",
            MailKind::List => "list",
        }
    }

    /// Whether it came from a machine: never answered automatically.
    pub fn automatic(self) -> bool {
        self != MailKind::Normal
    }
}

/// What a report says about one address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub address: String,
    /// `5.1.1` and the like.
    pub status: String,
    /// A permanent failure (5.x.x): the address is marked.
    pub permanent: bool,
    pub diagnostic: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    pub kind: MailKind,
    /// The signal that decided (`report_type`, `auto_submitted`, `subject`…).
    pub reason: &'static str,
    /// For bounces: the addresses that failed.
    pub failures: Vec<Failure>,
    /// For reports: the Message-ID of the message they are about.
    pub original_message_id: Option<String>,
    /// For feedback reports: who complained.
    pub complainant: Option<String>,
}

impl Classified {
    /// Mail nothing marks as automatic.
    pub fn person() -> Classified {
        Classified {
            kind: MailKind::Normal,
            reason: "",
            failures: Vec::new(),
            original_message_id: None,
            complainant: None,
        }
    }
}

const BOUNCE_SUBJECTS: &[&str] = &[
    "undeliverable",
    "undelivered mail",
    "delivery status notification",
    "mail delivery failed",
    "delivery failure",
    "returned mail",
    "failure notice",
    "non remis",
    "échec de la remise",
    "echec de la remise",
    "nije isporučen",
    "neisporučen",
    "unzustellbar",
];

const AUTO_SUBJECTS: &[&str] = &[
    "out of office",
    "out of the office",
    "automatic reply",
    "auto-reply",
    "autoreply",
    "auto reply",
    "auto:",
    "away from the office",
    "vacation reply",
    "réponse automatique",
    "absence du bureau",
    "absent du bureau",
    "message d'absence",
    "automatski odgovor",
    "odsutan",
    "odsutna",
    "izvan ureda",
    "abwesenheitsnotiz",
    "automatische antwort",
];

fn is_daemon(from: Option<&Addr>) -> bool {
    from.is_some_and(|a| {
        let local = a.email.split('@').next().unwrap_or("");
        matches!(local, "mailer-daemon" | "postmaster" | "mail-daemon" | "mailerdaemon")
    })
}

pub fn classify(p: &Parsed) -> Classified {
    let s = &p.signals;
    let subject = p.subject.to_lowercase();
    let original = s.original_headers.as_deref().and_then(original_message_id);
    let plain =
        |kind, reason| Classified { kind, reason, failures: Vec::new(), original_message_id: None, complainant: None };
    if s.report_type.as_deref() == Some("feedback-report") || s.feedback_report.is_some() {
        let complainant = p.from.as_ref().map(|a| a.email.clone());
        let about = s.feedback_report.as_deref().and_then(|r| field(r, "original-rcpt-to")).or_else(|| {
            s.original_headers.as_deref().and_then(|h| field(h, "to")).map(|t| t.trim_matches(['<', '>']).to_string())
        });
        return Classified {
            original_message_id: original,
            complainant: about.or(complainant),
            ..plain(MailKind::Feedback, "feedback_report")
        };
    }
    if let Some(status) = &s.delivery_status {
        let failures = delivery_failures(status);
        // A report of successful delivery or delay is still a report, never a person's mail.
        return Classified { failures, original_message_id: original, ..plain(MailKind::Bounce, "delivery_status") };
    }
    if (s.null_sender || is_daemon(p.from.as_ref())) && BOUNCE_SUBJECTS.iter().any(|b| subject.contains(b)) {
        return Classified { original_message_id: original, ..plain(MailKind::Bounce, "bounce_subject") };
    }
    if let Some(a) = &s.auto_submitted
        && a != "no"
    {
        return plain(MailKind::AutoReply, "auto_submitted");
    }
    if s.autoreply_header {
        return plain(MailKind::AutoReply, "autoreply_header");
    }
    if s.precedence.as_deref() == Some("auto_reply") {
        return plain(MailKind::AutoReply, "precedence");
    }
    if AUTO_SUBJECTS.iter().any(|a| subject.starts_with(a) || subject.contains(&format!(": {a}"))) {
        return plain(MailKind::AutoReply, "subject");
    }
    if is_daemon(p.from.as_ref()) || s.null_sender {
        return plain(MailKind::Bounce, "null_sender");
    }
    if s.list {
        return plain(MailKind::List, "list_headers");
    }
    if matches!(s.precedence.as_deref(), Some("list" | "bulk" | "junk")) {
        return plain(MailKind::List, "precedence");
    }
    Classified::person()
}

/// A header's value in a block of `Name: value` lines (case-insensitive; unfolded).
fn field(block: &str, name: &str) -> Option<String> {
    let mut found: Option<String> = None;
    for line in block.lines() {
        if let Some(v) = found.as_mut() {
            if line.starts_with([' ', '\t']) {
                v.push(' ');
                v.push_str(line.trim());
                continue;
            }
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.trim().eq_ignore_ascii_case(name)
        {
            found = Some(v.trim().to_string());
        }
    }
    found.filter(|v| !v.is_empty())
}

fn original_message_id(headers: &str) -> Option<String> {
    field(headers, "message-id").and_then(|v| super::parse::bracketed(&v))
}

/// The per-recipient blocks of a delivery status notification (RFC 3464) that failed.
fn delivery_failures(status: &str) -> Vec<Failure> {
    let normalized = status.replace("\r\n", "\n");
    normalized
        .split("\n\n")
        .filter_map(|block| {
            let recipient = field(block, "final-recipient").or_else(|| field(block, "original-recipient"))?;
            let address =
                recipient.rsplit(';').next().unwrap_or(&recipient).trim().trim_matches(['<', '>']).to_lowercase();
            let action = field(block, "action").unwrap_or_default().to_lowercase();
            let code = field(block, "status").unwrap_or_default();
            if action != "failed" && !code.starts_with('5') {
                return None;
            }
            Some(Failure {
                permanent: code.starts_with('5') || (code.is_empty() && action == "failed"),
                status: code,
                diagnostic: field(block, "diagnostic-code").unwrap_or_default(),
                address,
            })
        })
        .filter(|f| f.address.contains('@'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inbound::parse::parse;

    fn kind_of(raw: &str) -> Classified {
        classify(&parse(raw.replace('\n', "\r\n").as_bytes()).unwrap())
    }

    #[test]
    fn a_dsn_names_the_failed_address_and_the_message() {
        let raw = "From: Mail Delivery System <MAILER-DAEMON@mx.client.test>\nTo: support@acme.test\nSubject: Undelivered Mail Returned to Sender\nReturn-Path: <>\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nSorry.\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.client.test\n\nFinal-Recipient: rfc822; Gone@Client.test\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n\n--b\nContent-Type: text/rfc822-headers\n\nMessage-ID: <out-1@acme.test>\nTo: gone@client.test\n--b--\n";
        let c = kind_of(raw);
        assert_eq!(c.kind, MailKind::Bounce);
        assert_eq!(c.failures.len(), 1);
        assert_eq!(c.failures[0].address, "gone@client.test");
        assert!(c.failures[0].permanent);
        assert_eq!(c.original_message_id.as_deref(), Some("<out-1@acme.test>"));
    }

    #[test]
    fn automatic_mail_is_told_apart() {
        let cases = [
            ("Auto-Submitted: auto-replied\nSubject: Re: x", MailKind::AutoReply),
            ("X-Autoreply: yes\nSubject: Re: x", MailKind::AutoReply),
            ("Subject: Réponse automatique : Panne", MailKind::AutoReply),
            ("Subject: Automatski odgovor: Upit", MailKind::AutoReply),
            ("Subject: Out of Office: Question", MailKind::AutoReply),
            ("List-Id: <news.client.test>\nSubject: Weekly news", MailKind::List),
            ("Precedence: bulk\nSubject: Offers", MailKind::List),
            ("Auto-Submitted: no\nSubject: Question", MailKind::Normal),
            ("Subject: On my way out of office soon, question", MailKind::Normal),
        ];
        for (headers, expected) in cases {
            let raw = format!("From: someone@client.test\nTo: support@acme.test\n{headers}\n\nBody\n");
            assert_eq!(kind_of(&raw).kind, expected, "{headers}");
        }
    }

    #[test]
    fn a_feedback_report_names_the_complainant() {
        let raw = "From: abuse@isp.test\nTo: support@acme.test\nSubject: complaint\nContent-Type: multipart/report; report-type=feedback-report; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nA complaint\n--b\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nOriginal-Rcpt-To: angry@client.test\n\n--b--\n";
        let c = kind_of(raw);
        assert_eq!(c.kind, MailKind::Feedback);
        assert_eq!(c.complainant.as_deref(), Some("angry@client.test"));
    }
}
