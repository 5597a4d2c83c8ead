//! The personas of development sign-in: seeded support users a developer or tester can be.

pub struct Persona {
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub email: &'static str,
}

pub const PERSONAS: &[Persona] = &[
    Persona {
        first_name: "Anne",
        last_name: "Wilson",
        email: "anne.wilson@education.gov.uk",
    },
    Persona {
        first_name: "Colin",
        last_name: "Chapman",
        email: "colin.chapman@education.gov.uk",
    },
    Persona {
        first_name: "Mary",
        last_name: "Lawson",
        email: "mary.lawson@education.gov.uk",
    },
];
