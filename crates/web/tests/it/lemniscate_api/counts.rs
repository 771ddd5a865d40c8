//! The numbers of `/api/v1/lemniscate` and the lists behind them against numbers made here from
//! the paths the API shows: per werkplaats, per kwestie and per period, for a member of zhz and
//! for an anonymous visitor. Some moves are backdated into the store (a path over two years) so
//! that the periods tell something apart; each is followed by a move through the API, so every
//! question's position is the API's own.
use super::*;
use broedplaats_domain::Movement;
use broedplaats_store::lemniscate::{NewMove, insert_move};
use std::collections::{BTreeMap, BTreeSet};

/// A question as the paths show it: its werkplaats, kwesties and moves (at, movement, crosses).
struct Seen {
    id: i64,
    werkplaats: String,
    kwesties: Vec<i64>,
    moves: Vec<(String, String, bool)>,
}

/// Every question `token` may read, with its path, through the question lists and path API.
async fn seen(t: &Lem, token: Option<&str>) -> Vec<Seen> {
    let mut out = Vec::new();
    for w in t.get("/api/v1/werkplaatsen", token).await.as_array().expect("werkplaatsen") {
        let slug = w["slug"].as_str().expect("slug");
        let base = format!("/api/v1/werkplaatsen/{slug}");
        for q in t.get(&format!("{base}/questions"), token).await["items"].as_array().expect("questions") {
            let path = t.path(&base, id(q), token).await;
            let moves = path["moves"]
                .as_array()
                .expect("moves")
                .iter()
                .map(|m| {
                    let at = m["at"].as_str().expect("at").to_owned();
                    (at, m["movement"].as_str().expect("movement").to_owned(), m["crosses"] == true)
                })
                .collect();
            let kwesties = q["kwesties"].as_array().expect("kwesties").iter().map(id).collect();
            out.push(Seen { id: id(q), werkplaats: slug.to_owned(), kwesties, moves });
        }
    }
    out
}

/// The filter of one comparison, as query parameters and as what it means.
#[derive(Default, Clone)]
struct F<'a> {
    werkplaats: Option<&'a str>,
    kwestie: Option<i64>,
    from: Option<&'a str>,
    to: Option<&'a str>,
}

impl F<'_> {
    fn query(&self) -> String {
        let mut q = Vec::new();
        if let Some(w) = self.werkplaats {
            q.push(format!("werkplaats={w}"));
        }
        if let Some(k) = self.kwestie {
            q.push(format!("kwestie={k}"));
        }
        if let Some(f) = self.from {
            q.push(format!("from={f}"));
        }
        if let Some(t) = self.to {
            q.push(format!("to={t}"));
        }
        q.join("&")
    }
}

/// What the view should say, counted from the paths: the questions standing in each movement at
/// the end of `to` (by their last move up to then), the crossings within the period, and the
/// questions that crossed.
struct Expected {
    standing: BTreeMap<String, BTreeSet<i64>>,
    crossings: usize,
    crossed: BTreeSet<i64>,
}

fn expected(questions: &[Seen], f: &F<'_>) -> Expected {
    let mut e = Expected { standing: BTreeMap::new(), crossings: 0, crossed: BTreeSet::new() };
    for m in Movement::ALL {
        e.standing.insert(m.code().to_owned(), BTreeSet::new());
    }
    let in_period = |at: &str| f.from.is_none_or(|d| &at[..10] >= d) && f.to.is_none_or(|d| &at[..10] <= d);
    for q in questions {
        if f.werkplaats.is_some_and(|w| w != q.werkplaats) || f.kwestie.is_some_and(|k| !q.kwesties.contains(&k)) {
            continue;
        }
        let until_end: Vec<_> = q.moves.iter().filter(|(at, ..)| f.to.is_none_or(|d| &at[..10] <= d)).collect();
        if let Some((_, movement, _)) = until_end.last() {
            e.standing.get_mut(movement).expect("a movement").insert(q.id);
        }
        for (at, _, crosses) in &q.moves {
            if *crosses && in_period(at) {
                e.crossings += 1;
                e.crossed.insert(q.id);
            }
        }
    }
    e
}

/// Compares the view and its lists for `f` as `token` with what the paths say.
async fn compare(t: &Lem, questions: &[Seen], token: Option<&str>, f: &F<'_>) -> Expected {
    let e = expected(questions, f);
    let q = f.query();
    let counts = t.get(&format!("/api/v1/lemniscate?{q}"), token).await;
    for (movement, ids) in &e.standing {
        assert_eq!(counts["movements"][movement], ids.len(), "{movement} for ?{q}: {counts}");
        let listed: BTreeSet<i64> =
            t.ids(&format!("/api/v1/lemniscate/questions?movement={movement}&{q}"), token).await.into_iter().collect();
        assert_eq!(&listed, ids, "the list behind {movement} for ?{q}");
    }
    assert_eq!(counts["crossings"], e.crossings, "crossings for ?{q}: {counts}");
    let crossed: BTreeSet<i64> =
        t.ids(&format!("/api/v1/lemniscate/questions?crossed=true&{q}"), token).await.into_iter().collect();
    assert_eq!(crossed, e.crossed, "the list behind the crossings for ?{q}");
    let all: BTreeSet<i64> = t.ids(&format!("/api/v1/lemniscate/questions?{q}"), token).await.into_iter().collect();
    let standing: BTreeSet<i64> = e.standing.values().flatten().copied().collect();
    assert_eq!(all, standing, "every question in scope for ?{q}");
    e
}

/// Backdates a move into the store, as the demo does; `crosses` as the domain decides it.
async fn backdated(t: &Lem, question: i64, movement: Movement, before: Option<Movement>, at: &str) {
    let tenant = t.app.core.tenant("zhz").await.expect("zhz");
    let mut conn = t.app.core.store.conn().await.expect("conn");
    let m = NewMove {
        question_id: question,
        movement: movement.code(),
        step: None,
        by_kind: "werkplaats",
        by_name: "Werkplaats Zuid-Holland Zuid",
        account_id: None,
        note: "",
        crosses: movement.crosses_from(before),
        national: movement.is_national(),
        status: None,
        at: Some(at),
    };
    insert_move(&mut conn, &tenant, &m).await.expect("backdated move");
}

#[tokio::test]
async fn the_numbers_are_those_of_the_paths() {
    use Movement::*;
    let t = Lem::new().await;
    assert!(t.app.core.load_demo_knowledge().await.expect("demo knowledge"));
    // Two years of zhz: a public question out and back in 2024, one for members only that went
    // out in 2025 and stays there; a public one of voorbeeld on the national side now.
    let a = t.question(ZHZ, &t.coord, "Wat helpt buurtteams bij schulden?", "public", &["Armoede"]).await;
    backdated(&t, a, Develop, None, "2024-03-04T09:00:00Z").await;
    backdated(&t, a, Disseminate, Some(Develop), "2024-06-10T09:00:00Z").await;
    backdated(&t, a, ScaleUp, Some(Disseminate), "2024-09-02T09:00:00Z").await;
    backdated(&t, a, Enrich, Some(ScaleUp), "2024-11-20T09:00:00Z").await;
    t.move_(ZHZ, a, &t.coord, json!({ "movement": "ontwikkelen", "step": "toepassen" })).await;
    let b = t.question(ZHZ, &t.coord, "Besloten: schulden en schaamte", "members", &["Armoede", "Eenzaamheid"]).await;
    backdated(&t, b, Develop, None, "2025-01-15T09:00:00Z").await;
    backdated(&t, b, Disseminate, Some(Develop), "2025-02-01T09:00:00Z").await;
    t.move_(ZHZ, b, &t.coord, json!({ "movement": "opschalen" })).await;
    let c = t.question(VOORBEELD, &t.other, "Elders: eenzaamheid onder jongeren", "public", &["Eenzaamheid"]).await;
    t.move_(VOORBEELD, c, &t.other, json!({ "movement": "verspreiden" })).await;

    let armoede = t.get(&format!("{ZHZ}/questions/{a}"), None).await["kwesties"][0]["id"].as_i64().expect("kwestie");
    let today = chrono::Utc::now().date_naive().to_string();
    let filters = [
        F::default(),
        F { werkplaats: Some("zhz"), ..F::default() },
        F { werkplaats: Some("voorbeeld"), ..F::default() },
        F { kwestie: Some(armoede), ..F::default() },
        F { to: Some("2024-04-30"), ..F::default() },
        F { from: Some("2024-05-01"), to: Some("2024-12-31"), ..F::default() },
        F { werkplaats: Some("zhz"), kwestie: Some(armoede), from: Some("2025-01-01"), to: Some("2025-03-31") },
        F { from: Some(&today), to: Some(&today), ..F::default() },
    ];
    let as_member = seen(&t, Some(&t.coord)).await;
    let as_anon = seen(&t, None).await;
    assert!(as_member.iter().any(|q| q.id == b) && !as_anon.iter().any(|q| q.id == b), "b is for members only");
    assert!(as_anon.len() > 3, "the demo's questions count too: {}", as_anon.len());
    for f in &filters {
        compare(&t, &as_member, Some(&t.coord), f).await;
        compare(&t, &as_anon, None, f).await;
    }

    // What these paths must give, so the comparison above cannot pass on empty views.
    let e = compare(&t, &as_member, Some(&t.coord), &filters[5]).await;
    assert_eq!((e.crossings, e.crossed.iter().copied().collect::<Vec<_>>()), (2, vec![a]), "2024: out and back");
    assert!(e.standing["verrijken"].contains(&a) && !e.standing["ontwikkelen"].contains(&b));
    let e = compare(&t, &as_member, Some(&t.coord), &filters[6]).await;
    assert_eq!(e.standing["verspreiden"], BTreeSet::from([b]), "b stood in verspreiden at the end of March 2025");
    assert_eq!(e.crossings, 1);
    let e = compare(&t, &as_anon, None, &filters[6]).await;
    assert_eq!((e.standing.values().map(BTreeSet::len).sum::<usize>(), e.crossings), (1, 0), "anon: a only");
    let e = compare(&t, &as_member, Some(&t.coord), &F::default()).await;
    assert!(e.standing["opschalen"].contains(&b) && e.standing["verspreiden"].contains(&c));
    assert!(e.standing["ontwikkelen"].contains(&a));
}
