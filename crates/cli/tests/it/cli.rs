//! The real `broedplaats` binary against a fresh database: SQLite in a temporary data directory
//! (default), or a fresh PostgreSQL database when `BROEDPLAATS_TEST_DB=postgres` (server at
//! `BROEDPLAATS_TEST_PG_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`).
use broedplaats_domain::Role;
use std::process::Output;

const PASSWORD: &str = "een-lang-en-geheim-wachtwoord";

use crate::common::{Env, backend, create_werkplaats};

fn create_user(env: &Env, email: &str, role: &str, password: &str) -> Output {
    env.run(
        &["admin", "create-user", "--email", email, "--name", "Anna", "--werkplaats", "test", "--role", role],
        &format!("{password}\n"),
    )
}

#[tokio::test]
async fn migrate_is_idempotent() {
    let env = Env::new().await;
    assert_eq!(env.ok(&["migrate"], "").trim(), "migrations applied");
    assert_eq!(env.ok(&["migrate"], "").trim(), "migrations applied");
    if backend() == "sqlite" {
        assert!(env.data_dir().join("broedplaats.db").is_file(), "the database lives in the data dir");
    }
    // the schema is there and empty
    let core = env.core().await;
    assert!(core.werkplaatsen().await.expect("query").is_empty());
    core.store.close().await;
}

#[tokio::test]
async fn create_werkplaats_once() {
    let env = Env::new().await;
    assert_eq!(create_werkplaats(&env).trim(), "werkplaats test created");
    let err =
        env.fails(&["admin", "create-werkplaats", "--slug", "test", "--name", "Nog een", "--region", "Elders"], "");
    assert!(err.contains("--slug: already exists"), "{err}");

    let err = env.fails(&["admin", "create-werkplaats", "--slug", "Geen Slug!", "--name", "X", "--region", "Y"], "");
    assert!(err.contains("--slug"), "{err}");
    let err = env.fails(
        &["admin", "create-werkplaats", "--slug", "ok", "--name", "X", "--region", "Y", "--period", "2026-2023"],
        "",
    );
    assert!(err.contains("--period"), "{err}");

    let core = env.core().await;
    let list = core.werkplaatsen().await.expect("list");
    assert_eq!(list.len(), 1, "only the first one was created");
    assert_eq!(list[0].slug, "test");
    assert_eq!(list[0].name, "Werkplaats Test");
    assert_eq!(list[0].region, "Testregio");
    let tenant = core.tenant("test").await.expect("tenant");
    let agenda = core.current_agenda(&tenant).await.expect("an empty agenda");
    assert_eq!(agenda.version, 1);
    assert_eq!(agenda.period, "2023-2026");
    assert_eq!(agenda.status, broedplaats_domain::AgendaStatus::Concept);
    assert!(agenda.themes.is_empty());
    core.store.close().await;
}

#[tokio::test]
async fn create_user_and_token() {
    let env = Env::new().await;
    create_werkplaats(&env);
    let out = create_user(&env, "a@test.example", "programme-coordinator", PASSWORD);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "account a@test.example has role programme-coordinator in werkplaats test"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains(PASSWORD), "the password is never echoed");
    assert!(!String::from_utf8_lossy(&out.stderr).contains(PASSWORD), "the password is never logged");

    let stdout = env.ok(&["admin", "create-token", "--email", "a@test.example"], "");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "only the token on stdout: {stdout}");
    let token = lines[0];
    assert!(token.starts_with("bp_"), "{token}");
    assert!(token.len() > 40, "{token}");
    let second = env.ok(&["admin", "create-token", "--email", "a@test.example"], "");
    assert_ne!(second.trim(), token, "every token is new");

    let core = env.core().await;
    let actor = core.actor_for_api_token(token).await.expect("query").expect("the token is valid");
    assert_eq!(actor.email, "a@test.example");
    assert_eq!(actor.name, "Anna");
    assert_eq!(actor.roles, vec![("test".to_owned(), Role::ProgrammeCoordinator)]);
    assert!(actor.may_edit_agenda("test"));
    assert!(core.actor_for_api_token(second.trim()).await.expect("query").is_some(), "both tokens work");
    assert!(core.actor_for_api_token("bp_verzonnen").await.expect("query").is_none());
    // the password works for signing in
    let outcome = core.login("a@test.example", PASSWORD, None).await.expect("login with the stdin password");
    let broedplaats_core::accounts::LoginOutcome::Signed(session) = outcome else { panic!("no second step") };
    assert_eq!(session.actor.email, "a@test.example");
    core.store.close().await;

    let err = env.fails(&["admin", "create-token", "--email", "niemand@test.example"], "");
    assert!(err.contains("not found"), "{err}");
}

#[tokio::test]
async fn create_user_refuses_bad_input() {
    let env = Env::new().await;
    create_werkplaats(&env);

    let out = create_user(&env, "a@test.example", "admin", PASSWORD);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--role: must be one of:"), "{err}");
    for role in Role::ALL {
        assert!(err.contains(role.code()), "allowed role {} listed: {err}", role.code());
    }

    let out = create_user(&env, "a@test.example", "lector", "kort");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--password: at least 10 characters"), "{err}");

    let out = create_user(&env, "a@test.example", "lector", "");
    assert!(!out.status.success(), "an empty password is refused");

    let out = create_user(&env, "geen-email", "lector", PASSWORD);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--email"));

    let out = env.run(
        &[
            "admin",
            "create-user",
            "--email",
            "a@test.example",
            "--name",
            "Anna",
            "--werkplaats",
            "bestaat-niet",
            "--role",
            "lector",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--werkplaats"), "{}", String::from_utf8_lossy(&out.stderr));

    // none of these created an account
    let err = env.fails(&["admin", "create-token", "--email", "a@test.example"], "");
    assert!(err.contains("not found"), "{err}");

    // missing arguments are a usage error
    let out = env.run(&["admin", "create-user", "--email", "a@test.example"], "");
    assert_eq!(out.status.code(), Some(2), "clap usage error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--name"));
}

#[tokio::test]
async fn adding_a_role_to_an_existing_account_needs_its_password() {
    let env = Env::new().await;
    create_werkplaats(&env);
    assert!(create_user(&env, "a@test.example", "lector", PASSWORD).status.success());

    let out = create_user(&env, "a@test.example", "programme-coordinator", "een-ander-wachtwoord");
    assert!(!out.status.success(), "no takeover by re-creating an account");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--password"));

    let out = create_user(&env, "a@test.example", "programme-coordinator", PASSWORD);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let token = env.ok(&["admin", "create-token", "--email", "a@test.example"], "");
    let core = env.core().await;
    let actor = core.actor_for_api_token(token.trim()).await.expect("query").expect("valid");
    let mut roles: Vec<Role> = actor.roles_in("test").collect();
    roles.sort_by_key(|r| r.code());
    assert_eq!(roles, vec![Role::Lector, Role::ProgrammeCoordinator]);
    core.store.close().await;
}

#[tokio::test]
async fn api_tokens_expire_and_are_revoked_from_the_command_line() {
    let env = Env::new().await;
    create_werkplaats(&env);
    create_user(&env, "anna@example.org", "lector", PASSWORD);
    let one = env.ok(&["admin", "create-token", "--email", "anna@example.org", "--expires-in-days", "30"], "");
    let two = env.ok(&["admin", "create-token", "--email", "anna@example.org"], "");
    let (one, two) = (one.trim(), two.trim());
    let err = env.fails(&["admin", "create-token", "--email", "anna@example.org", "--expires-in-days", "0"], "");
    assert!(err.contains("expires"), "{err}");

    let core = env.core().await;
    assert!(core.actor_for_api_token(one).await.expect("query").is_some(), "valid for 30 days");
    // One that has ended is refused.
    let ended = core.api_token_until("anna@example.org", Some("2000-01-01T00:00:00Z")).await.expect("token");
    assert!(core.actor_for_api_token(&ended).await.expect("query").is_none(), "expired");

    assert_eq!(env.ok(&["admin", "revoke-token", "--token", one], "").trim(), "1 token(s) ingetrokken");
    assert!(core.actor_for_api_token(one).await.expect("query").is_none(), "revoked");
    assert!(core.actor_for_api_token(two).await.expect("query").is_some(), "the other one still works");
    // The rest of the account: the live one and the ended one.
    assert_eq!(env.ok(&["admin", "revoke-token", "--email", "anna@example.org"], "").trim(), "2 token(s) ingetrokken");
    assert!(core.actor_for_api_token(two).await.expect("query").is_none(), "all of the account revoked");
    assert_eq!(env.ok(&["admin", "revoke-token", "--token", one], "").trim(), "0 token(s) ingetrokken");
    core.store.close().await;
}
