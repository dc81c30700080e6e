//! New ids for a copy of a workspace beside its original: each old id maps to one new id,
//! computed (not remembered, so memory stays flat): the old id's time part is kept, so ids
//! still sort by creation, and the rest comes from a hash of the old id with the copy's salt.

use sha2::{Digest, Sha256};

pub struct Remap {
    salt: [u8; 16],
}

impl Remap {
    pub fn new() -> Remap {
        let mut salt = [0u8; 16];
        rand::fill(&mut salt);
        Remap { salt }
    }

    fn digest(&self, value: &str) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.salt);
        h.update(value.as_bytes());
        h.finalize().into()
    }

    /// The copy's id for `old`, or `None` when `old` is not an id.
    pub fn id(&self, old: &str) -> Option<String> {
        let u = uuid::Uuid::parse_str(old).ok()?;
        let mut bytes = *u.as_bytes();
        let d = self.digest(old);
        bytes[6..16].copy_from_slice(&d[0..10]);
        // Version 7 and the RFC variant, as every id we make.
        bytes[6] = (bytes[6] & 0x0f) | 0x70;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        Some(uuid::Uuid::from_bytes(bytes).to_string())
    }

    /// JSON with each string that is an id (as a value or a key) replaced by the copy's id.
    pub fn json_ids(&self, old: &str) -> Option<String> {
        fn walk(r: &Remap, v: serde_json::Value) -> serde_json::Value {
            use serde_json::Value;
            match v {
                Value::String(s) => Value::String(r.id(&s).unwrap_or(s)),
                Value::Array(items) => Value::Array(items.into_iter().map(|i| walk(r, i)).collect()),
                Value::Object(map) => {
                    Value::Object(map.into_iter().map(|(k, v)| (r.id(&k).unwrap_or(k), walk(r, v))).collect())
                }
                other => other,
            }
        }
        serde_json::from_str(old).ok().map(|v| walk(self, v).to_string())
    }

    /// A credential hash the copy keeps in place of the original's (which must not work twice).
    pub fn secret(&self, old: &str) -> String {
        hex::encode(self.digest(old))
    }

    /// A text unique across the install (a Message-ID), made the copy's own: a mark of the
    /// copy goes before the `@` (or at the end).
    pub fn unique_text(&self, old: &str) -> String {
        let mark = hex::encode(&self.digest(old)[..4]);
        match old.rfind('@') {
            Some(at) => format!("{}.{mark}{}", &old[..at], &old[at..]),
            None => format!("{old}.{mark}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Remap;

    #[test]
    fn ids_map_one_to_one_keep_their_time_and_stay_v7() {
        let r = Remap::new();
        let old = uuid::Uuid::now_v7().to_string();
        let new = r.id(&old).unwrap();
        assert_ne!(new, old);
        assert_eq!(r.id(&old).unwrap(), new, "the same old id always maps to the same new id");
        assert_eq!(&new[..13], &old[..13], "the time part is kept");
        assert_eq!(uuid::Uuid::parse_str(&new).unwrap().get_version_num(), 7);
        assert_ne!(Remap::new().id(&old).unwrap(), new, "another copy, other ids");
        assert!(r.id("not-an-id").is_none());
        let msg = "<0190abc@portico.test>";
        let copy = r.unique_text(msg);
        assert!(copy.starts_with("<0190abc.") && copy.ends_with("@portico.test>") && copy != msg, "{copy}");
        assert_eq!(r.unique_text(msg), copy);
        let json = format!(r#"{{"users":["{old}"],"{old}":1,"note":"{old} in words","n":2}}"#);
        let mapped: serde_json::Value = serde_json::from_str(&r.json_ids(&json).unwrap()).unwrap();
        assert_eq!(mapped["users"][0], new.as_str(), "ids as values");
        assert_eq!(mapped[new.as_str()], 1, "and as keys");
        assert_eq!(mapped["note"], format!("{old} in words"), "words are left as written");
        assert!(r.json_ids("not json").is_none());
    }
}
