//! Made-up words for the benchmarks, drawn as natural language draws them, and percentiles.

use portico_testkit::Rng;

/// Pronounceable words: "bakor", "teliva"…
pub fn word(i: usize) -> String {
    const SYL: [&str; 20] = [
        "ba", "ko", "ri", "te", "li", "va", "mu", "sa", "do", "ne", "pi", "gu", "lo", "fe", "zi", "ta", "mo", "re",
        "ki", "nu",
    ];
    let mut n = i + 20;
    let mut w = String::new();
    while n > 0 {
        w.push_str(SYL[n % 20]);
        n /= 20;
    }
    w
}

/// Zipf (s = 1) over the vocabulary, by inverting its cumulative weights.
pub struct Zipf(Vec<f64>);

impl Zipf {
    pub fn new(n: usize) -> Zipf {
        let mut acc = 0.0;
        Zipf(
            (1..=n)
                .map(|k| {
                    acc += 1.0 / k as f64;
                    acc
                })
                .collect(),
        )
    }
    pub fn draw(&self, rng: &mut Rng) -> usize {
        let total = *self.0.last().unwrap();
        let x = (rng.draw() % 1_000_000_007) as f64 / 1_000_000_007.0 * total;
        self.0.partition_point(|c| *c < x).min(self.0.len() - 1)
    }
}
