//! CV parsing on the labelled set (portico_testkit::cv): per-field precision and recall on
//! the half the parser was tuned on and on the half it was not, and the time to read a PDF's
//! text and parse it, against pdf-extract's plain text reading of the same files (the
//! baseline: no layout, no parsing). Prints JSON for `bench/run --only cv`; `bench_cv show FILE` prints one
//! CV's text, what was found and what it says, to see why a field was missed; `bench_cv
//! misses` lists the fields missed in the tuning half (only that half is looked at to tune);
//! `bench_cv write DIR` writes the set's files and labels to look at, and `bench_cv seeds
//! EXTRACT_DIR PARSE_DIR` the fuzz targets' seeds (bin/fuzz).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use portico_testkit::cv::{Sample, corpus, score};
use serde_json::{Value, json};

const SET: usize = 72;

fn main() {
    let samples = corpus(SET);
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["show", file] => return show(&samples, file),
        ["write", dir] => return write(&samples, dir),
        ["seeds", extract, parse] => return seeds(&samples, extract, parse),
        _ => {}
    }
    let misses = args.first().map(String::as_str) == Some("misses");
    let mut found = Vec::new();
    let (mut pdf_ms, mut plain_ms) = (Vec::new(), Vec::new());
    for s in &samples {
        // The best of three runs, so a busy moment of the machine does not count.
        let (ms, text) = best_of_3(|| portico_files::extract::extract(s.mime, &s.bytes).unwrap());
        let (parse_ms, parsed) = best_of_3(|| portico_recruit::cv::parse(&text));
        if s.mime == "application/pdf" {
            pdf_ms.push(ms + parse_ms);
            plain_ms.push(best_of_3(|| pdf_extract::extract_text_from_mem(&s.bytes).unwrap()).0);
        }
        let parsed = serde_json::to_value(parsed).unwrap();
        if misses && s.tuning {
            for (field, sc) in score([(&s.label, &parsed)]) {
                if sc.wrong + sc.missed > 0 {
                    println!("{} {field}: {} wrong, {} missed", s.file, sc.wrong, sc.missed);
                }
            }
        }
        found.push(parsed);
    }
    let half = |tuning: bool| -> Value {
        let pairs = samples.iter().zip(&found).filter(|(s, _)| s.tuning == tuning).map(|(s, f)| (&s.label, f));
        score(pairs)
            .into_iter()
            .map(|(field, sc)| json!({"field": field, "precision": sc.precision(), "recall": sc.recall(), "right": sc.right, "wrong": sc.wrong, "missed": sc.missed}))
            .collect()
    };
    pdf_ms.sort_by(f64::total_cmp);
    plain_ms.sort_by(f64::total_cmp);
    let count = |tuning: bool| samples.iter().filter(|s: &&Sample| s.tuning == tuning).count();
    let out = json!({
        "cvs": SET,
        "tuning_cvs": count(true),
        "measured_cvs": count(false),
        "pdfs": pdf_ms.len(),
        "pdf_median_ms": pdf_ms[pdf_ms.len() / 2],
        "pdf_max_ms": pdf_ms.last(),
        "baseline_median_ms": plain_ms[plain_ms.len() / 2],
        "pdf_pages": samples.iter().filter(|s| s.mime == "application/pdf").map(|s| pages(&s.bytes)).max(),
        "tuning": half(true),
        "measured": half(false),
    });
    println!("{out:#}");
}

fn best_of_3<T>(mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::MAX;
    let mut out = None;
    for _ in 0..3 {
        let t = Instant::now();
        out = Some(f());
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
    }
    (best, out.expect("ran"))
}

fn show(samples: &[Sample], file: &str) {
    let s = samples.iter().find(|s| s.file == file).expect("no such CV in the set");
    let text = portico_files::extract::extract(s.mime, &s.bytes).unwrap();
    let found = serde_json::to_value(portico_recruit::cv::parse(&text)).unwrap();
    println!("{text}\n--- found\n{found:#}\n--- label\n{:#}", s.label);
}

fn write(samples: &[Sample], dir: &str) {
    std::fs::create_dir_all(dir).unwrap();
    for s in samples {
        std::fs::write(format!("{dir}/{}", s.file), &s.bytes).unwrap();
        std::fs::write(format!("{dir}/{}.json", s.file), format!("{:#}", s.label)).unwrap();
    }
}

/// cv_extract reads a byte saying which extractor (0 PDF, 1 DOCX), then the file.
fn seeds(samples: &[Sample], extract: &str, parse: &str) {
    std::fs::create_dir_all(extract).unwrap();
    std::fs::create_dir_all(parse).unwrap();
    for s in samples {
        let which = u8::from(s.mime != "application/pdf");
        std::fs::write(format!("{extract}/{}", s.file), [&[which][..], &s.bytes].concat()).unwrap();
        let text = portico_files::extract::extract(s.mime, &s.bytes).unwrap();
        std::fs::write(format!("{parse}/{}.txt", s.file), text).unwrap();
    }
}

fn pages(pdf: &[u8]) -> usize {
    pdf.windows(11).filter(|w| w == b"/Type /Page").count() - pdf.windows(12).filter(|w| w == b"/Type /Pages").count()
}
