//! A PDF's text in reading order. PDFs place glyphs anywhere and in any order: a two-column
//! CV may be written line by line across both columns, a table row cell by cell on one
//! baseline. So the glyphs of a page are gathered with their positions, grouped into lines
//! (by baseline) and runs (pieces of a line apart by a wide gap), and a page whose runs keep
//! clear of one vertical gutter from top to bottom is read column by column. Runs of one line
//! are separated by a tab.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

pub fn text(bytes: &[u8]) -> Result<String, String> {
    let mut doc = pdf_extract::Document::load_mem(bytes).map_err(|e| format!("pdf: {e}"))?;
    if doc.is_encrypted() {
        // An empty user password opens most "protected" PDFs; others cannot be read.
        doc.decrypt("").map_err(|_| "pdf: encrypted".to_string())?;
    }
    let mut layout = Layout::default();
    pdf_extract::output_doc(&doc, &mut layout).map_err(|e| format!("pdf: {e}"))?;
    Ok(layout.out)
}

struct Glyph {
    x: f64,
    end: f64,
    /// From the top of the page.
    y: f64,
    size: f64,
    text: String,
}

/// Glyphs side by side on one baseline, no wide gap between them.
struct Run {
    x: f64,
    end: f64,
    y: f64,
    text: String,
}

#[derive(Default)]
struct Layout {
    height: f64,
    glyphs: Vec<Glyph>,
    out: String,
}

impl OutputDev for Layout {
    fn begin_page(&mut self, _: u32, media: &MediaBox, _: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        self.height = media.ury - media.lly;
        self.glyphs.clear();
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        let runs = runs(std::mem::take(&mut self.glyphs));
        write_page(&runs, &mut self.out);
        self.out.push('\n');
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _: f64,
        font_size: f64,
        c: &str,
    ) -> Result<(), OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size * scale).max(0.1);
        // Glyphs past this many are dropped: a page of a million glyphs is an attack, not a CV.
        if self.glyphs.len() < 200_000 {
            self.glyphs.push(Glyph {
                x: trm.m31,
                end: trm.m31 + width * size,
                y: self.height - trm.m32,
                size,
                text: c.to_string(),
            });
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Glyphs into runs: by baseline (within a third of the text size), then left to right,
/// cut where the gap is wider than the text is high.
fn runs(mut glyphs: Vec<Glyph>) -> Vec<Run> {
    glyphs.retain(|g| g.x.is_finite() && g.y.is_finite() && g.end.is_finite());
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut lines: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some(line) if (g.y - line[0].y).abs() <= line[0].size.max(g.size) / 3.0 => line.push(g),
            _ => lines.push(vec![g]),
        }
    }
    let mut runs = Vec::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut line = line.into_iter();
        let Some(first) = line.next() else { continue };
        let mut run = Run { x: first.x, end: first.end, y: first.y, text: first.text };
        for g in line {
            let gap = g.x - run.end;
            if gap <= g.size {
                if gap > g.size * 0.15 && !run.text.ends_with(' ') && g.text != " " {
                    run.text.push(' ');
                }
                run.text.push_str(&g.text);
                run.end = run.end.max(g.end);
            } else {
                let done = std::mem::replace(&mut run, Run { x: g.x, end: g.end, y: g.y, text: g.text });
                runs.push(done);
            }
        }
        runs.push(run);
    }
    runs.retain(|r| !r.text.trim().is_empty());
    runs
}

/// A page's runs in reading order: a header above the columns, then each column, when the
/// page has a gutter; else line by line.
fn write_page(runs: &[Run], out: &mut String) {
    match gutter(runs) {
        Some(g) => {
            let top = runs.iter().filter(|r| r.x < g && r.end > g).map(|r| r.y).fold(f64::MIN, f64::max);
            let header: Vec<&Run> = runs.iter().filter(|r| r.y <= top).collect();
            write_lines(&header, out);
            let left: Vec<&Run> = runs.iter().filter(|r| r.y > top && r.end <= g).collect();
            write_lines(&left, out);
            let right: Vec<&Run> = runs.iter().filter(|r| r.y > top && r.x >= g).collect();
            write_lines(&right, out);
        }
        None => write_lines(&runs.iter().collect::<Vec<_>>(), out),
    }
}

/// Runs that share a baseline on one line, tab-separated.
fn write_lines(runs: &[&Run], out: &mut String) {
    let mut last: Option<f64> = None;
    for r in runs {
        match last {
            Some(y) if (r.y - y).abs() < 0.5 => out.push('\t'),
            Some(_) => out.push('\n'),
            None => {}
        }
        out.push_str(r.text.trim());
        last = Some(r.y);
    }
    if last.is_some() {
        out.push('\n');
    }
}

/// The x of a vertical gutter: at least five runs wholly on each side, on at least five
/// different lines, and nothing crossing it but a header above them all.
fn gutter(runs: &[Run]) -> Option<f64> {
    // Pages of more runs than any CV or letter has are read line by line, in bounded time.
    if runs.len() > 3000 {
        return None;
    }
    let mut candidates: Vec<f64> = runs.iter().map(|r| r.x - 1.0).collect();
    candidates.sort_by(f64::total_cmp);
    candidates.dedup_by(|a, b| (*a - *b).abs() < 2.0);
    candidates.into_iter().find(|&g| {
        let left: Vec<&Run> = runs.iter().filter(|r| r.end <= g).collect();
        let right: Vec<&Run> = runs.iter().filter(|r| r.x >= g).collect();
        let lines = |rs: &[&Run]| {
            let mut ys: Vec<i64> = rs.iter().map(|r| r.y.round() as i64).collect();
            ys.dedup();
            ys.len()
        };
        if lines(&left) < 5 || lines(&right) < 5 {
            return false;
        }
        let first = left.iter().chain(&right).map(|r| r.y).fold(f64::MAX, f64::min);
        runs.iter().filter(|r| r.x < g && r.end > g).all(|r| r.y < first)
    })
}
