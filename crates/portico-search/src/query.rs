//! What a person types into search: words (each a prefix), `"quoted phrases"`, `-word` to
//! leave out, and `name:value` filters on facets (`type:pdf`, `created:2026-01..2026-03`,
//! `unit:Paris`). Only letters and digits of the input ever reach either engine, so no
//! input is an error or injects syntax: what cannot be read as a filter is searched as words.

use portico_kernel::locale::fold_accents;

/// At most this many words, phrases, words left out and filters each.
pub const MAX_TERMS: usize = 8;

/// A parsed query. `filters` start empty: the caller turns `fields` it knows into them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub words: Vec<String>,
    pub phrases: Vec<Vec<String>>,
    pub without: Vec<String>,
    /// `name:value` as typed (the name lowercased, the value unquoted).
    pub fields: Vec<(String, String)>,
    /// Facet words, each group needing one of its words in a matching document.
    pub filters: Vec<Vec<String>>,
    /// Facet words a matching document has none of.
    pub excluded: Vec<String>,
}

impl Query {
    pub fn parse(input: &str) -> Query {
        let mut q = Query::default();
        let mut rest = input.trim_start();
        while !rest.is_empty() {
            let negated = rest.starts_with('-') && rest.len() > 1;
            if negated {
                rest = &rest[1..];
            }
            if !negated && let Some((name, value, after)) = field(rest) {
                q.fields.push((name, value));
                rest = after.trim_start();
                continue;
            }
            let (item, quoted, after) = next_item(rest);
            rest = after.trim_start();
            if negated {
                q.without.extend(terms_all(item));
            } else if quoted {
                match terms_all(item).as_slice() {
                    [] => {}
                    [one] => q.words.push(one.clone()),
                    many => q.phrases.push(many.iter().take(MAX_TERMS).cloned().collect()),
                }
            } else {
                q.words.extend(terms_all(item));
            }
        }
        q.words.dedup();
        q.words.truncate(MAX_TERMS);
        q.phrases.truncate(MAX_TERMS);
        q.without.truncate(MAX_TERMS);
        q.fields.truncate(MAX_TERMS);
        q
    }

    /// Nothing to look for: no words, phrases or filters (leaving words out alone finds nothing).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty() && self.filters.is_empty()
    }

    /// Narrowed by a facet's filter ([`crate::facets::filter`]).
    pub fn narrow(&mut self, f: crate::facets::Filter) {
        self.filters.extend(f.groups);
        self.excluded.extend(f.excluded);
    }

    /// A field the caller does not know, searched as the words it is made of.
    pub fn as_words(&mut self, name: &str, value: &str) {
        self.words.extend(terms_all(&format!("{name} {value}")));
        self.words.truncate(MAX_TERMS);
    }
}

/// The next item: a quoted phrase (to its closing quote or the end) or a run up to a space.
fn next_item(s: &str) -> (&str, bool, &str) {
    if let Some(inner) = s.strip_prefix('"') {
        return match inner.find('"') {
            Some(end) => (&inner[..end], true, &inner[end + 1..]),
            None => (inner, true, ""),
        };
    }
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    (&s[..end], false, &s[end..])
}

/// `name:value` with a name of ASCII letters, the value quoted or up to a space; returns
/// the field and what follows it.
fn field(s: &str) -> Option<(String, String, &str)> {
    let colon = s.find(':')?;
    let name = &s[..colon];
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let (value, quoted, after) = next_item(&s[colon + 1..]);
    if value.trim().is_empty() || (!quoted && value.starts_with(':')) {
        return None;
    }
    Some((name.to_ascii_lowercase(), value.to_string(), after))
}

/// Words of a text as the index holds them: accents folded, lowercased, split at anything
/// but letters and digits, each at most 64 characters.
pub(crate) fn terms_all(text: &str) -> Vec<String> {
    fold_accents(text)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| t.chars().take(64).collect())
        .collect()
}

/// The words of a plain query (no syntax), at most [`MAX_TERMS`].
pub fn terms(query: &str) -> Vec<String> {
    let mut t = terms_all(query);
    t.truncate(MAX_TERMS);
    t
}

#[cfg(test)]
mod tests {
    use super::Query;

    #[test]
    fn strips_syntax_and_folds() {
        assert_eq!(super::terms("Élève' OR 1=1 -- \"NEAR(\" *"), ["eleve", "or", "1", "1", "near"]);
        assert!(super::terms("  ;;; ").is_empty());
        assert_eq!(super::terms("Đurđević").len(), 1);
    }

    #[test]
    fn reads_phrases_exclusions_and_fields() {
        let q =
            Query::parse(r#"invoice "Ana Horvat" -draft type:pdf created:2026-01..2026-03 tag:"key account" 10:30"#);
        assert_eq!(q.words, ["invoice", "10", "30"]);
        assert_eq!(q.phrases, [vec!["ana".to_string(), "horvat".into()]]);
        assert_eq!(q.without, ["draft"]);
        let fields: Vec<(&str, &str)> = q.fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(fields, [("type", "pdf"), ("created", "2026-01..2026-03"), ("tag", "key account")]);
    }

    #[test]
    fn odd_input_is_words_or_nothing() {
        for input in ["\"", "-", "--", ":", "a:", ":b", "\"unclosed phrase", "x:\"open", "-\"\"", "*:*", "NOT AND OR"] {
            let q = Query::parse(input);
            assert!(
                q.words.iter().chain(q.without.iter()).all(|w| w.chars().all(char::is_alphanumeric)),
                "{input}: {q:?}"
            );
        }
        assert_eq!(Query::parse("\"unclosed phrase").phrases.len(), 1);
        assert_eq!(Query::parse("x:\"open").fields, [("x".to_string(), "open".to_string())]);
    }
}
