//! Failed sign-ins slow down further tries with exponential back-off, never a hard lock
//! (security review, finding 9). Three counts, kept in the database so that several instances
//! share them:
//! - per account *and* client: the guesser slows down, the owner elsewhere does not;
//! - per client, over all accounts: one address trying many accounts slows down;
//! - per account, over all clients: many addresses guessing one account slow down, but only by
//!   seconds, so that they cannot keep the owner out.
//!
//! Each count allows `free` failures; after the n-th failure beyond that, the next try waits
//! `base · 2ⁿ` seconds, at most `cap`. A count is forgotten a day after its last failure, and a
//! successful sign-in clears the account's counts. Tries refused while waiting do not count.
use crate::Result;
use crate::kernel::secret::hash_secret;
use crate::kernel::time::{parse_stored, stored};
use broedplaats_store::{Conn, accounts};
use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rule {
    free: i64,
    base_secs: i64,
    cap_secs: i64,
}

pub(super) const PER_ACCOUNT_AND_CLIENT: Rule = Rule { free: 5, base_secs: 30, cap_secs: 15 * 60 };
pub(super) const PER_CLIENT: Rule = Rule { free: 20, base_secs: 30, cap_secs: 15 * 60 };
pub(super) const PER_ACCOUNT: Rule = Rule { free: 20, base_secs: 1, cap_secs: 60 };

/// How long a count is kept after its last failure.
pub(super) const MEMORY: Duration = Duration::hours(24);

impl Rule {
    /// When the next try is allowed after `failures` failures, the last at `last`.
    pub(super) fn next_try(self, failures: i64, last: DateTime<Utc>) -> DateTime<Utc> {
        let over = failures - self.free;
        if over < 0 {
            return last;
        }
        let wait = u32::try_from(over)
            .ok()
            .and_then(|n| 2i64.checked_pow(n))
            .and_then(|f| f.checked_mul(self.base_secs))
            .map_or(self.cap_secs, |w| w.min(self.cap_secs));
        last + Duration::seconds(wait)
    }
}

/// The counts one sign-in touches: (key in the database, rule).
pub(super) fn counts(email: &str, client: Option<&str>) -> Vec<(String, Rule)> {
    counts_for("", email, client)
}

/// The counts of another kind of try (a reset request, a second-step code, a current password),
/// kept apart from sign-ins by `prefix` (e.g. `"reset:"`), so one kind never slows the other.
pub(super) fn counts_for(prefix: &str, subject: &str, client: Option<&str>) -> Vec<(String, Rule)> {
    let subject = subject.trim().to_lowercase();
    let mut keys = vec![
        (hash_secret(&format!("{prefix}account-client:{subject}|{}", client.unwrap_or("-"))), PER_ACCOUNT_AND_CLIENT),
        (hash_secret(&format!("{prefix}account:{subject}")), PER_ACCOUNT),
    ];
    if let Some(c) = client {
        keys.push((hash_secret(&format!("{prefix}client:{c}")), PER_CLIENT));
    }
    keys
}

/// Whether any count still makes this try wait.
pub(super) async fn must_wait(conn: &mut Conn, counts: &[(String, Rule)], now: DateTime<Utc>) -> Result<bool> {
    for (key, rule) in counts {
        if let Some((failures, last)) = accounts::login_failures(conn, key).await? {
            let last = parse_stored(&last)?;
            if last > now - MEMORY && rule.next_try(failures, last) > now {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

pub(super) async fn failed(conn: &mut Conn, counts: &[(String, Rule)], now: DateTime<Utc>) -> Result<()> {
    for (key, _) in counts {
        accounts::add_login_failure(conn, key, &stored(now), &stored(now - MEMORY)).await?;
    }
    Ok(())
}

/// After a successful sign-in: the account's counts start again; the client's does not.
pub(super) async fn succeeded(conn: &mut Conn, counts: &[(String, Rule)]) -> Result<()> {
    for (key, rule) in counts {
        if *rule != PER_CLIENT {
            accounts::clear_login_failures(conn, key).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_from_the_first_failure_beyond_the_free_ones_up_to_the_cap() {
        let t = Utc::now();
        let r = PER_ACCOUNT_AND_CLIENT;
        assert_eq!(r.next_try(4, t), t, "free failures do not wait");
        assert_eq!(r.next_try(5, t), t + Duration::seconds(30));
        assert_eq!(r.next_try(6, t), t + Duration::seconds(60));
        assert_eq!(r.next_try(7, t), t + Duration::seconds(120));
        assert_eq!(r.next_try(9, t), t + Duration::seconds(480));
        assert_eq!(r.next_try(10, t), t + Duration::seconds(900), "capped");
        assert_eq!(r.next_try(500, t), t + Duration::seconds(900), "no overflow");
        assert_eq!(PER_ACCOUNT.next_try(1000, t), t + Duration::seconds(60), "the owner waits a minute at most");
    }

    #[test]
    fn counts_separate_clients_and_spellings_of_an_email_are_one_account() {
        let a = counts("Lid@zhz.example ", Some("10.0.0.1"));
        let b = counts("lid@zhz.example", Some("10.0.0.2"));
        assert_eq!(a.len(), 3);
        assert_ne!(a[0].0, b[0].0, "account and client: per client");
        assert_eq!(a[1].0, b[1].0, "account: over all clients");
        assert_eq!(counts("x@y.example", None).len(), 2, "no client, no client count");
        assert!(!a.iter().any(|(k, _)| k.contains("zhz")), "no email in the clear");
    }
}
