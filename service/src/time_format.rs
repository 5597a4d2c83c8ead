//! Times worded as GOV.UK writes them, in UK time: "10:15am on 27 November 2026".

use chrono::{DateTime, Timelike, Utc};
use chrono_tz::Europe::London;

pub fn uk_date_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&London);
    let time = match (local.hour(), local.minute()) {
        (12, 0) => "midday".to_owned(),
        (0, 0) => "midnight".to_owned(),
        _ => local.format("%-I:%M%P").to_string(),
    };
    format!("{time} on {}", uk_date(at))
}

/// The day, in UK time: "27 November 2026".
pub fn uk_date(at: DateTime<Utc>) -> String {
    at.with_timezone(&London).format("%-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn words_times_the_govuk_way_in_uk_time() {
        // Winter: UK time is UTC.
        let t = Utc.with_ymd_and_hms(2026, 11, 27, 10, 15, 0).unwrap();
        assert_eq!(uk_date_time(t), "10:15am on 27 November 2026");
        // Summer: UK time is UTC+1.
        let t = Utc.with_ymd_and_hms(2026, 7, 1, 13, 5, 0).unwrap();
        assert_eq!(uk_date_time(t), "2:05pm on 1 July 2026");
        let t = Utc.with_ymd_and_hms(2026, 1, 3, 12, 0, 0).unwrap();
        assert_eq!(uk_date_time(t), "midday on 3 January 2026");
        let t = Utc.with_ymd_and_hms(2026, 1, 3, 0, 0, 0).unwrap();
        assert_eq!(uk_date_time(t), "midnight on 3 January 2026");
        // 11:30pm UTC on 30 June is already 1 July in the UK.
        let t = Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).unwrap();
        assert_eq!(uk_date(t), "1 July 2026");
    }
}
