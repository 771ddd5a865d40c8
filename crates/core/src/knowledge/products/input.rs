//! What forms, the API and the import send, validated into what is stored.
use super::*;
use crate::Result;
use crate::kernel::tx::check_refs;
use broedplaats_domain::{
    BoundedText, FieldErrorKind, FieldErrors, FourO, ProductAudience, ProductKind, ProductStatus, Visibility,
    kwestie_key,
};
use broedplaats_store::knowledge::{self as q, KnowledgeLinks, ProductFields};
use broedplaats_store::organisation::Table;
use broedplaats_store::{Conn, Tenant};
use serde::Deserialize;
use utoipa::ToSchema;

/// A knowledge product as created or updated through the API, the import and the forms.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    /// advies, werkvorm, methodiek, instrument, publicatie, onderwijsmateriaal, beroepsproduct,
    /// factsheet, verslag, video, verhalenbundel, overig
    pub kind: String,
    pub title: String,
    /// One to three sentences; shown in lists and search results.
    pub summary: String,
    /// Markdown.
    pub body: Option<String>,
    pub year: Option<i64>,
    /// `YYYY-MM-DD`; sets the year when `year` is absent.
    pub date: Option<String>,
    /// Theme titles or ids of the current agenda.
    #[serde(default)]
    pub themes: Vec<Ref>,
    /// Kwestie labels; new ones are created (kwesties are shared by all werkplaatsen).
    #[serde(default)]
    pub kwesties: Vec<String>,
    /// Names or ids of organisations of this werkplaats (authors).
    #[serde(default)]
    pub organisations: Vec<Ref>,
    /// Ids of people of this werkplaats (authors).
    #[serde(default)]
    pub people: Vec<i64>,
    /// Authors without a person record, as written.
    #[serde(default)]
    pub author_names: Vec<String>,
    /// public (default), partners or theme_group
    pub visibility: Option<String>,
    /// Needed for `theme_group` visibility unless a linked theme has a theme group.
    pub theme_group_id: Option<i64>,
    pub project_id: Option<i64>,
    /// concept (default), review or published (only for those who may publish)
    pub status: Option<String>,
    /// Default `CC BY 4.0`.
    pub licence: Option<String>,
    /// Default `nl`.
    pub language: Option<String>,
    /// professionals, beleid, onderwijs, burgers
    #[serde(default)]
    pub audiences: Vec<String>,
    /// onderzoek, ontwikkeling, onderwijs, ondersteuning
    #[serde(default)]
    pub four_os: Vec<String>,
    #[serde(default)]
    pub links: Vec<LinkInput>,
}

/// Validated input, with names resolved to ids.
pub(super) struct ValidProduct {
    pub(super) fields: ProductFields,
    pub(super) status: ProductStatus,
    pub(super) theme_ids: Vec<i64>,
    pub(super) kwesties: Vec<(String, String)>,
    pub(super) organisation_ids: Vec<i64>,
    pub(super) people: Vec<i64>,
}

pub(super) fn codes<T>(
    e: &mut FieldErrors,
    field: &str,
    raw: &[String],
    parse: fn(&str) -> Result<T, FieldErrorKind>,
) -> Vec<String>
where
    T: Copy,
{
    let mut out = Vec::new();
    for r in raw {
        match parse(r) {
            Ok(_) if out.contains(&r.trim().to_owned()) => {}
            Ok(_) => out.push(r.trim().to_owned()),
            Err(k) => {
                e.push(field, k);
                break;
            }
        }
    }
    out
}

impl ProductInput {
    /// Checks the fields and resolves names; `prefix` names the item in a batch (`[3].`).
    pub(super) async fn validate(
        &self,
        conn: &mut Conn,
        tenant: &Tenant,
        e: &mut FieldErrors,
        prefix: &str,
    ) -> Result<Option<ValidProduct>> {
        let mut local = FieldErrors::new();
        let f = &mut local;
        let kind = f.take("kind", ProductKind::parse(&self.kind));
        let title = f.take("title", BoundedText::<200>::parse(&self.title)).map(BoundedText::into_inner);
        let summary = f.take("summary", BoundedText::<2000>::parse(&self.summary)).map(BoundedText::into_inner);
        let body = f
            .take("body", BoundedText::<100_000>::parse_optional(self.body.as_deref()))
            .flatten()
            .map(BoundedText::into_inner)
            .unwrap_or_default();
        let date = match self.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => None,
            Some(d) => match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Ok(date) => Some(date),
                Err(_) => {
                    f.push("date", FieldErrorKind::Invalid);
                    None
                }
            },
        };
        let year = match self.year {
            Some(y) if !(1900..=2100).contains(&y) => {
                f.push("year", FieldErrorKind::Invalid);
                None
            }
            Some(y) => Some(y),
            None => date.map(|d| i64::from(chrono::Datelike::year(&d))),
        };
        let visibility = match self.visibility.as_deref() {
            None | Some("") => Some(Visibility::Public),
            Some(v) => f.take("visibility", Visibility::parse(v)),
        };
        let status = match self.status.as_deref() {
            None | Some("") => Some(ProductStatus::Concept),
            Some(s) => f.take("status", ProductStatus::parse(s)),
        };
        let licence = match self.licence.as_deref().map(str::trim) {
            None | Some("") => LICENCES[0].to_owned(),
            Some(l) => match LICENCES.iter().find(|x| x.eq_ignore_ascii_case(l)) {
                Some(x) => (*x).to_owned(),
                None => {
                    f.push("licence", FieldErrorKind::UnknownValue { allowed: LICENCES.to_vec() });
                    String::new()
                }
            },
        };
        let language = match self.language.as_deref().map(str::trim) {
            None | Some("") => LANGUAGES[0].to_owned(),
            Some(l) if LANGUAGES.contains(&l) => l.to_owned(),
            Some(_) => {
                f.push("language", FieldErrorKind::UnknownValue { allowed: LANGUAGES.to_vec() });
                String::new()
            }
        };
        let audiences = codes(f, "audiences", &self.audiences, ProductAudience::parse);
        let four_os = codes(f, "four_os", &self.four_os, FourO::parse);
        let mut links = Vec::new();
        if self.links.len() > 20 {
            f.push("links", FieldErrorKind::TooMany { max: 20 });
        }
        for l in self.links.iter().take(20) {
            let title = f.take("links", BoundedText::<200>::parse(&l.title)).map(BoundedText::into_inner);
            let url = l.url.trim();
            if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() > 500 {
                f.push("links", FieldErrorKind::Invalid);
            } else if let Some(title) = title {
                links.push(LinkInput { title, url: url.to_owned() });
            }
        }
        let mut author_names = Vec::new();
        for n in self.author_names.iter().filter(|n| !n.trim().is_empty()).take(30) {
            if let Some(n) = f.take("author_names", BoundedText::<200>::parse(n)) {
                author_names.push(n.into_inner());
            }
        }
        // Themes: ids or titles of the current agenda.
        let themes = match broedplaats_store::agenda::current(conn, tenant).await? {
            Some(agenda) => broedplaats_store::agenda::themes(conn, tenant, agenda.id).await?,
            None => vec![],
        };
        let mut theme_ids = Vec::new();
        for r in &self.themes {
            let found = match r {
                Ref::Id(id) => themes.iter().find(|t| t.id == *id),
                Ref::Name(n) => themes.iter().find(|t| fold_name(&t.title) == fold_name(n)),
            };
            match found {
                Some(t) if !theme_ids.contains(&t.id) => theme_ids.push(t.id),
                Some(_) => {}
                None => {
                    f.push("themes", FieldErrorKind::Refused { key: "knowledge.error.unknown_theme" });
                    break;
                }
            }
        }
        // Organisations: ids or names of this werkplaats.
        let organisations = if self.organisations.is_empty() {
            vec![]
        } else {
            broedplaats_store::organisation::all_organisation_names(conn, tenant).await?
        };
        let mut organisation_ids = Vec::new();
        for r in &self.organisations {
            let found = match r {
                Ref::Id(id) => organisations.iter().find(|(oid, _)| oid == id),
                Ref::Name(n) => organisations.iter().find(|(_, name)| fold_name(name) == fold_name(n)),
            };
            match found {
                Some((id, _)) if !organisation_ids.contains(id) => organisation_ids.push(*id),
                Some(_) => {}
                None => {
                    f.push("organisations", FieldErrorKind::Refused { key: "knowledge.error.unknown_organisation" });
                    break;
                }
            }
        }
        let mut kwesties: Vec<(String, String)> = Vec::new();
        if self.kwesties.len() > 20 {
            f.push("kwesties", FieldErrorKind::TooMany { max: 20 });
        }
        for k in self.kwesties.iter().take(20) {
            if let Some(label) = f.take("kwesties", BoundedText::<120>::parse(k)) {
                let label = label.into_inner();
                let key = kwestie_key(&label);
                if !kwesties.iter().any(|(_, k)| *k == key) {
                    kwesties.push((label, key));
                }
            }
        }
        let mut people = self.people.clone();
        people.dedup();
        check_refs(conn, tenant, f, "people", Table::People, &people).await?;
        if let Some(p) = self.project_id {
            check_refs(conn, tenant, f, "project_id", Table::Projects, &[p]).await?;
        }
        let mut theme_group_id = self.theme_group_id;
        if let Some(g) = theme_group_id {
            check_refs(conn, tenant, f, "theme_group_id", Table::ThemeGroups, &[g]).await?;
        } else if visibility == Some(Visibility::ThemeGroup) {
            // The group of a linked theme, when there is exactly one.
            let groups = broedplaats_store::organisation::theme_groups(conn, tenant).await?;
            let mut linked = groups.iter().filter(|g| theme_ids.contains(&g.theme_id));
            match (linked.next(), linked.next()) {
                (Some(g), None) => theme_group_id = Some(g.id),
                _ => f.push("theme_group_id", FieldErrorKind::Refused { key: "knowledge.error.group_needed" }),
            }
        }
        if !local.is_empty() {
            for err in local.0 {
                e.push(format!("{prefix}{}", err.field), err.kind);
            }
            return Ok(None);
        }
        let (Some(kind), Some(title), Some(summary), Some(visibility), Some(status)) =
            (kind, title, summary, visibility, status)
        else {
            return Ok(None);
        };
        Ok(Some(ValidProduct {
            fields: ProductFields {
                kind: kind.code().into(),
                title,
                summary,
                body,
                project_id: self.project_id,
                theme_group_id,
                year,
                published_on: date.map(|d| d.format("%Y-%m-%d").to_string()),
                licence,
                language,
                audiences: json(&audiences)?,
                four_os: json(&four_os)?,
                links: json(&links)?,
                author_names: json(&author_names)?,
                visibility: visibility.code().into(),
            },
            status,
            theme_ids,
            kwesties,
            organisation_ids,
            people,
        }))
    }
}

/// Writes the links of a product.
pub(super) async fn save_links(conn: &mut Conn, tenant: &Tenant, id: i64, v: &ValidProduct) -> Result<()> {
    let mut kwestie_ids = Vec::with_capacity(v.kwesties.len());
    for (label, key) in &v.kwesties {
        kwestie_ids.push(q::kwestie_id_for(conn, label, key).await?);
    }
    q::replace(conn, tenant, KnowledgeLinks::ProductThemes, id, &v.theme_ids).await?;
    q::replace(conn, tenant, KnowledgeLinks::ProductKwesties, id, &kwestie_ids).await?;
    q::replace(conn, tenant, KnowledgeLinks::ProductOrganisations, id, &v.organisation_ids).await?;
    q::replace(conn, tenant, KnowledgeLinks::ProductPeople, id, &v.people).await?;
    Ok(())
}
