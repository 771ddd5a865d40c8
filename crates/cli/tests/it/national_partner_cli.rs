//! `broedplaats admin national-partner add|remove|list` as a real process: a new account made a
//! national partner with the password from stdin, an existing account granted the role without
//! one (its password and roles unchanged), bad input refused with nothing written, the list, and
//! taking the role away. SQLite by default; PostgreSQL with `BROEDPLAATS_TEST_DB=postgres`.
use crate::common::{Env, create_werkplaats};
use broedplaats_core::accounts::LoginOutcome;
use broedplaats_domain::Role;

const PASSWORD: &str = "een-lang-en-geheim-wachtwoord";

fn add(env: &Env, email: &str, name: &str, organisation: &str, stdin: &str) -> std::process::Output {
    env.run(
        &["admin", "national-partner", "add", "--email", email, "--name", name, "--organisation", organisation],
        stdin,
    )
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The national-partner organisation and the werkplaats roles of an account, through a token as
/// a request would see them; `None` when the account does not exist.
async fn actor_of(env: &Env, email: &str) -> Option<(Option<String>, Vec<(String, Role)>)> {
    let out = env.run(&["admin", "create-token", "--email", email], "");
    if !out.status.success() {
        return None;
    }
    let token = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let core = env.core().await;
    let actor = core.actor_for_api_token(&token).await.expect("query").expect("the token is valid");
    core.store.close().await;
    Some((actor.national_partner, actor.roles))
}

async fn signs_in(env: &Env, email: &str, password: &str) -> bool {
    let core = env.core().await;
    let ok = matches!(core.login(email, password, None).await, Ok(LoginOutcome::Signed(_)));
    core.store.close().await;
    ok
}

#[tokio::test]
async fn adds_lists_and_removes_national_partners() {
    let env = Env::new().await;
    create_werkplaats(&env);

    // A new account: the password comes from stdin and is never echoed.
    let out = add(&env, "nadia@landelijk.example", "Nadia Landman", "Movisie", &format!("{PASSWORD}\n"));
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.trim(), "account nadia@landelijk.example created, a national partner of Movisie");
    assert!(!stdout.contains(PASSWORD) && !stderr(&out).contains(PASSWORD), "the password is never shown");
    let (organisation, roles) = actor_of(&env, "nadia@landelijk.example").await.expect("the account exists");
    assert_eq!(organisation.as_deref(), Some("Movisie"));
    assert!(roles.is_empty(), "a national partner has no role in any werkplaats: {roles:?}");
    assert!(signs_in(&env, "nadia@landelijk.example", PASSWORD).await, "the stdin password signs in");

    // An existing account is granted the role without a password; its password and roles stay.
    let out = env.run(
        &[
            "admin",
            "create-user",
            "--email",
            "lector@test.example",
            "--name",
            "Lea Lector",
            "--werkplaats",
            "test",
            "--role",
            "lector",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = add(&env, "lector@test.example", "Een andere naam", "Kennisplein Gehandicaptensector", "");
    assert!(out.status.success(), "no password asked of an existing account: {}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "account lector@test.example is a national partner of Kennisplein Gehandicaptensector (existing account)"
    );
    let (organisation, roles) = actor_of(&env, "lector@test.example").await.expect("the account exists");
    assert_eq!(organisation.as_deref(), Some("Kennisplein Gehandicaptensector"));
    assert_eq!(roles, vec![("test".to_owned(), Role::Lector)], "the werkplaats role stays");
    assert!(signs_in(&env, "lector@test.example", PASSWORD).await, "the password is unchanged");
    // Adding again changes the organisation, nothing else.
    let out = add(&env, "nadia@landelijk.example", "Nadia Landman", "NJi", "een-ander-wachtwoord\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(signs_in(&env, "nadia@landelijk.example", PASSWORD).await, "no new password for an existing account");
    assert!(!signs_in(&env, "nadia@landelijk.example", "een-ander-wachtwoord").await);

    // The list: organisation, name and email, by organisation.
    let list = env.ok(&["admin", "national-partner", "list"], "");
    assert_eq!(
        list.lines().collect::<Vec<_>>(),
        vec![
            "Kennisplein Gehandicaptensector\tLea Lector\tlector@test.example",
            "NJi\tNadia Landman\tnadia@landelijk.example",
        ]
    );

    // Taking the role away keeps the account; a second time there is nothing to take.
    let out = env.ok(&["admin", "national-partner", "remove", "--email", "nadia@landelijk.example"], "");
    assert_eq!(out.trim(), "account nadia@landelijk.example is no longer a national partner");
    let (organisation, _) = actor_of(&env, "nadia@landelijk.example").await.expect("the account stays");
    assert_eq!(organisation, None);
    let err = env.fails(&["admin", "national-partner", "remove", "--email", "nadia@landelijk.example"], "");
    assert!(err.contains("not found"), "{err}");
    let err = env.fails(&["admin", "national-partner", "remove", "--email", "niemand@landelijk.example"], "");
    assert!(err.contains("not found"), "{err}");
    let list = env.ok(&["admin", "national-partner", "list"], "");
    assert_eq!(list.trim(), "Kennisplein Gehandicaptensector\tLea Lector\tlector@test.example");
}

#[tokio::test]
async fn bad_input_creates_nothing() {
    let env = Env::new().await;
    assert_eq!(env.ok(&["admin", "national-partner", "list"], "").trim(), "no national partners");

    let out = add(&env, "nadia@landelijk.example", "Nadia Landman", "Movisie", "kort\n");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--password: at least 10 characters"), "{}", stderr(&out));
    let out = add(&env, "nadia@landelijk.example", "Nadia Landman", "Movisie", "");
    assert!(!out.status.success(), "a new account needs a password");
    let out = add(&env, "nadia@landelijk.example", "Nadia Landman", "  ", &format!("{PASSWORD}\n"));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--organisation"), "{}", stderr(&out));
    let out = add(&env, "nadia@landelijk.example", "", "Movisie", &format!("{PASSWORD}\n"));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--name"), "{}", stderr(&out));
    let out = add(&env, "geen-adres", "Nadia Landman", "Movisie", &format!("{PASSWORD}\n"));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--email"), "{}", stderr(&out));
    let long = "x".repeat(201);
    let out = add(&env, "nadia@landelijk.example", "Nadia Landman", &long, &format!("{PASSWORD}\n"));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--organisation: at most 200 characters"), "{}", stderr(&out));

    assert!(actor_of(&env, "nadia@landelijk.example").await.is_none(), "no account was made");
    assert_eq!(env.ok(&["admin", "national-partner", "list"], "").trim(), "no national partners");
    // Missing arguments are a usage error.
    let out = env.run(&["admin", "national-partner", "add", "--email", "nadia@landelijk.example"], "");
    assert_eq!(out.status.code(), Some(2), "clap usage error");
    assert!(stderr(&out).contains("--organisation"), "{}", stderr(&out));
}
