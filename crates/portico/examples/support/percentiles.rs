//! The median and the 95th percentile of measurements, for the benchmarks' JSON.

pub fn percentiles(mut ms: Vec<f64>) -> serde_json::Value {
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((ms.len() as f64 * p).ceil() as usize).clamp(1, ms.len()) - 1];
    serde_json::json!({"p50": at(0.5), "p95": at(0.95)})
}
