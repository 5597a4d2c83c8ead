//! When to try an email again after a transient failure: exponential backoff with jitter, so
//! many emails failing together do not all retry at the same moment.

use std::time::Duration;

pub use crate::config::RetryPolicy;

impl RetryPolicy {
    /// The wait after `failures` failed attempts (1 or more): `base · 2^(failures-1)` capped at
    /// `max`, then a random point in its upper half ("equal jitter": never much sooner than the
    /// curve, never all at once).
    pub fn delay(&self, failures: u32) -> Duration {
        let exponent = failures.saturating_sub(1).min(31);
        let ceiling = self
            .base
            .checked_mul(1u32 << exponent)
            .unwrap_or(self.max)
            .min(self.max);
        let half = ceiling / 2;
        half + half.mul_f64(rand::random::<f64>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_within_jitter_and_stop_at_the_cap() {
        let policy = RetryPolicy {
            base: Duration::from_secs(10),
            max: Duration::from_secs(300),
        };
        for _ in 0..100 {
            let first = policy.delay(1);
            assert!((Duration::from_secs(5)..=Duration::from_secs(10)).contains(&first));
            let third = policy.delay(3);
            assert!((Duration::from_secs(20)..=Duration::from_secs(40)).contains(&third));
            let late = policy.delay(1000);
            assert!((Duration::from_secs(150)..=Duration::from_secs(300)).contains(&late));
        }
    }

    #[test]
    fn jitter_spreads_retries() {
        let policy = RetryPolicy::default();
        let delays: std::collections::HashSet<_> = (0..20).map(|_| policy.delay(4)).collect();
        assert!(delays.len() > 1);
    }
}
