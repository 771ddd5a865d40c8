//! Knowledge products (opbrengsten, DOMAIN §7): create (one or many, as the import does), edit,
//! the review workflow concept → ter review → gepubliceerd, files with their text for search.
//!
//! Anyone with a role in the werkplaats may contribute. The coordinator and lectoren, and the
//! themaleider of the product's theme group (or any themaleider when it has none), review and
//! publish. Only published products are found by search; drafts are seen by their author and
//! the reviewers.
use super::documents::{PRODUCT, product_acl};
use crate::kernel::actor::Actor;
use crate::kernel::actor::{Access, access};
use crate::kernel::audit::audit;
use crate::kernel::error::refused;
use crate::kernel::search;
use crate::kernel::storage::{MAX_FILE_SIZE, clean_filename};
use crate::kernel::tx::{check_refs, commit, current_theme_ids};
use crate::{Core, CoreError, Result};
use broedplaats_domain::{
    BoundedText, FieldErrorKind, FieldErrors, FourO, ProductAudience, ProductKind, ProductStatus, Role, Visibility,
    kwestie_key,
};
use broedplaats_store::knowledge::{self as q, KnowledgeLinks, ProductFields, ProductRow};
use broedplaats_store::organisation::Table;
use broedplaats_store::{Conn, Tenant};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Licences a product may carry; the first is the default.
pub const LICENCES: &[&str] =
    &["CC BY 4.0", "CC BY-SA 4.0", "CC BY-NC 4.0", "CC BY-NC-SA 4.0", "CC0 1.0", "Alle rechten voorbehouden"];
/// Languages a product may be written in (ISO 639-1); the first is the default.
pub const LANGUAGES: &[&str] = &["nl", "en", "de", "fr", "fy"];
/// Most files on one product.
pub const MAX_PRODUCT_FILES: usize = 10;
/// Most products in one import request.
pub const MAX_IMPORT: usize = 1000;
/// Longest a file's text extraction may take before the file is stored without it.
const EXTRACT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// A reference by id or by name (title of a theme, name of an organisation).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Ref {
    Id(i64),
    Name(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkInput {
    pub title: String,
    pub url: String,
}

/// A knowledge product as created or updated through the API, the import and the forms.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    /// advies, werkvorm, methodiek, instrument, publicatie, onderwijsmateriaal, factsheet,
    /// verslag, video, verhalenbundel, overig
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

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

fn named(v: Vec<(i64, String)>) -> Vec<Named> {
    v.into_iter().map(|(id, name)| Named { id, name }).collect()
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProductFileView {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub url: String,
}

impl ProductFileView {
    fn of(tenant: &Tenant, f: q::ProductFileRow) -> Self {
        Self {
            url: format!("/werkplaatsen/{}/kennis/{}/bestanden/{}", tenant.slug, f.product_id, f.id),
            id: f.id,
            filename: f.filename,
            content_type: f.content_type,
            size: f.size,
        }
    }
    pub fn size_kb(&self) -> i64 {
        (self.size + 1023) / 1024
    }
}

/// A knowledge product as pages and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProductView {
    pub id: i64,
    pub url: String,
    pub werkplaats: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    /// Markdown.
    pub body: String,
    pub year: Option<i64>,
    pub date: Option<String>,
    pub themes: Vec<Named>,
    pub kwesties: Vec<Named>,
    pub people: Vec<Named>,
    pub organisations: Vec<Named>,
    pub author_names: Vec<String>,
    pub project: Option<Named>,
    pub theme_group_id: Option<i64>,
    pub licence: String,
    pub language: String,
    pub audiences: Vec<String>,
    pub four_os: Vec<String>,
    pub links: Vec<LinkInput>,
    pub visibility: String,
    pub status: String,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub review_note: Option<String>,
    pub files: Vec<ProductFileView>,
    pub created_at: String,
    pub updated_at: String,
    /// Whether the viewer may edit it and add files.
    pub may_edit: bool,
    /// Whether the viewer may publish it or send it back.
    pub may_review: bool,
}

/// A line in the list of products.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProductLine {
    pub id: i64,
    pub url: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub year: Option<i64>,
    pub status: String,
    pub visibility: String,
    pub updated_at: String,
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| CoreError::Internal(e.to_string()))
}

fn json_list<T: for<'de> Deserialize<'de>>(raw: &str) -> Vec<T> {
    serde_json::from_str(raw).unwrap_or_default()
}

/// Validated input, with names resolved to ids.
struct ValidProduct {
    fields: ProductFields,
    status: ProductStatus,
    theme_ids: Vec<i64>,
    kwesties: Vec<(String, String)>,
    organisation_ids: Vec<i64>,
    people: Vec<i64>,
}

fn codes<T>(
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

fn fold_name(s: &str) -> String {
    kwestie_key(s)
}

/// Who may publish and send back: managers; the themaleider of the product's group, or any
/// themaleider when the product has no group.
async fn may_review(conn: &mut Conn, actor: Option<&Actor>, tenant: &Tenant, group: Option<i64>) -> Result<bool> {
    let Some(actor) = actor else { return Ok(false) };
    if access(Some(actor), tenant) == Access::Manager {
        return Ok(true);
    }
    if !actor.roles_in(&tenant.slug).any(|r| r == Role::ThemeLead) {
        return Ok(false);
    }
    Ok(match group {
        None => true,
        Some(g) => q::theme_groups_led_by(conn, tenant, actor.account_id).await?.contains(&g),
    })
}

async fn may_edit(conn: &mut Conn, actor: Option<&Actor>, tenant: &Tenant, p: &ProductRow) -> Result<bool> {
    let Some(a) = actor else { return Ok(false) };
    Ok((p.created_by == Some(a.account_id) && a.is_member(&tenant.slug))
        || may_review(conn, actor, tenant, p.theme_group_id).await?)
}

/// Published products by their visibility; drafts to their editors only. Unseen is not found.
async fn load_readable(conn: &mut Conn, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<ProductRow> {
    let p = q::product(conn, tenant, id).await?.ok_or(CoreError::NotFound)?;
    let readable = if p.status == "published" {
        search::may_see(conn, actor, &product_acl(tenant, &p.visibility, p.theme_group_id)).await?
            || may_edit(conn, actor, tenant, &p).await?
    } else {
        may_edit(conn, actor, tenant, &p).await?
    };
    if readable { Ok(p) } else { Err(CoreError::NotFound) }
}

impl ProductInput {
    /// Checks the fields and resolves names; `prefix` names the item in a batch (`[3].`).
    async fn validate(
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
async fn save_links(conn: &mut Conn, tenant: &Tenant, id: i64, v: &ValidProduct) -> Result<()> {
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

impl Core {
    /// Creates products, all or none: one transaction, every item validated before anything is
    /// written. Errors name the item (`[3].title`) when more than one was sent.
    pub async fn create_products(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        inputs: &[ProductInput],
    ) -> Result<Vec<i64>> {
        let actor = crate::kernel::actor::require_member(actor, tenant)?;
        self.insert_products(Some(actor), tenant, inputs, &|_, _| {}).await
    }

    /// [`Core::create_products`] for the command line, acting as the administrator with no
    /// account (see `Core::import_organisations_as_admin`): may publish; the audit log records
    /// `ADMIN_ACTOR_NAME`. `progress` gets (items written, items). Never call this for a request.
    pub async fn import_products_as_admin(
        &self,
        tenant: &Tenant,
        inputs: &[ProductInput],
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Vec<i64>> {
        self.insert_products(None, tenant, inputs, progress).await
    }

    async fn insert_products(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        inputs: &[ProductInput],
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Vec<i64>> {
        if inputs.is_empty() {
            return Err(refused("items", "knowledge.error.empty_import"));
        }
        if inputs.len() > MAX_IMPORT {
            return Err(CoreError::Invalid(FieldErrors::single("items", FieldErrorKind::TooMany { max: MAX_IMPORT })));
        }
        let name = actor.map_or(crate::organisation::ADMIN_ACTOR_NAME, |a| a.name.as_str());
        let account = actor.map(|a| a.account_id);
        let mut tx = self.store.begin().await?;
        let mut e = FieldErrors::new();
        let mut valid = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.iter().enumerate() {
            let prefix = if inputs.len() > 1 { format!("[{i}].") } else { String::new() };
            if let Some(v) = input.validate(&mut tx, tenant, &mut e, &prefix).await? {
                if v.status == ProductStatus::Published
                    && actor.is_some()
                    && !may_review(&mut tx, actor, tenant, v.fields.theme_group_id).await?
                {
                    e.push(
                        format!("{prefix}status"),
                        FieldErrorKind::Refused { key: "knowledge.error.may_not_publish" },
                    );
                }
                valid.push(v);
            }
        }
        if !e.is_empty() {
            return Err(e.into());
        }
        let mut ids = Vec::with_capacity(valid.len());
        for (i, v) in valid.iter().enumerate() {
            let id = q::insert_product(&mut tx, tenant, &v.fields, v.status.code(), account).await?;
            save_links(&mut tx, tenant, id, v).await?;
            if v.status != ProductStatus::Concept {
                q::set_product_status(&mut tx, tenant, id, v.status.code(), name, None).await?;
            }
            let after = json(&v.fields.title)?;
            let entry = broedplaats_store::organisation::AuditEntry {
                actor_name: name,
                actor_account_id: account,
                entity_type: "knowledge_product",
                entity_id: id,
                action: "create",
                before: None,
                after: Some(&after),
            };
            broedplaats_store::organisation::insert_audit(&mut tx, tenant, &entry).await?;
            q::outbox_push(&mut tx, tenant, PRODUCT, id).await?;
            ids.push(id);
            progress(i + 1, valid.len());
        }
        commit(tx).await?;
        self.index_now().await;
        Ok(ids)
    }

    pub async fn update_product(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        input: &ProductInput,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let before = load_readable(&mut tx, actor, tenant, id).await?;
        if !may_edit(&mut tx, actor, tenant, &before).await? {
            return Err(if actor.is_some() { CoreError::Forbidden } else { CoreError::Unauthenticated });
        }
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let mut e = FieldErrors::new();
        let Some(v) = input.validate(&mut tx, tenant, &mut e, "").await? else { return Err(e.into()) };
        q::update_product(&mut tx, tenant, id, &v.fields).await?;
        save_links(&mut tx, tenant, id, &v).await?;
        audit(&mut tx, tenant, actor, ("knowledge_product", id), "update", Some(&before.title), Some(&v.fields.title))
            .await?;
        q::outbox_push(&mut tx, tenant, PRODUCT, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(())
    }

    /// A step of the review workflow. Editors send a concept to review; reviewers publish, send
    /// back to concept (with a note) or unpublish.
    pub async fn set_product_status(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        to: &str,
        note: Option<&str>,
    ) -> Result<()> {
        let to = ProductStatus::parse(to).map_err(|k| CoreError::Invalid(FieldErrors::single("status", k)))?;
        let note = BoundedText::<2000>::parse_optional(note)
            .map_err(|k| CoreError::Invalid(FieldErrors::single("note", k)))?
            .map(BoundedText::into_inner);
        let mut tx = self.store.begin().await?;
        let p = load_readable(&mut tx, actor, tenant, id).await?;
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let reviewer = may_review(&mut tx, Some(actor), tenant, p.theme_group_id).await?;
        let editor = reviewer || may_edit(&mut tx, Some(actor), tenant, &p).await?;
        let allowed = match (p.status.as_str(), to) {
            ("concept", ProductStatus::Review) => editor,
            (_, ProductStatus::Published) => reviewer && p.status != "published",
            ("review", ProductStatus::Concept) | ("published", ProductStatus::Concept) => reviewer,
            _ => return Err(refused("status", "knowledge.error.transition")),
        };
        if !allowed {
            return Err(CoreError::Forbidden);
        }
        q::set_product_status(&mut tx, tenant, id, to.code(), &actor.name, note.as_deref()).await?;
        audit(&mut tx, tenant, actor, ("knowledge_product", id), "update", Some(&p.status.as_str()), Some(&to.code()))
            .await?;
        q::outbox_push(&mut tx, tenant, PRODUCT, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(())
    }

    pub async fn delete_product(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let p = load_readable(&mut tx, actor, tenant, id).await?;
        if !may_edit(&mut tx, actor, tenant, &p).await? {
            return Err(if actor.is_some() { CoreError::Forbidden } else { CoreError::Unauthenticated });
        }
        let actor = actor.ok_or(CoreError::Unauthenticated)?;
        let files = q::files(&mut tx, tenant, id).await?;
        q::delete(&mut tx, tenant, q::KnowledgeTable::Products, id).await?;
        audit(&mut tx, tenant, actor, ("knowledge_product", id), "delete", Some(&p.title), None::<&String>).await?;
        q::outbox_push(&mut tx, tenant, PRODUCT, id).await?;
        commit(tx).await?;
        for f in files {
            self.forget_blob(&f.storage_key).await;
        }
        self.index_now().await;
        Ok(())
    }

    /// One product with everything pages show; drafts only for their editors.
    pub async fn product(&self, actor: Option<&Actor>, tenant: &Tenant, id: i64) -> Result<ProductView> {
        let mut conn = self.store.conn().await?;
        let p = load_readable(&mut conn, actor, tenant, id).await?;
        let may_edit = may_edit(&mut conn, actor, tenant, &p).await?;
        let may_review = may_review(&mut conn, actor, tenant, p.theme_group_id).await?;
        let project = match p.project_id {
            Some(pid) => broedplaats_store::organisation::project(&mut conn, tenant, pid)
                .await?
                .map(|pr| Named { id: pr.id, name: pr.title }),
            None => None,
        };
        Ok(ProductView {
            url: format!("/werkplaatsen/{}/kennis/{}", tenant.slug, p.id),
            werkplaats: tenant.slug.clone(),
            themes: named(q::linked(&mut conn, tenant, KnowledgeLinks::ProductThemes, id).await?),
            kwesties: named(q::linked(&mut conn, tenant, KnowledgeLinks::ProductKwesties, id).await?),
            people: named(q::linked(&mut conn, tenant, KnowledgeLinks::ProductPeople, id).await?),
            organisations: named(q::linked(&mut conn, tenant, KnowledgeLinks::ProductOrganisations, id).await?),
            files: q::files(&mut conn, tenant, id).await?.into_iter().map(|f| ProductFileView::of(tenant, f)).collect(),
            author_names: json_list(&p.author_names),
            audiences: json_list(&p.audiences),
            four_os: json_list(&p.four_os),
            links: json_list(&p.links),
            project,
            id: p.id,
            kind: p.kind,
            title: p.title,
            summary: p.summary,
            body: p.body,
            year: p.year,
            date: p.published_on,
            theme_group_id: p.theme_group_id,
            licence: p.licence,
            language: p.language,
            visibility: p.visibility,
            status: p.status,
            submitted_by: p.submitted_by,
            submitted_at: p.submitted_at,
            reviewed_by: p.reviewed_by,
            reviewed_at: p.reviewed_at,
            review_note: p.review_note,
            created_at: p.created_at,
            updated_at: p.updated_at,
            may_edit,
            may_review,
        })
    }

    /// Products of a werkplaats the viewer may see, newest change first: published ones by
    /// visibility, and drafts for those who may edit or review them. `cursor` continues a list.
    pub async fn products(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        drafts: bool,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<crate::kernel::paging::Paged<ProductLine>> {
        let limit = limit.clamp(1, 100);
        let mut conn = self.store.conn().await?;
        let tokens = search::viewer_tokens(&mut conn, actor).await?;
        let after = cursor.and_then(crate::kernel::paging::decode_cursor);
        let statuses: &[&str] = if drafts { &["concept", "review"] } else { &["published"] };
        let mut items = Vec::new();
        let mut next = after;
        // Rows the viewer may not see are skipped; read on until the page is full.
        'pages: loop {
            let rows =
                q::products(&mut conn, tenant, statuses, next.as_ref().map(|(a, i)| (a.as_str(), *i)), limit * 2)
                    .await?;
            let done = (rows.len() as i64) < limit * 2;
            for p in rows {
                next = Some((p.updated_at.clone(), p.id));
                let visible = if drafts {
                    may_edit(&mut conn, actor, tenant, &p).await?
                } else {
                    search::allowed(&tokens, &product_acl(tenant, &p.visibility, p.theme_group_id))
                };
                if visible {
                    items.push(ProductLine {
                        url: format!("/werkplaatsen/{}/kennis/{}", tenant.slug, p.id),
                        id: p.id,
                        kind: p.kind,
                        title: p.title,
                        summary: p.summary,
                        year: p.year,
                        status: p.status,
                        visibility: p.visibility,
                        updated_at: p.updated_at,
                    });
                    if items.len() as i64 == limit {
                        break 'pages;
                    }
                }
            }
            if done {
                next = None;
                break;
            }
        }
        let next_cursor = if items.len() as i64 == limit {
            next.map(|(at, id)| crate::kernel::paging::encode_cursor(&at, id))
        } else {
            None
        };
        Ok(crate::kernel::paging::Paged { items, next_cursor })
    }

    /// Whether the viewer may contribute products here.
    pub fn may_contribute(&self, actor: Option<&Actor>, tenant: &Tenant) -> bool {
        actor.is_some_and(|a| a.is_member(&tenant.slug))
    }

    /// Attaches a file (PDF, DOCX, ODT, PPTX, ODP, XLSX, PNG, JPEG; type judged by content) and
    /// makes its text searchable.
    pub async fn add_product_file(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        filename: &str,
        bytes: Vec<u8>,
    ) -> Result<ProductFileView> {
        {
            let mut conn = self.store.conn().await?;
            let p = load_readable(&mut conn, actor, tenant, id).await?;
            if !may_edit(&mut conn, actor, tenant, &p).await? {
                return Err(if actor.is_some() { CoreError::Forbidden } else { CoreError::Unauthenticated });
            }
        }
        if bytes.len() > MAX_FILE_SIZE {
            return Err(refused("file", "activity.file.too_large"));
        }
        let Some((content_type, extension)) = crate::kernel::storage::detect(&bytes) else {
            return Err(refused("file", "activity.file.type"));
        };
        let Some(filename) = clean_filename(filename, extension) else {
            return Err(refused("file", "activity.file.name"));
        };
        let key = crate::kernel::storage::key_for(&bytes);
        self.storage.put(&key, &bytes).await.map_err(|e| CoreError::Internal(format!("storing a file: {e}")))?;
        let size = bytes.len() as i64;
        // A file whose text takes too long to read (a hostile or broken PDF) is still stored; it
        // is then found by its product only, not by its contents.
        let extraction = tokio::task::spawn_blocking(move || super::extract::extract_text(&bytes));
        let text = match tokio::time::timeout(EXTRACT_TIMEOUT, extraction).await {
            Ok(done) => done.map_err(|e| CoreError::Internal(e.to_string()))?,
            Err(_) => {
                tracing::warn!(product = id, "text extraction took too long; the file is stored without its text");
                String::new()
            }
        };
        let mut tx = self.store.begin().await?;
        // Counted under the product's write, so two uploads at once cannot pass the limit.
        q::touch_product(&mut tx, tenant, id).await?;
        if q::files(&mut tx, tenant, id).await?.len() >= MAX_PRODUCT_FILES {
            drop(tx);
            self.forget_blob(&key).await;
            return Err(refused("file", "knowledge.file.too_many"));
        }
        let file_id = q::insert_file(
            &mut tx,
            tenant,
            id,
            &q::NewProductFile { storage_key: &key, filename: &filename, content_type, size, extracted_text: &text },
        )
        .await?;
        let row = q::file(&mut tx, tenant, id, file_id).await?.ok_or(CoreError::NotFound)?;
        q::outbox_push(&mut tx, tenant, PRODUCT, id).await?;
        commit(tx).await?;
        self.index_now().await;
        Ok(ProductFileView::of(tenant, row))
    }

    /// A file with its bytes, for whoever may read the product.
    pub async fn product_file(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        file_id: i64,
    ) -> Result<(ProductFileView, Vec<u8>)> {
        let mut conn = self.store.conn().await?;
        load_readable(&mut conn, actor, tenant, id).await?;
        let row = q::file(&mut conn, tenant, id, file_id).await?.ok_or(CoreError::NotFound)?;
        drop(conn);
        let bytes = self.storage.get(&row.storage_key).await.map_err(|e| CoreError::Internal(e.to_string()))?;
        let bytes =
            bytes.ok_or_else(|| CoreError::Internal(format!("file {file_id} of product {id}: blob missing")))?;
        Ok((ProductFileView::of(tenant, row), bytes))
    }

    pub async fn delete_product_file(
        &self,
        actor: Option<&Actor>,
        tenant: &Tenant,
        id: i64,
        file_id: i64,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let p = load_readable(&mut tx, actor, tenant, id).await?;
        if !may_edit(&mut tx, actor, tenant, &p).await? {
            return Err(if actor.is_some() { CoreError::Forbidden } else { CoreError::Unauthenticated });
        }
        let row = q::file(&mut tx, tenant, id, file_id).await?.ok_or(CoreError::NotFound)?;
        q::delete_file(&mut tx, tenant, id, file_id).await?;
        q::outbox_push(&mut tx, tenant, PRODUCT, id).await?;
        commit(tx).await?;
        self.forget_blob(&row.storage_key).await;
        self.index_now().await;
        Ok(())
    }

    /// The theme choices of the current agenda, for forms.
    pub async fn current_themes(&self, tenant: &Tenant) -> Result<Vec<Named>> {
        let mut conn = self.store.conn().await?;
        let ids = current_theme_ids(&mut conn, tenant).await.unwrap_or_default();
        let agenda = broedplaats_store::agenda::current(&mut conn, tenant).await?;
        let themes = match agenda {
            Some(a) => broedplaats_store::agenda::themes(&mut conn, tenant, a.id).await?,
            None => vec![],
        };
        Ok(themes.into_iter().filter(|t| ids.contains(&t.id)).map(|t| Named { id: t.id, name: t.title }).collect())
    }
}
