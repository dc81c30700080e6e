//! Charts drawn on the server as SVG: lines over time, bars (grouped or stacked) and
//! funnels. Text and grid take the colour of the page (`currentColor`), so a chart reads in
//! the light and dark themes and in e-mail; series take mid-tone colours that hold on both.
//! A chart shows the answer's first metric; its series are the second grouping.

use crate::model::{Chart, MetricFormat};
use crate::query::Answer;

const W: f64 = 720.0;
const H: f64 = 300.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 28.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 48.0;
const PALETTE: [&str; 8] = ["#3b6fd8", "#e07b39", "#2f9e6e", "#c34a6b", "#8a63d2", "#b8921c", "#2f9fb3", "#7d8796"];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A label that fits: the last part of a path ("Europe › France › Lyon" is "Lyon"), cut.
fn short(s: &str, max: usize) -> String {
    let s = s.rsplit(" › ").next().unwrap_or(s);
    if s.chars().count() <= max { s.to_string() } else { format!("{}…", s.chars().take(max - 1).collect::<String>()) }
}

/// A round step for about four grid lines up to `max`.
fn step(max: i64) -> i64 {
    let raw = (max.max(1) as f64 / 4.0).max(1.0);
    let magnitude = 10f64.powi(raw.log10().floor() as i32);
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(10.0 * magnitude);
    nice.ceil() as i64
}

/// The chart's data: categories along the axis, series, and a value per pair.
struct Grid {
    categories: Vec<String>,
    series: Vec<String>,
    values: Vec<Vec<i64>>, // [series][category]
}

fn grid(a: &Answer, metric_label: &str) -> Grid {
    let mut categories: Vec<String> = Vec::new();
    let mut series: Vec<String> = Vec::new();
    for l in &a.lines {
        let c = l.labels.first().cloned().unwrap_or_else(|| metric_label.to_string());
        if !categories.contains(&c) {
            categories.push(c);
        }
        let s = l.labels.get(1).cloned().unwrap_or_else(|| metric_label.to_string());
        if !series.contains(&s) {
            series.push(s);
        }
    }
    let mut values = vec![vec![0; categories.len()]; series.len()];
    for l in &a.lines {
        let c = l.labels.first().cloned().unwrap_or_else(|| metric_label.to_string());
        let s = l.labels.get(1).cloned().unwrap_or_else(|| metric_label.to_string());
        let (ci, si) = (categories.iter().position(|x| *x == c), series.iter().position(|x| *x == s));
        if let (Some(ci), Some(si)) = (ci, si) {
            values[si][ci] += l.values.first().copied().unwrap_or(0);
        }
    }
    Grid { categories, series, values }
}

/// The chart of an answer, or None for a table-only report or an empty answer. `number`
/// writes a value as people read it.
pub fn svg(a: &Answer, kind: Chart, title: &str, number: &dyn Fn(i64, MetricFormat) -> String) -> Option<String> {
    let metric = a.metrics.first()?;
    if kind == Chart::Table || a.lines.is_empty() {
        return None;
    }
    let g = grid(a, &metric.label);
    let fmt = |v: i64| number(v, metric.format);
    let legend_rows = if g.series.len() > 1 { g.series.len().div_ceil(4) } else { 0 };
    let height = H + legend_rows as f64 * 20.0;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {height}\" width=\"100%\" role=\"img\" aria-label=\"{t}\" font-family=\"system-ui, -apple-system, Segoe UI, sans-serif\" font-size=\"11\"><title>{t}</title>",
        t = esc(title)
    );
    let body = match kind {
        Chart::Funnel => funnel(&g, &fmt),
        _ => axes(&g, kind, &fmt),
    };
    out.push_str(&body);
    // The legend, under the plot.
    if legend_rows > 0 {
        for (i, s) in g.series.iter().enumerate() {
            let (x, y) = (LEFT + (i % 4) as f64 * 160.0, H + (i / 4) as f64 * 20.0 + 4.0);
            out.push_str(&format!(
                "<rect x=\"{x}\" y=\"{y}\" width=\"10\" height=\"10\" rx=\"2\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" fill=\"currentColor\">{}</text>",
                PALETTE[i % PALETTE.len()],
                x + 14.0,
                y + 9.0,
                esc(&short(s, 22))
            ));
        }
    }
    out.push_str("</svg>");
    Some(out)
}

fn axes(g: &Grid, kind: Chart, fmt: &dyn Fn(i64) -> String) -> String {
    let n = g.categories.len().max(1);
    let max = match kind {
        Chart::Stacked => (0..n).map(|c| g.values.iter().map(|s| s[c]).sum::<i64>()).max().unwrap_or(0),
        _ => g.values.iter().flatten().copied().max().unwrap_or(0),
    };
    let step = step(max);
    let top = ((max.max(1) + step - 1) / step) * step;
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let y = |v: i64| TOP + ph - (v as f64 / top as f64) * ph;
    let mut out = String::new();
    // Grid lines with their values.
    let mut v = 0;
    while v <= top {
        out.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"currentColor\" stroke-opacity=\"0.15\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"currentColor\" fill-opacity=\"0.75\">{}</text>",
            W - RIGHT,
            LEFT - 6.0,
            y(v) + 4.0,
            esc(&fmt(v)),
            y = y(v)
        ));
        v += step;
    }
    let band = pw / n as f64;
    let x_mid = |c: usize| LEFT + band * (c as f64 + 0.5);
    // Labels along the axis: about twelve at most.
    let every = n.div_ceil(12).max(1);
    for (c, label) in g.categories.iter().enumerate().filter(|(c, _)| c % every == 0) {
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"currentColor\" fill-opacity=\"0.75\">{}</text>",
            x_mid(c),
            H - BOTTOM + 16.0,
            esc(&short(label, ((band * every as f64) / 6.2).max(4.0) as usize))
        ));
    }
    match kind {
        Chart::Line => {
            for (si, s) in g.values.iter().enumerate() {
                let colour = PALETTE[si % PALETTE.len()];
                let points: Vec<String> =
                    s.iter().enumerate().map(|(c, v)| format!("{:.1},{:.1}", x_mid(c), y(*v))).collect();
                out.push_str(&format!(
                    "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"{}\"/>",
                    points.join(" ")
                ));
                if n <= 40 {
                    for (c, v) in s.iter().enumerate() {
                        out.push_str(&format!(
                            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{colour}\"><title>{}: {}</title></circle>",
                            x_mid(c),
                            y(*v),
                            esc(&g.categories[c]),
                            esc(&fmt(*v))
                        ));
                    }
                }
            }
        }
        Chart::Stacked => {
            let width = band * 0.7;
            for c in 0..n {
                let mut base = 0;
                for (si, s) in g.values.iter().enumerate() {
                    let v = s[c];
                    if v == 0 {
                        continue;
                    }
                    out.push_str(&format!(
                        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{} · {}: {}</title></rect>",
                        x_mid(c) - width / 2.0,
                        y(base + v),
                        y(base) - y(base + v),
                        PALETTE[si % PALETTE.len()],
                        esc(&g.categories[c]),
                        esc(&g.series[si]),
                        esc(&fmt(v))
                    ));
                    base += v;
                }
            }
        }
        _ => {
            let k = g.series.len().max(1) as f64;
            let width = band * 0.75 / k;
            for (si, s) in g.values.iter().enumerate() {
                for (c, v) in s.iter().enumerate() {
                    let x = x_mid(c) - band * 0.375 + width * si as f64;
                    out.push_str(&format!(
                        "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{:.1}\" rx=\"1\" fill=\"{}\"><title>{}: {}</title></rect>",
                        y(*v),
                        y(0) - y(*v),
                        PALETTE[si % PALETTE.len()],
                        esc(&g.categories[c]),
                        esc(&fmt(*v))
                    ));
                }
            }
        }
    }
    out
}

/// Stages from the first down, each bar as wide as its value, with its share of the first.
fn funnel(g: &Grid, fmt: &dyn Fn(i64) -> String) -> String {
    let totals: Vec<i64> = (0..g.categories.len()).map(|c| g.values.iter().map(|s| s[c]).sum()).collect();
    let first = totals.first().copied().unwrap_or(0).max(1);
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    let n = totals.len().max(1) as f64;
    let row = ((H - TOP - 8.0) / n).min(44.0);
    let (label_w, pw) = (170.0, W - 170.0 - RIGHT - 120.0);
    let mut out = String::new();
    for (c, total) in totals.iter().enumerate() {
        let y = TOP + row * c as f64;
        let w = (*total as f64 / max as f64) * pw;
        let x = label_w + (pw - w) / 2.0;
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"currentColor\">{}</text><rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"currentColor\">{} · {}%</text>",
            label_w - 8.0,
            y + row / 2.0 + 4.0,
            esc(&short(&g.categories[c], 26)),
            y + 3.0,
            row - 6.0,
            PALETTE[0],
            label_w + pw + 8.0,
            y + row / 2.0 + 4.0,
            esc(&fmt(*total)),
            total * 100 / first
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{Line, MetricView};

    fn answer(lines: Vec<(Vec<&str>, i64)>, groups: usize) -> Answer {
        Answer {
            groups: vec!["x".into(); groups],
            group_labels: vec!["X".into(); groups],
            metrics: vec![MetricView { name: "n", label: "Events".into(), format: MetricFormat::Count }],
            lines: lines
                .into_iter()
                .map(|(k, v)| Line {
                    keys: k.iter().map(|s| s.to_string()).collect(),
                    labels: k.iter().map(|s| s.to_string()).collect(),
                    values: vec![v],
                })
                .collect(),
            totals: vec![0],
            from: String::new(),
            to: String::new(),
            groups_read: 0,
        }
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(step(7), 2);
        assert_eq!(step(100), 25);
        assert_eq!(step(1234), 500);
        assert_eq!(step(0), 1);
    }

    #[test]
    fn charts_escape_labels_and_draw_every_value() {
        let a = answer(
            vec![(vec!["<Lille & co>", "Ana"], 5), (vec!["<Lille & co>", "Ivo"], 3), (vec!["Split", "Ana"], 2)],
            2,
        );
        let n = |v: i64, _| v.to_string();
        let stacked = svg(&a, Chart::Stacked, "Files \"by\" unit", &n).unwrap();
        assert!(stacked.starts_with("<svg") && stacked.ends_with("</svg>"));
        assert!(stacked.contains("&lt;Lille &amp; co&gt;") && !stacked.contains("<Lille"), "labels escaped");
        assert!(stacked.contains("aria-label=\"Files &quot;by&quot; unit\""));
        assert_eq!(stacked.matches("<rect").count() - 2, 3, "three bars (two legend swatches)");
        let line = svg(&a, Chart::Line, "t", &n).unwrap();
        assert_eq!(line.matches("<polyline").count(), 2, "one line per series");
        let funnel = svg(
            &answer(vec![(vec!["Applied"], 200), (vec!["Interview"], 50), (vec!["Hired"], 5)], 1),
            Chart::Funnel,
            "t",
            &n,
        )
        .unwrap();
        assert!(funnel.contains("200 · 100%") && funnel.contains("50 · 25%") && funnel.contains("5 · 2%"), "{funnel}");
        assert!(svg(&a, Chart::Table, "t", &n).is_none());
    }
}
