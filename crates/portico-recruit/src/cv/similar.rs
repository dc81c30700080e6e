//! How alike two CV texts are: the share of runs of three words they have in common
//! (Jaccard on word shingles), so a CV sent again with a line changed, or saved to another
//! format, is still recognised while two CVs in the same trade are not.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// From 0 (nothing in common) to 1 (the same words in the same order).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (shingles(a), shingles(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(&b).count();
    common as f64 / (a.len() + b.len() - common) as f64
}

fn shingles(text: &str) -> HashSet<u64> {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    words
        .windows(3)
        .map(|w| {
            let mut h = DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::similarity;

    const CV: &str = "Sophie Marchand, responsable d'agence. Expérience: Agence Lumière, Lyon, 2019 – 2024, \
        direction d'une équipe de huit conseillers, suivi du chiffre d'affaires et recrutement. \
        Formation: Master management, Université Lyon 3, 2017.";

    #[test]
    fn a_cv_sent_again_with_a_line_changed_is_alike() {
        let again = CV.replace("2019 – 2024", "2019 – 2025").replace("huit", "neuf");
        assert!(similarity(CV, &again) > 0.5, "{}", similarity(CV, &again));
        assert!((similarity(CV, CV) - 1.0).abs() < f64::EPSILON);
    }

    #[test]
    fn two_people_in_the_same_trade_are_not() {
        let other = "Marc Petit, responsable d'agence. Expérience: Banque du Rhône, Villeurbanne, 2015 – 2023, \
            gestion d'un portefeuille de clients professionnels et animation commerciale. \
            Formation: BTS banque, Lycée Ampère, 2014.";
        assert!(similarity(CV, other) < 0.2, "{}", similarity(CV, other));
        assert!(similarity(CV, "").abs() < f64::EPSILON);
    }
}
