//! User query → search terms. Only letters and digits survive, so no query
//! syntax of either engine can be injected.

use portico_kernel::locale::fold_accents;

pub const MAX_TERMS: usize = 8;

pub fn terms(query: &str) -> Vec<String> {
    fold_accents(query)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(MAX_TERMS)
        .map(|t| t.chars().take(64).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn strips_syntax_and_folds() {
        assert_eq!(super::terms("Élève' OR 1=1 -- \"NEAR(\" *"), ["eleve", "or", "1", "1", "near"]);
        assert!(super::terms("  ;;; ").is_empty());
        assert_eq!(super::terms("Đurđević").len(), 1);
    }
}
