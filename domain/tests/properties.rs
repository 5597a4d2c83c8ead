//! Properties of the shared validation, over inputs nobody would think to write by hand:
//! parsing never panics, what it accepts is already normalised (parsing it again changes
//! nothing), and the form reports exactly the fields each parser refuses.

use domain::forms::UserFormValues;
use domain::{DfeEmail, FirstName, LastName, MAX_EMAIL_CHARS, MAX_NAME_CHARS};
use proptest::prelude::*;

/// Strings like what is typed or pasted into the form: any Unicode, plus the shapes an
/// address takes, plus the characters that matter most to the rules.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ \t]{0,2}[a-zA-Z0-9._%+'-]{0,20}@[a-zA-Z0-9.-]{0,30}[ \t]{0,2}",
        "[a-z.]{1,12}@([a-z]{1,8}\\.)?education\\.gov\\.uk",
        "[\\x00-\\x20a-z@.\u{200b}\u{00a0}é]{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn an_accepted_email_is_normalised_and_a_dfe_address(raw in typed()) {
        if let Ok(email) = DfeEmail::parse(&raw) {
            let email = email.as_str();
            prop_assert_eq!(email, email.trim());
            prop_assert_eq!(email.to_lowercase(), email);
            prop_assert!(email.chars().count() <= MAX_EMAIL_CHARS);
            let domain = email.rsplit_once('@').unwrap().1;
            prop_assert!(domain == "education.gov.uk" || domain.ends_with(".education.gov.uk"));
            let again = DfeEmail::parse(email).unwrap();
            prop_assert_eq!(again.as_str(), email);
        }
    }

    #[test]
    fn an_accepted_name_is_trimmed_visible_and_short_enough(raw in typed()) {
        let accepted = [
            FirstName::parse(&raw).map(|n| n.as_str().to_owned()),
            LastName::parse(&raw).map(|n| n.as_str().to_owned()),
        ];
        for name in accepted.into_iter().flatten() {
            prop_assert!(!name.is_empty());
            prop_assert_eq!(name.trim(), name.as_str());
            prop_assert!(!name.chars().any(char::is_control));
            prop_assert!(name.chars().count() <= MAX_NAME_CHARS);
            let again = FirstName::parse(&name).unwrap();
            prop_assert_eq!(again.as_str(), name.as_str());
        }
    }

    #[test]
    fn the_form_reports_exactly_the_fields_that_fail(
        first in typed(),
        last in typed(),
        email in typed(),
    ) {
        let values = UserFormValues { first_name: first.clone(), last_name: last.clone(), email: email.clone(), active: None };
        match values.parse() {
            Ok(fields) => {
                prop_assert_eq!(fields.first_name, FirstName::parse(&first).unwrap());
                prop_assert_eq!(fields.last_name, LastName::parse(&last).unwrap());
                prop_assert_eq!(fields.email, DfeEmail::parse(&email).unwrap());
            }
            Err(errors) => {
                prop_assert_eq!(errors.first_name_message().is_some(), FirstName::parse(&first).is_err());
                prop_assert_eq!(errors.last_name_message().is_some(), LastName::parse(&last).is_err());
                prop_assert_eq!(errors.email_message().is_some(), DfeEmail::parse(&email).is_err());
                prop_assert!(!errors.summary().is_empty());
            }
        }
    }
}
