//! The support users as CSV (SPEC §7's "Download as CSV"): the header, and rows a chunk at a
//! time, so a download of any size is streamed. A cell a spreadsheet would run as a formula
//! is defused.

use entity::users;

/// The characters a spreadsheet takes as the start of a formula, and their fullwidth forms
/// (which some spreadsheets fold to them).
const FORMULA_STARTS: [char; 8] = [
    '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

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
/// it rather than running it. What a spreadsheet skips or a reader cannot see does not hide
/// one: the first character that counts is the first after any whitespace (a tab, a carriage
/// return, a space of any width) and invisible format characters (zero-width ones, a byte order
/// mark, bidirectional marks). A cell that starts with a tab or carriage return is defused
/// whatever follows.
pub fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    let first = cell
        .chars()
        .find(|c| !c.is_whitespace() && !is_invisible(*c));
    let hides = cell.starts_with(['\t', '\r']);
    if hides || first.is_some_and(|c| FORMULA_STARTS.contains(&c)) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Unicode's format characters (general category Cf): zero-width spaces and joiners, the
/// byte order mark, bidirectional marks and isolates, the soft hyphen, …
fn is_invisible(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    c.general_category() == GeneralCategory::Format
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

    use proptest::prelude::*;

    #[test]
    fn formula_starts_are_defused_and_nothing_else() {
        for cell in [
            "=SUM(A1)",
            "+1",
            "-1",
            "@cmd",
            "\tx",
            "\rx",
            " =x",
            "\u{FF1D}1+1",
        ] {
            assert_eq!(defuse(cell), format!("'{cell}"));
        }
        for cell in ["Ada", "o'brien", " Ada", "a=b", "", "\u{200B}Ada"] {
            assert_eq!(defuse(cell), cell);
        }
    }

    fn hiding() -> impl Strategy<Value = String> {
        let hiders = prop::sample::select(vec![
            ' ', '\t', '\r', '\n', '\u{A0}', '\u{2003}', '\u{3000}', '\u{200B}', '\u{200C}',
            '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}',
            '\u{2066}', '\u{2069}', '\u{AD}',
        ]);
        prop::collection::vec(hiders, 0..6).prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        /// Whatever whitespace and invisible characters come first, a formula is defused.
        #[test]
        fn a_formula_behind_anything_invisible_is_defused(
            prefix in hiding(),
            start in prop::sample::select(FORMULA_STARTS.to_vec()),
            rest in ".{0,20}",
        ) {
            let cell = format!("{prefix}{start}{rest}");
            prop_assert_eq!(defuse(&cell), format!("'{cell}"));
        }

        /// A cell whose first visible character is a letter or digit is left as it is (unless
        /// it starts with a tab or carriage return).
        #[test]
        fn a_cell_that_starts_with_a_letter_is_kept(
            prefix in hiding(),
            start in "[A-Za-z0-9éЖ李]",
            rest in ".{0,20}",
        ) {
            let cell = format!("{prefix}{start}{rest}");
            let expected = if cell.starts_with(['\t', '\r']) { format!("'{cell}") } else { cell.clone() };
            prop_assert_eq!(defuse(&cell), expected);
        }
    }
}
