//! The timestamp forms a SQLite `DateTime` column may hold.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// A UTC timestamp from unix milliseconds, the form Prisma writes. `None` beyond chrono's range.
pub(super) fn from_millis(millis: i64) -> Option<DateTime<FixedOffset>> {
    DateTime::<Utc>::from_timestamp_millis(millis).map(|dt| dt.fixed_offset())
}

/// A timestamp written as text: RFC 3339 (what other tools and raw SQL usually write), SQLite's own
/// `YYYY-MM-DD HH:MM:SS[.fff]` (`CURRENT_TIMESTAMP`, `datetime('now')`, taken as UTC as SQLite means
/// it), RFC 2822, or a bare date (midnight UTC). The result is always in UTC, as Prisma returns it.
pub(super) fn parse_text(text: &str) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(to_utc(dt));
    }
    for format in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Some(naive.and_utc().fixed_offset());
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(text) {
        return Some(to_utc(dt));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .map(|date| date.and_time(Default::default()).and_utc().fixed_offset())
}

fn to_utc(dt: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    dt.with_timezone(&Utc).fixed_offset()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn text_forms() {
        let expected = utc("2024-01-02T03:04:05.678Z");
        assert_eq!(parse_text("2024-01-02T03:04:05.678Z"), Some(expected));
        assert_eq!(parse_text("2024-01-02T08:34:05.678+05:30"), Some(expected));
        assert_eq!(parse_text("2024-01-02 03:04:05.678"), Some(expected));
        assert_eq!(parse_text("2024-01-02T03:04:05.678"), Some(expected));
        assert_eq!(
            parse_text("2024-01-02 03:04:05"),
            Some(utc("2024-01-02T03:04:05Z"))
        );
        assert_eq!(
            parse_text("Tue, 02 Jan 2024 03:04:05 +0000"),
            Some(utc("2024-01-02T03:04:05Z"))
        );
        assert_eq!(parse_text("2024-01-02"), Some(utc("2024-01-02T00:00:00Z")));
        assert_eq!(parse_text("yesterday"), None);
        assert_eq!(parse_text("2023-02-29"), None);
    }

    #[test]
    fn results_are_in_utc() {
        let dt = parse_text("2024-01-01T00:00:00+14:00").unwrap();
        assert_eq!(dt.offset().local_minus_utc(), 0);
        assert_eq!(dt, utc("2023-12-31T10:00:00Z"));
    }

    #[test]
    fn millis_cover_year_one_to_9999() {
        assert_eq!(
            from_millis(-62_135_596_800_000),
            Some(utc("0001-01-01T00:00:00Z"))
        );
        assert_eq!(
            from_millis(253_402_300_799_999),
            Some(utc("9999-12-31T23:59:59.999Z"))
        );
        assert_eq!(from_millis(-1), Some(utc("1969-12-31T23:59:59.999Z")));
        assert_eq!(from_millis(i64::MAX), None);
    }
}
