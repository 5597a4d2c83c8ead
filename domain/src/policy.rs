//! Who may do what to a support user. Pages use it to decide which links to show; server
//! functions use it to refuse what the page would not have offered.

/// What is known about the target of an action.
#[derive(Debug, Clone, Copy)]
pub struct UserFacts {
    pub id: i64,
    /// Once a user has signed in, their details belong to their DfE Sign-in account.
    pub has_signed_in: bool,
    /// Whether the account is switched on (not deactivated).
    pub active: bool,
}

/// What may be done to a support user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserAction {
    /// Change first name, last name or email.
    Change,
    /// Answer "Is the account active?": deactivate or reactivate.
    ChangeStatus,
    Delete,
    /// Send the invitation again.
    ResendInvitation,
}

pub struct UserPolicy {
    pub actor_id: i64,
}

impl UserPolicy {
    pub fn new(actor_id: i64) -> Self {
        Self { actor_id }
    }

    /// Change first name, last name or email.
    pub fn can_change(&self, target: UserFacts) -> bool {
        target.id != self.actor_id && !target.has_signed_in
    }

    /// Delete (soft-delete) the user: anyone but yourself, whether or not they have signed in,
    /// so a leaver's access can always be taken away.
    pub fn can_delete(&self, target: UserFacts) -> bool {
        target.id != self.actor_id
    }

    /// Deactivate or reactivate the account: anyone's but your own, signed in or not.
    pub fn can_change_status(&self, target: UserFacts) -> bool {
        target.id != self.actor_id
    }

    /// The change form: its personal details, its "Is the account active?", or both.
    pub fn can_open_change_form(&self, target: UserFacts) -> bool {
        self.can_change(target) || self.can_change_status(target)
    }

    /// Send the invitation again: only to an active account that has not used it yet (so
    /// never to oneself, who is signed in).
    pub fn can_resend_invitation(&self, target: UserFacts) -> bool {
        target.id != self.actor_id && !target.has_signed_in && target.active
    }

    pub fn allows(&self, action: UserAction, target: UserFacts) -> bool {
        match action {
            UserAction::Change => self.can_change(target),
            UserAction::ChangeStatus => self.can_change_status(target),
            UserAction::Delete => self.can_delete(target),
            UserAction::ResendInvitation => self.can_resend_invitation(target),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: i64 = 1;

    #[test]
    fn nobody_changes_or_deletes_themselves() {
        let me = UserFacts {
            id: ME,
            has_signed_in: false,
            active: true,
        };
        assert!(!UserPolicy::new(ME).can_change(me));
        assert!(!UserPolicy::new(ME).can_delete(me));
        assert!(!UserPolicy::new(ME).can_change_status(me));
        assert!(!UserPolicy::new(ME).can_open_change_form(me));
    }

    #[test]
    fn nobody_deletes_themselves_even_after_signing_in() {
        let me = UserFacts {
            id: ME,
            has_signed_in: true,
            active: true,
        };
        assert!(!UserPolicy::new(ME).can_delete(me));
        assert!(!UserPolicy::new(ME).allows(UserAction::Delete, me));
    }

    #[test]
    fn signed_in_users_details_are_locked_but_they_can_be_deleted() {
        let them = UserFacts {
            id: 2,
            has_signed_in: true,
            active: true,
        };
        assert!(!UserPolicy::new(ME).can_change(them));
        assert!(UserPolicy::new(ME).can_delete(them));
        assert!(UserPolicy::new(ME).allows(UserAction::Delete, them));
        // Their account can still be switched off and on.
        assert!(UserPolicy::new(ME).can_change_status(them));
        assert!(UserPolicy::new(ME).can_open_change_form(them));
    }

    #[test]
    fn invitations_are_resent_only_to_active_accounts() {
        let inactive = UserFacts {
            id: 2,
            has_signed_in: false,
            active: false,
        };
        assert!(!UserPolicy::new(ME).can_resend_invitation(inactive));
        assert!(UserPolicy::new(ME).can_change_status(inactive));
        assert!(UserPolicy::new(ME).can_delete(inactive));
    }

    #[test]
    fn others_who_never_signed_in_can_be_changed_and_deleted() {
        let them = UserFacts {
            id: 2,
            has_signed_in: false,
            active: true,
        };
        assert!(UserPolicy::new(ME).can_change(them));
        assert!(UserPolicy::new(ME).can_delete(them));
        assert!(UserPolicy::new(ME).can_resend_invitation(them));
    }

    #[test]
    fn invitations_are_resent_only_to_those_who_never_signed_in() {
        let them = UserFacts {
            id: 2,
            has_signed_in: true,
            active: true,
        };
        assert!(!UserPolicy::new(ME).can_resend_invitation(them));
    }
}
