//! Sign-in throttling and `/metrics` on real sockets, as behind a reverse proxy (security review,
//! findings 9 and 10): `X-Forwarded-For` counts only from `trusted_proxies`, and the counts live
//! in the database, so two instances on one database share them.
use crate::common::{Env, Server, create_werkplaats};

const PASSWORD: &str = "een-lang-en-geheim-wachtwoord";
const EMAIL: &str = "lector@test.example";

async fn env_with_account() -> Env {
    let env = Env::new().await;
    env.ok(&["migrate"], "");
    create_werkplaats(&env);
    env.ok(
        &["admin", "create-user", "--email", EMAIL, "--name", "Anna", "--werkplaats", "test", "--role", "lector"],
        &format!("{PASSWORD}\n"),
    );
    env
}

/// Posts the sign-in form (with a double-submit CSRF token); the status.
fn login(server: &Server, password: &str, forwarded_for: Option<&str>) -> u16 {
    const CSRF: &str = "een-csrf-token-van-minstens-32-tekens";
    let body = format!("email={}&password={password}&csrf={CSRF}", EMAIL.replace('@', "%40"));
    let cookie = format!("bp_csrf={CSRF}");
    let mut headers = vec![("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", cookie.as_str())];
    if let Some(client) = forwarded_for {
        headers.push(("X-Forwarded-For", client));
    }
    server.request("POST", "/inloggen", &headers, &body).0
}

#[tokio::test]
async fn the_guesser_waits_on_every_instance_while_the_owner_elsewhere_signs_in() {
    let env = env_with_account().await;
    let behind_proxy = [("BROEDPLAATS_TRUSTED_PROXIES", "127.0.0.1")];
    let (a, b) = (env.serve_with(&behind_proxy), env.serve_another(&behind_proxy));
    let guesser = Some("198.51.100.7");
    for attempt in 1..=5 {
        assert_eq!(login(&a, "fout-wachtwoord", guesser), 401, "attempt {attempt}");
    }
    // the guesser must wait, on either instance, even with the right password
    assert_eq!(login(&a, PASSWORD, guesser), 429);
    assert_eq!(login(&b, PASSWORD, guesser), 429, "the other instance shares the count");
    // the owner, from another address, is not locked out
    assert_eq!(login(&b, PASSWORD, Some("203.0.113.5")), 303);
}

#[tokio::test]
async fn forwarded_for_from_an_untrusted_peer_changes_nothing() {
    let env = env_with_account().await;
    let server = env.serve();
    for n in 1..=5 {
        // a client inventing a new address for every try is still one client
        assert_eq!(login(&server, "fout-wachtwoord", Some(&format!("198.51.100.{n}"))), 401);
    }
    assert_eq!(login(&server, PASSWORD, Some("203.0.113.5")), 429);
}

#[tokio::test]
async fn metrics_only_from_allowed_addresses_or_with_the_token() {
    let env = Env::new().await;
    env.ok(&["migrate"], "");
    let local = env.serve();
    assert_eq!(local.get("/metrics").0, 200, "loopback is allowed by default");

    let closed =
        env.serve_another(&[("BROEDPLAATS_METRICS_ALLOW", "10.0.0.0/8"), ("BROEDPLAATS_METRICS_TOKEN", "geheim-123")]);
    assert_eq!(closed.get("/metrics").0, 403);
    assert_eq!(closed.request("GET", "/metrics", &[("Authorization", "Bearer fout")], "").0, 403);
    let (status, body) = closed.request("GET", "/metrics", &[("Authorization", "Bearer geheim-123")], "");
    assert_eq!(status, 200);
    assert!(body.contains("http_requests_total"), "{body}");

    // behind a trusted proxy the forwarded client counts, not the proxy on loopback
    drop(local);
    let proxied = env.serve_with(&[("BROEDPLAATS_TRUSTED_PROXIES", "127.0.0.1")]);
    assert_eq!(proxied.request("GET", "/metrics", &[("X-Forwarded-For", "198.51.100.7")], "").0, 403);
    assert_eq!(proxied.get("/metrics").0, 200);
}
