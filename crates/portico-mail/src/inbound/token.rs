//! Reply tokens: a short random name per conversation that our outgoing mail carries in its
//! Reply-To address (`support+k7q2m9xd4p@acme.fr`) and its subject (`[#K7Q2M9XD4P]`), so a
//! reply finds its conversation even when the replying client drops In-Reply-To and
//! References. Ten characters of an alphabet without look-alikes (no 0/o, 1/l/i).

use rand::RngExt;

const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
pub const LEN: usize = 10;

pub fn new_token() -> String {
    let mut rng = rand::rng();
    (0..LEN).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

fn is_token(s: &str) -> bool {
    s.len() == LEN && s.bytes().all(|b| ALPHABET.contains(&b.to_ascii_lowercase()))
}

/// The Reply-To address of a conversation: the mailbox's address with the token after a `+`.
pub fn reply_address(mailbox: &str, token: &str) -> String {
    match mailbox.split_once('@') {
        Some((local, domain)) => format!("{local}+{token}@{domain}"),
        None => mailbox.to_string(),
    }
}

/// The subject tag of a conversation.
pub fn subject_tag(token: &str) -> String {
    format!("[#{}]", token.to_uppercase())
}

/// A subject with the tag once, at the end.
pub fn tagged_subject(subject: &str, token: &str) -> String {
    let tag = subject_tag(token);
    if subject.contains(&tag) { subject.to_string() } else { format!("{} {tag}", subject.trim()) }
}

/// The token in a plus address (`local+TOKEN@domain`).
pub fn in_address(addr: &str) -> Option<String> {
    let local = addr.split('@').next()?;
    let (_, tag) = local.rsplit_once('+')?;
    is_token(tag).then(|| tag.to_ascii_lowercase())
}

/// The token in a subject's `[#TOKEN]` tag.
pub fn in_subject(subject: &str) -> Option<String> {
    let mut rest = subject;
    while let Some(start) = rest.find("[#") {
        let after = &rest[start + 2..];
        if let Some(end) = after.find(']')
            && is_token(&after[..end])
        {
            return Some(after[..end].to_ascii_lowercase());
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_through_addresses_and_subjects() {
        let t = new_token();
        assert_eq!(t.len(), LEN);
        let addr = reply_address("support@acme.fr", &t);
        assert_eq!(in_address(&addr), Some(t.clone()));
        let subject = tagged_subject("Re: Panne", &t);
        assert_eq!(tagged_subject(&subject, &t), subject, "tagged once");
        assert_eq!(in_subject(&format!("RE: TR: {subject}")), Some(t));
        assert_eq!(in_subject("[#short] [#0000000000]"), None, "0 is not in the alphabet");
        assert_eq!(in_address("plain@acme.fr"), None);
    }
}
