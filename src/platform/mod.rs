//! The little the app and the command line need from the host: the clock and fresh ids.
//! The engine never calls these; callers pass a `Stamp` in, which keeps analyses pure.

use crate::model::IsoDate;

/// Milliseconds since 1970-01-01 UTC.
#[cfg(target_arch = "wasm32")]
pub fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

#[cfg(not(target_arch = "wasm32"))]
pub fn now_millis() -> i64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// An RFC 3339 UTC timestamp, e.g. `2026-11-22T06:50:07Z`.
pub fn rfc3339(millis: i64) -> String {
    let secs = millis.div_euclid(1000);
    let (days, secs_of_day) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let date = IsoDate::from_days_since_epoch(days).map_or_else(|| "1970-01-01".into(), |d| d.to_string());
    format!("{date}T{:02}:{:02}:{:02}Z", secs_of_day / 3600, secs_of_day % 3600 / 60, secs_of_day % 60)
}

pub fn now_rfc3339() -> String {
    rfc3339(now_millis())
}

pub fn today() -> IsoDate {
    let days = now_millis().div_euclid(86_400_000);
    IsoDate::from_days_since_epoch(days).unwrap_or_else(|| IsoDate::new(1970, 1, 1).expect("valid date"))
}

/// A fresh, practically unique id such as `p-lx2k9f-8a3c`: time plus randomness, so ids
/// made in different browsers do not collide when their plans are merged.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}-{}-{:06x}", radix36(now_millis().max(0) as u64), random_u32() & 0xff_ffff)
}

fn radix36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(target_arch = "wasm32")]
fn random_u32() -> u32 {
    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
}

#[cfg(not(target_arch = "wasm32"))]
fn random_u32() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u32(std::process::id());
    hasher.finish() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn ids_differ() {
        assert_ne!(new_id("p"), new_id("p"));
    }
}
