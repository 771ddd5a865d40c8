//! API handlers of knowledge products: one or many at once (as the import sends them), their
//! review status and files.
use crate::AppState;
use crate::api::kit::ListPage;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery, MaybeActor};
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use broedplaats_core::knowledge::{ProductFileView, ProductInput, ProductLine, ProductView};
use broedplaats_domain::{FieldErrorKind, FieldErrors};
use broedplaats_store::Tenant;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type ApiResult<T> = Result<T, ApiError>;

/// A new knowledge product: its id and its page.
#[derive(Serialize, ToSchema)]
pub struct CreatedProduct {
    pub id: i64,
    /// Its page, e.g. `https://…/werkplaatsen/zhz/kennis/12`.
    pub url: String,
}

/// One created product, or a list of them when a list was sent.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum CreatedProducts {
    One(CreatedProduct),
    Many(Vec<CreatedProduct>),
}

/// One knowledge product, or a list of them (all are written, or none).
#[derive(ToSchema)]
#[allow(dead_code)] // documents the request body, which is read as JSON and checked item by item
pub enum ProductImport {
    One(Box<ProductInput>),
    Many(Vec<ProductInput>),
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusInput {
    /// concept, review or published
    pub status: String,
    /// Shown with the product to its editors (e.g. why it went back to concept).
    pub note: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductListParams {
    /// `true`: concepts and products in review the reader may edit or review.
    pub drafts: Option<bool>,
    /// From `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1–100, default 20.
    pub limit: Option<i64>,
}

fn product_url(state: &AppState, tenant: &Tenant, id: i64) -> String {
    format!("{}/werkplaatsen/{}/kennis/{id}", state.core.public_url, tenant.slug)
}

/// Published knowledge products the reader may see, newest change first; with `drafts=true`
/// the concepts and products in review the reader may edit or review.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/knowledge-products", tag = "kennisbank",
    params(("slug" = String, Path), ProductListParams),
    responses((status = 200, body = ListPage<ProductLine>), (status = 404, body = ErrorBody)))]
pub async fn list_products(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(q): ApiQuery<ProductListParams>,
) -> ApiResult<Json<ListPage<ProductLine>>> {
    let tenant = state.core.tenant(&slug).await?;
    let page = state
        .core
        .products(actor.get(), &tenant, q.drafts.unwrap_or(false), q.cursor.as_deref(), q.limit.unwrap_or(20))
        .await?;
    Ok(Json(ListPage { items: page.items, next_cursor: page.next_cursor }))
}

/// Adds one knowledge product, or imports a list of them: every item is checked first and
/// nothing is written when one is wrong (422 with the item's index in each field name, e.g.
/// `[3].title`). Any partner of the werkplaats may add; `status: "published"` only for those
/// who may publish (themaleider, lector, coordinator). Kwesties are linked by label and created
/// when new; themes and organisations by title/name or id.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/knowledge-products", tag = "kennisbank",
    params(("slug" = String, Path)), request_body = ProductImport, security(("bearer" = [])),
    responses((status = 201, body = CreatedProducts), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_products(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> ApiResult<(StatusCode, Json<CreatedProducts>)> {
    let tenant = state.core.tenant(&slug).await?;
    let (inputs, many) = parse_import(body)?;
    let ids = state.core.create_products(actor.get(), &tenant, &inputs).await?;
    let mut created: Vec<CreatedProduct> =
        ids.into_iter().map(|id| CreatedProduct { id, url: product_url(&state, &tenant, id) }).collect();
    let body = match (many, created.pop()) {
        (false, Some(one)) => CreatedProducts::One(one),
        (_, last) => {
            created.extend(last);
            CreatedProducts::Many(created)
        }
    };
    Ok((StatusCode::CREATED, Json(body)))
}

/// An object or an array of objects; a shape error names the item and the problem in Dutch.
pub fn parse_import(body: serde_json::Value) -> ApiResult<(Vec<ProductInput>, bool)> {
    let (items, many) = match body {
        serde_json::Value::Array(items) => (items, true),
        other => (vec![other], false),
    };
    let mut inputs = Vec::with_capacity(items.len());
    // A missing or unknown field is named like any other field error; other shape errors (a
    // number where text belongs) are reported as serde words them.
    let mut fields = FieldErrors::new();
    let mut errors = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let prefix = if many { format!("[{i}].") } else { String::new() };
        match serde_json::from_value::<ProductInput>(item) {
            Ok(input) => inputs.push(input),
            Err(e) => {
                let text = e.to_string();
                let named = |lead: &str| text.strip_prefix(lead).and_then(|r| r.split('`').next()).map(str::to_owned);
                if let Some(field) = named("missing field `") {
                    fields.push(format!("{prefix}{field}"), FieldErrorKind::Required);
                } else if let Some(field) = named("unknown field `") {
                    fields.push(format!("{prefix}{field}"), FieldErrorKind::Invalid);
                } else {
                    errors.push(if many { format!("[{i}]: {text}") } else { text });
                }
            }
        }
    }
    if !errors.is_empty() {
        Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            format!("De JSON heeft niet de verwachte vorm: {}", errors.join("; ")),
        ))
    } else if !fields.is_empty() {
        Err(ApiError::invalid(&fields))
    } else {
        Ok((inputs, many))
    }
}

/// One knowledge product; concepts only for their editors.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/knowledge-products/{id}", tag = "kennisbank",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = ProductView), (status = 404, body = ErrorBody)))]
pub async fn get_product(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<ProductView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.product(actor.get(), &tenant, id).await?))
}

/// Changes a knowledge product (its author, the reviewers). `status` is ignored here: use
/// `/status`.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/knowledge-products/{id}", tag = "kennisbank",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = ProductInput, security(("bearer" = [])),
    responses((status = 200, body = ProductView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn update_product(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<ProductInput>,
) -> ApiResult<Json<ProductView>> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.update_product(actor.get(), &tenant, id, &body).await?;
    Ok(Json(state.core.product(actor.get(), &tenant, id).await?))
}

/// Deletes a knowledge product with its files.
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/knowledge-products/{id}", tag = "kennisbank",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_product(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_product(actor.get(), &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The review workflow: concept → review (editors), review → published or back to concept
/// (themaleider of its group, lector, coordinator), published → concept (unpublish).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/knowledge-products/{id}/status", tag = "kennisbank",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = StatusInput, security(("bearer" = [])),
    responses((status = 200, body = ProductView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn set_status(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<StatusInput>,
) -> ApiResult<Json<ProductView>> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.set_product_status(actor.get(), &tenant, id, &body.status, body.note.as_deref()).await?;
    Ok(Json(state.core.product(actor.get(), &tenant, id).await?))
}

/// Attaches a file (multipart field `file`): PDF, DOCX, ODT, PPTX, ODP, XLSX, PNG or JPEG,
/// judged by content; at most 20 MB and 10 files. Text in the file becomes searchable.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/knowledge-products/{id}/files", tag = "kennisbank",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "One file in the field `file`."),
    responses((status = 201, body = ProductFileView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload_file(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<(StatusCode, Json<ProductFileView>)> {
    let tenant = state.core.tenant(&slug).await?;
    let mut multipart = multipart.map_err(|_| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Stuur het bestand als multipart/form-data.",
        )
    })?;
    let (name, bytes) = match crate::files::read_upload(&mut multipart).await {
        Ok(Some(upload)) => upload,
        Ok(None) => {
            return Err(ApiError::invalid(&FieldErrors::single(crate::files::FILE_FIELD, FieldErrorKind::Required)));
        }
        Err(StatusCode::PAYLOAD_TOO_LARGE) => {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "Dit bestand is te groot: hoogstens 20 MB.",
            ));
        }
        Err(status) => return Err(ApiError::new(status, "invalid_upload", "Het bestand kon niet worden gelezen.")),
    };
    let file = state.core.add_product_file(actor.get(), &tenant, id, &name, bytes.to_vec()).await?;
    Ok((StatusCode::CREATED, Json(file)))
}
