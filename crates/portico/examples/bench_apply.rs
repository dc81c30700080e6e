//! Apply-form benchmark: people apply on the career site at a steady `RATE` a second for
//! `SECONDS`, each with their own address and a two-page PDF CV (portico_testkit::cv), as
//! a browser does: the form is read first (its signed time must be old enough, its token
//! matches the cookie), then sent as multipart. Applicants come from many loopback
//! addresses (127.0.1.x), as they would from many machines, so the per-address limit of
//! public forms stays on. Requests start on schedule whether or not the earlier ones are
//! answered (an open loop), so a server that falls behind shows it in the latency.
//!
//! Prints one JSON object: sent, answered 303 (filed), other answers by status, the rate
//! reached, and latency percentiles (ms). `bench_apply BASE_URL FORM_PATH RATE SECONDS`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use percentiles::percentiles;

#[path = "support/percentiles.rs"]
mod percentiles;

/// Posts one address sends in a minute, under the public forms' limit (30).
const PER_ADDRESS: usize = 25;
/// Seconds a form must have been shown (the default setting), and a margin.
const SHOWN_WAIT: Duration = Duration::from_millis(2_500);

struct Applicant {
    client: reqwest::Client,
    action: String,
    csrf: String,
    shown: String,
}

fn between<'a>(html: &'a str, start: &str, end: char) -> &'a str {
    html.split(start).nth(1).and_then(|s| s.split(end).next()).unwrap_or_default()
}

async fn applicant(base: &str, form: &str, n: usize) -> Applicant {
    let address = IpAddr::V4(Ipv4Addr::new(127, 0, 1 + (n / 250) as u8, 1 + (n % 250) as u8));
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .local_address(address)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let html = client.get(format!("{base}{form}")).send().await.unwrap().text().await.unwrap();
    let action = html
        .split("action=\"")
        .find(|p| p.contains("/apply"))
        .and_then(|p| p.split('"').next())
        .expect("the apply form")
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    Applicant {
        client,
        action: format!("{base}{action}"),
        csrf: between(&html, "name=\"_csrf\" value=\"", '"').to_string(),
        shown: between(&html, "name=\"_shown\" value=\"", '"').to_string(),
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (base, form) = (args[1].clone(), args[2].clone());
    let rate: usize = args[3].parse().expect("a rate");
    let seconds: usize = args[4].parse().expect("seconds");
    let total = rate * seconds;
    portico_webhooks::install_crypto_provider();
    let cvs: Vec<Vec<u8>> =
        portico_testkit::cv::corpus(12).into_iter().filter(|s| s.mime == "application/pdf").map(|s| s.bytes).collect();

    let mut applicants = Vec::new();
    for n in 0..total.div_ceil(PER_ADDRESS) {
        applicants.push(applicant(&base, &form, n).await);
    }
    tokio::time::sleep(SHOWN_WAIT).await;

    let applicants = std::sync::Arc::new(applicants);
    let started = Instant::now();
    let mut ticks = tokio::time::interval(Duration::from_secs_f64(1.0 / rate as f64));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut sent = Vec::with_capacity(total);
    for i in 0..total {
        ticks.tick().await;
        let (applicants, cv) = (applicants.clone(), cvs[i % cvs.len()].clone());
        sent.push(tokio::spawn(async move {
            let a = &applicants[i % applicants.len()];
            let body = reqwest::multipart::Form::new()
                .text("_csrf", a.csrf.clone())
                .text("_shown", a.shown.clone())
                .text("_hp", "")
                .text("name", format!("Applicant {i}"))
                .text("email", format!("apply{i}@bench.test"))
                .text("phone", format!("+33 6 12 {:02} {:02} {:02}", i % 100, (i / 100) % 100, (i / 10_000) % 100))
                .text("consent", "yes")
                .part("cv", reqwest::multipart::Part::bytes(cv).file_name("cv.pdf"));
            let t = Instant::now();
            let status =
                a.client.post(&a.action).multipart(body).send().await.map(|r| r.status().as_u16()).unwrap_or(0);
            (status, t.elapsed().as_secs_f64() * 1000.0)
        }));
    }
    let offered_s = started.elapsed().as_secs_f64();
    let mut latencies = Vec::new();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for s in sent {
        let (status, ms) = s.await.unwrap();
        *statuses.entry(status).or_default() += 1;
        latencies.push(ms);
    }
    let all_s = started.elapsed().as_secs_f64();
    let filed = statuses.get(&303).copied().unwrap_or(0);
    let others: serde_json::Map<String, serde_json::Value> =
        statuses.iter().filter(|(s, _)| **s != 303).map(|(s, n)| (s.to_string(), (*n).into())).collect();
    let out = serde_json::json!({
        "sent": total, "filed": filed, "others": others, "offered_s": offered_s, "answered_s": all_s,
        "rate": filed as f64 / all_s, "latency": percentiles(latencies),
    });
    println!("{out}");
}
