//! The support users as CSV (SPEC §7's "Download as CSV"): the header, and rows a chunk at a
//! time, so a download of any size is streamed. A cell a spreadsheet would run as a formula
//! is defused.

use entity::users;

/// The characters a spreadsheet takes as the start of a formula (or, tab and carriage return,
/// as a way to hide one).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The header row.
pub fn header() -> Vec<u8> {
    encode(std::iter::once(
        domain::content::CSV_HEADER.map(str::to_owned).to_vec(),
    ))
}

/// One row per user: first name, last name, email address, status ("Active" or "Inactive"),
/// last signed in (ISO 8601, empty when never), added on (ISO 8601).
pub fn rows(users: &[users::Model]) -> Vec<u8> {
    encode(users.iter().map(|user| {
        let status = match user.status {
            users::AccountStatus::Active => domain::content::ACCOUNT_ACTIVE,
            users::AccountStatus::Inactive => domain::content::ACCOUNT_INACTIVE,
        };
        vec![
            user.first_name.clone(),
            user.last_name.clone(),
            user.email.clone(),
            status.to_owned(),
            user.last_signed_in_at.map(iso_8601).unwrap_or_default(),
            iso_8601(user.created_at),
        ]
    }))
}

fn iso_8601(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A cell as written: prefixed with `'` when it starts like a formula, so a spreadsheet shows
/// it rather than running it.
pub fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn encode(records: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for record in records {
        // Writing to memory cannot fail.
        let _ = writer.write_record(record.iter().map(|cell| defuse(cell).into_owned()));
    }
    writer.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_defused_and_nothing_else() {
        for cell in ["=SUM(A1)", "+1", "-1", "@cmd", "\tx", "\rx"] {
            assert_eq!(defuse(cell), format!("'{cell}"));
        }
        for cell in ["Ada", "o'brien", " =x", ""] {
            assert_eq!(defuse(cell), cell);
        }
    }
}
