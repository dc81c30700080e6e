//! Time comes only from a [`Clock`], so tests can move it.

use chrono::{DateTime, TimeZone, Utc};
use std::sync::Mutex;

/// Microseconds since the Unix epoch, UTC: the portable timestamp stored in both databases.
pub type Timestamp = i64;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
    fn now_micros(&self) -> Timestamp {
        self.now().timestamp_micros()
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that only moves when told to (tests, replays).
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self(Mutex::new(start))
    }
    pub fn advance(&self, by: chrono::Duration) {
        if let Ok(mut t) = self.0.lock() {
            *t += by;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.lock().map(|t| *t).unwrap_or_else(|e| *e.into_inner())
    }
}

pub fn from_micros(ts: Timestamp) -> DateTime<Utc> {
    Utc.timestamp_micros(ts).single().unwrap_or_default()
}

pub const MICROS_PER_SECOND: i64 = 1_000_000;
