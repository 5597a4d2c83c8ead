//! The keys of the values the service keeps in a server-side session.

/// The signed-in user's id.
pub const USER_ID: &str = "user_id";
/// The session store puts the user [`USER_ID`] names under this key, read in the same
/// statement as the session itself, while theirs is an active account. Absent when that user
/// has been deleted or deactivated. Never saved: it is
/// read afresh with every load.
pub const SIGNED_IN_USER: &str = "signed_in_user";
/// The database's clock (Unix seconds) as the store loaded this session: the time every
/// check of the session's age reads. Never saved.
pub const READ_AT: &str = "read_at";
/// When the person signed in (Unix seconds, by the database's clock): a session ends 12 hours
/// later however busy.
pub const SIGNED_IN_AT: &str = "signed_in_at";
/// When the person had signed in before this session (Unix seconds); absent on a first
/// sign-in. "Your account" shows it: a sign-in they do not recognise is worth knowing about.
pub const PREVIOUS_SIGN_IN_AT: &str = "previous_sign_in_at";
