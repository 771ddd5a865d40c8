//! API handlers for knowledge sharing: activities and recurring series, registration with a
//! waiting list, attendance, reports, and the iCalendar feeds (the werkplaats feed, one activity,
//! and a member's personal feed behind a secret URL).
use crate::AppState;
use crate::api::kit::{ListPage, given, query};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, MaybeActor};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use broedplaats_core::activities::{
    ActivityInput, ActivityView, AttendanceInput, FileView, ListQuery, RegistrationInput, RegistrationView,
    ReportInput, ReportView, Scope,
};
use broedplaats_core::kernel::time::parse_moment;
use broedplaats_domain::{ActivityKind, FieldErrorKind, FieldErrors};
use broedplaats_store::Tenant;
use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type ApiResult<T> = Result<T, ApiError>;

// ---- shapes --------------------------------------------------------------------------------------

/// A new activity: its id and its page.
#[derive(Serialize, ToSchema)]
pub struct CreatedActivity {
    /// The activity (for a series: its first occurrence).
    pub id: i64,
    /// The activity's page, e.g. `https://…/werkplaatsen/zhz/activiteiten/12`.
    pub url: String,
}

/// Where a registration stands, and the link that cancels it.
#[derive(Serialize, ToSchema)]
pub struct RegistrationOut {
    /// registered or waitlisted
    pub status: String,
    /// The page on which the registrant cancels; keep it secret. Only when you registered yourself
    /// while signed in; otherwise it is in the confirmation email alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_url: Option<String>,
}

/// Every registration of an activity: registered first, then the waiting list in its order, then
/// the cancelled ones.
#[derive(Serialize, ToSchema)]
pub struct RegistrationList {
    pub items: Vec<RegistrationView>,
}

/// Cancels an activity.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelInput {
    /// Told to everyone registered.
    pub reason: Option<String>,
    /// occurrence (default) or series: this and every later occurrence of its series.
    pub scope: Option<Scope>,
}

/// A member's personal calendar feed.
#[derive(Serialize, ToSchema)]
pub struct CalendarFeedOut {
    /// Secret: whoever has it sees which activities the member registered for. Making a new one
    /// stops the old one.
    pub url: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityListParams {
    /// Starts at or after: RFC 3339, or a date `YYYY-MM-DD` (from midnight, Europe/Amsterdam).
    pub from: Option<String>,
    /// Starts before: RFC 3339, or a date `YYYY-MM-DD` (up to and including that day, Europe/Amsterdam).
    pub to: Option<String>,
    /// Only this kind, e.g. `kenniscafe`.
    pub kind: Option<String>,
    /// Only activities on this agenda theme (its id).
    #[param(value_type = Option<i64>)]
    pub theme: Option<String>,
    /// `asc` (soonest first, the default) or `desc` (latest first).
    pub order: Option<String>,
    /// Opaque cursor from `next_cursor`.
    pub cursor: Option<String>,
    /// Page size, 1-200 (default 50).
    #[param(value_type = Option<i64>)]
    pub limit: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScopeParams {
    /// `occurrence` (default): this activity only; `series`: every occurrence of its series that
    /// was not edited on its own (past occurrences keep their times).
    pub scope: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormatParams {
    /// `csv` for a spreadsheet (also chosen by `Accept: text/csv`).
    pub format: Option<String>,
}

// ---- parsing -------------------------------------------------------------------------------------

/// A bound of a date range: RFC 3339, or a day in Europe/Amsterdam (its start, or with `end_of_day`
/// the midnight after it, so `to=2026-12-31` includes New Year's Eve).
fn bound(raw: &str, end_of_day: bool) -> Result<DateTime<Utc>, FieldErrorKind> {
    let refused = FieldErrorKind::Refused { key: "activity.error.date" };
    if let Ok(day) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        let day = if end_of_day { day.succ_opt().ok_or_else(|| refused.clone())? } else { day };
        // Midnight exists every day in Amsterdam (the clocks change at 02:00 and 03:00).
        return parse_moment(&format!("{}T00:00", day.format("%Y-%m-%d"))).map_err(|_| refused);
    }
    DateTime::parse_from_rfc3339(raw).map(|t| t.with_timezone(&Utc)).map_err(|_| refused)
}

impl ActivityListParams {
    fn parse(&self) -> ApiResult<ListQuery> {
        let mut e = FieldErrors::new();
        let from = given(&self.from).and_then(|v| e.take("from", bound(v, false)));
        let to = given(&self.to).and_then(|v| e.take("to", bound(v, true)));
        let kind = given(&self.kind).and_then(|v| e.take("kind", ActivityKind::parse(v))).map(|k| k.code().into());
        let theme_id = given(&self.theme).and_then(|v| e.take("theme", v.parse().map_err(|_| FieldErrorKind::Invalid)));
        let descending = match given(&self.order) {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(_) => {
                e.push("order", FieldErrorKind::UnknownValue { allowed: vec!["asc", "desc"] });
                false
            }
        };
        let limit = given(&self.limit).and_then(|v| e.take("limit", v.parse().map_err(|_| FieldErrorKind::Invalid)));
        if !e.is_empty() {
            return Err(ApiError::invalid(&e));
        }
        Ok(ListQuery {
            from,
            to,
            kind,
            theme_id,
            descending,
            cursor: given(&self.cursor).map(str::to_owned),
            limit: limit.unwrap_or(50),
        })
    }
}

impl ScopeParams {
    fn parse(&self) -> ApiResult<Scope> {
        match given(&self.scope) {
            None | Some("occurrence") => Ok(Scope::Occurrence),
            Some("series") => Ok(Scope::Series),
            Some(_) => Err(ApiError::invalid(&FieldErrors::single(
                "scope",
                FieldErrorKind::UnknownValue { allowed: vec!["occurrence", "series"] },
            ))),
        }
    }
}

/// An optional JSON body: empty, `null` or `{}` is `None` (a signed-in member registering with their
/// account, a cancellation without reason); anything else must be JSON of the right shape.
fn optional_json<T: DeserializeOwned>(headers: &HeaderMap, body: &Bytes) -> ApiResult<Option<T>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json")));
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Stuur de inhoud als JSON met de header Content-Type: application/json.",
        ));
    }
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", format!("De JSON kon niet worden gelezen: {e}"))
    })?;
    if value.is_null() || value.as_object().is_some_and(serde_json::Map::is_empty) {
        return Ok(None);
    }
    serde_json::from_value(value).map(Some).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            format!("De JSON heeft niet de verwachte vorm: {e}"),
        )
    })
}

/// The id in a path segment such as `12` or `12.ics`; anything else is not found.
fn id_of(segment: &str) -> ApiResult<i64> {
    segment.parse().map_err(|_| ApiError::not_found())
}

// ---- responses -----------------------------------------------------------------------------------

/// The page of an activity (the HTML pages live under the Dutch path).
fn activity_url(state: &AppState, tenant: &Tenant, id: i64) -> String {
    format!("{}/werkplaatsen/{}/activiteiten/{id}", state.core.public_url.trim_end_matches('/'), tenant.slug)
}

fn calendar_response(ics: String, disposition: Option<String>, private: bool) -> Response {
    let mut res = ([(header::CONTENT_TYPE, "text/calendar; charset=utf-8")], ics).into_response();
    if let Some(v) = disposition.and_then(|d| HeaderValue::from_str(&d).ok()) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    if private {
        // The URL is the secret; no shared cache should keep what it shows.
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
    res
}

fn wants_csv(format: Option<&str>, headers: &HeaderMap) -> bool {
    format.is_some_and(|f| f.eq_ignore_ascii_case("csv"))
        || headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/csv"))
}

// ---- activities ----------------------------------------------------------------------------------

/// Activities the reader may see, soonest first (public; members also see members-only ones).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/activities", tag = "activiteiten",
    params(("slug" = String, Path), ActivityListParams),
    responses((status = 200, body = ListPage<ActivityView>), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn list_activities(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    q: Result<Query<ActivityListParams>, QueryRejection>,
) -> ApiResult<Json<ListPage<ActivityView>>> {
    let q = query(q)?.parse()?;
    let tenant = state.core.tenant(&slug).await?;
    let page = state.core.activities(actor.get(), &tenant, &q).await?;
    Ok(Json(ListPage { items: page.items, next_cursor: page.next_cursor }))
}

/// Plans an activity, or with `recurrence` a series (coordinator, lectoren, docent-onderzoekers,
/// themaleiders, projectondersteuning).
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/activities", tag = "activiteiten",
    params(("slug" = String, Path)), request_body = ActivityInput, security(("bearer" = [])),
    responses((status = 201, body = CreatedActivity), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_activity(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<ActivityInput>,
) -> ApiResult<(StatusCode, Json<CreatedActivity>)> {
    let tenant = state.core.tenant(&slug).await?;
    let id = state.core.create_activity(actor.get(), &tenant, &body).await?;
    Ok((StatusCode::CREATED, Json(CreatedActivity { id, url: activity_url(&state, &tenant, id) })))
}

/// `GET /activities/{id}` and `GET /activities/{id}.ics` share one route: a path segment cannot
/// hold a parameter and a suffix.
pub async fn get_activity_or_ics(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, file)): ApiPath<(String, String)>,
) -> ApiResult<Response> {
    match file.strip_suffix(".ics") {
        Some(id) => activity_ics(&state, &actor, &slug, id_of(id)?).await,
        None => Ok(get_activity(&state, &actor, &slug, id_of(&file)?).await?.into_response()),
    }
}

/// One activity.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/activities/{id}", tag = "activiteiten",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = ActivityView), (status = 404, body = ErrorBody)))]
pub async fn get_activity(state: &AppState, actor: &MaybeActor, slug: &str, id: i64) -> ApiResult<Json<ActivityView>> {
    let tenant = state.core.tenant(slug).await?;
    Ok(Json(state.core.activity(actor.get(), &tenant, id).await?))
}

/// One activity as iCalendar (RFC 5545), to add to a calendar.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/activities/{id}.ics", tag = "activiteiten",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = ErrorBody)))]
pub async fn activity_ics(state: &AppState, actor: &MaybeActor, slug: &str, id: i64) -> ApiResult<Response> {
    let tenant = state.core.tenant(slug).await?;
    let ics = state.core.activity_ics(actor.get(), &tenant, id).await?;
    Ok(calendar_response(ics, Some(format!("attachment; filename=\"activiteit-{id}.ics\"")), false))
}

/// Changes an activity, or with `scope=series` its whole series (its organisers).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/activities/{id}", tag = "activiteiten",
    params(("slug" = String, Path), ("id" = i64, Path), ScopeParams), request_body = ActivityInput,
    security(("bearer" = [])),
    responses((status = 200, body = ActivityView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_activity(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    q: Result<Query<ScopeParams>, QueryRejection>,
    ApiJson(body): ApiJson<ActivityInput>,
) -> ApiResult<Json<ActivityView>> {
    let scope = query(q)?.parse()?;
    let tenant = state.core.tenant(&slug).await?;
    state.core.update_activity(actor.get(), &tenant, id, &body, scope).await?;
    Ok(Json(state.core.activity(actor.get(), &tenant, id).await?))
}

/// Cancels an activity (or it and the rest of its series); everyone registered gets an email.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/activities/{id}/cancel", tag = "activiteiten",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = Option<CancelInput>, security(("bearer" = [])),
    responses((status = 200, body = ActivityView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn cancel_activity(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<ActivityView>> {
    let input: CancelInput = optional_json(&headers, &body)?.unwrap_or_default();
    let tenant = state.core.tenant(&slug).await?;
    let scope = input.scope.unwrap_or_default();
    state.core.cancel_activity(actor.get(), &tenant, id, input.reason.as_deref(), scope).await?;
    Ok(Json(state.core.activity(actor.get(), &tenant, id).await?))
}

// ---- registrations -------------------------------------------------------------------------------

/// Registers for an activity: with name and email (no account needed for public activities), or
/// signed in with an empty body (`{}`) to register with one's account. A full activity puts
/// people on the waiting list. The cancel link is answered only to a signed-in person registering
/// themselves (registering again then answers 200 with the same link); whoever registers an email
/// address gets `201` and the link by email, also when the address was registered already (the
/// confirmation is sent again, at most once an hour), so the answer never tells whether it was.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/activities/{id}/registrations", tag = "activiteiten",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body(content = Option<RegistrationInput>,
        description = "Leeg (of `{}`) als u ingelogd bent: dan meldt u zich aan met uw account."),
    responses((status = 201, body = RegistrationOut), (status = 200, description = "You were registered already (signed in)", body = RegistrationOut),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<RegistrationOut>)> {
    let input: Option<RegistrationInput> = optional_json(&headers, &body)?;
    let tenant = state.core.tenant(&slug).await?;
    let r = state.core.register(actor.get(), &tenant, id, input.as_ref()).await?;
    let cancel_url = r.cancel_token.map(|t| format!("{}/afmelden/{t}", activity_url(&state, &tenant, id)));
    let status = if r.created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(RegistrationOut { status: r.status.code().into(), cancel_url })))
}

/// The registrations (its organisers); `?format=csv` or `Accept: text/csv` for a spreadsheet.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/activities/{id}/registrations", tag = "activiteiten",
    params(("slug" = String, Path), ("id" = i64, Path), FormatParams), security(("bearer" = [])),
    responses((status = 200, content((RegistrationList = "application/json"), (String = "text/csv"))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_registrations(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    q: Result<Query<FormatParams>, QueryRejection>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let format = query(q)?.format;
    let tenant = state.core.tenant(&slug).await?;
    if wants_csv(format.as_deref(), &headers) {
        let csv = state.core.registrations_csv(actor.get(), &tenant, id).await?;
        let disposition = format!("attachment; filename=\"aanmeldingen-{id}.csv\"");
        return Ok((
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
            csv,
        )
            .into_response());
    }
    let items = state.core.registrations(actor.get(), &tenant, id).await?;
    Ok(Json(RegistrationList { items }).into_response())
}

/// Cancels a registration with the secret token from its cancel link; the first on the waiting
/// list moves up. An unknown token changes nothing.
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/activities/{id}/registrations/{token}", tag = "activiteiten",
    params(("slug" = String, Path), ("id" = i64, Path), ("token" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn cancel_registration(
    State(state): State<AppState>,
    ApiPath((slug, id, token)): ApiPath<(String, i64, String)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.cancel_registration(&tenant, Some(id), &token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records who attended, a head count, and the organisations present (its organisers).
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/activities/{id}/attendance", tag = "activiteiten",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = AttendanceInput, security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_attendance(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<AttendanceInput>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.set_attendance(actor.get(), &tenant, id, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- reports -------------------------------------------------------------------------------------

/// The report of an activity: minutes, decisions, action points and knowledge products (whoever
/// may see the activity); 404 while there is none.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/activities/{id}/report", tag = "activiteiten",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = ReportView), (status = 404, body = ErrorBody)))]
pub async fn get_report(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<ReportView>> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.report(actor.get(), &tenant, id).await?.map(Json).ok_or_else(ApiError::not_found)
}

/// Writes the report (its organisers); replaces decisions, action points and products.
#[utoipa::path(put, path = "/api/v1/werkplaatsen/{slug}/activities/{id}/report", tag = "activiteiten",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = ReportInput, security(("bearer" = [])),
    responses((status = 200, body = ReportView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_report(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<ReportInput>,
) -> ApiResult<Json<ReportView>> {
    let tenant = state.core.tenant(&slug).await?;
    Ok(Json(state.core.save_report(actor.get(), &tenant, id, &body).await?))
}

/// A file to attach to a report: multipart/form-data with the file in the field `file`.
#[derive(ToSchema)]
#[allow(dead_code)] // describes the request body in the OpenAPI document only
pub struct FileUpload {
    /// PDF, PNG, JPEG, DOCX, PPTX, XLSX, ODT or ODP (recognised by content), at most 20 MB.
    #[schema(value_type = String, format = Binary, content_media_type = "application/octet-stream")]
    pub file: Vec<u8>,
}

/// The bytes of a file, sent with the content type detected when it was uploaded (e.g.
/// `application/pdf`) and `Content-Disposition: attachment`.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)] // describes the response body in the OpenAPI document only
pub struct FileBytes(Vec<u8>);

/// Attaches a file to the report (its organisers). The type is recognised by the content, not by
/// the name; at most 20 MB per file and 10 files per report.
#[utoipa::path(post, path = "/api/v1/werkplaatsen/{slug}/activities/{id}/report/files", tag = "activiteiten",
    params(("slug" = String, Path), ("id" = i64, Path)),
    request_body(content = FileUpload, content_type = "multipart/form-data"), security(("bearer" = [])),
    responses((status = 201, body = FileView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_report_file(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> ApiResult<(StatusCode, Json<FileView>)> {
    let tenant = state.core.tenant(&slug).await?;
    // Refuse before reading a possibly large body.
    state.core.require_organiser(actor.get(), &tenant, id).await?;
    let refused = |key| ApiError::invalid(&FieldErrors::single("file", FieldErrorKind::Refused { key }));
    let Ok(mut multipart) = multipart else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "Stuur multipart/form-data met het veld file.",
        ));
    };
    let (name, data) = match crate::files::read_upload(&mut multipart).await {
        Ok(Some(file)) => file,
        Ok(None) => return Err(ApiError::invalid(&FieldErrors::single("file", FieldErrorKind::Required))),
        Err(StatusCode::PAYLOAD_TOO_LARGE) => {
            let mut e = refused("activity.file.too_large");
            e.status = StatusCode::PAYLOAD_TOO_LARGE;
            return Err(e);
        }
        Err(_) => {
            let mut e = refused("activity.file.unreadable");
            e.status = StatusCode::BAD_REQUEST;
            return Err(e);
        }
    };
    let file = state.core.add_report_file(actor.get(), &tenant, id, &name, &data).await?;
    Ok((StatusCode::CREATED, Json(file)))
}

/// One file of the report, as a download with its content type (whoever may see the activity).
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/activities/{id}/report/files/{file_id}", tag = "activiteiten",
    params(("slug" = String, Path), ("id" = i64, Path), ("file_id" = i64, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = FileBytes), (status = 404, body = ErrorBody)))]
pub async fn get_report_file(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, file_id)): ApiPath<(String, i64, i64)>,
) -> ApiResult<Response> {
    let tenant = state.core.tenant(&slug).await?;
    let (file, bytes) = state.core.report_file(actor.get(), &tenant, id, file_id).await?;
    Ok(crate::files::download(&file, bytes))
}

/// Removes a file from the report (its organisers).
#[utoipa::path(delete, path = "/api/v1/werkplaatsen/{slug}/activities/{id}/report/files/{file_id}", tag = "activiteiten",
    params(("slug" = String, Path), ("id" = i64, Path), ("file_id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn delete_report_file(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath((slug, id, file_id)): ApiPath<(String, i64, i64)>,
) -> ApiResult<StatusCode> {
    let tenant = state.core.tenant(&slug).await?;
    state.core.delete_report_file(actor.get(), &tenant, id, file_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- calendar feeds ------------------------------------------------------------------------------

/// The werkplaats calendar as iCalendar (RFC 5545, Europe/Amsterdam with VTIMEZONE): public
/// activities from a year back on, series as recurring events.
#[utoipa::path(get, path = "/api/v1/werkplaatsen/{slug}/activities.ics", tag = "activiteiten",
    params(("slug" = String, Path)),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = ErrorBody)))]
pub async fn werkplaats_calendar(
    State(state): State<AppState>,
    actor: MaybeActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Response> {
    let tenant = state.core.tenant(&slug).await?;
    let ics = state.core.calendar(actor.get(), &tenant).await?;
    Ok(calendar_response(ics, None, actor.get().is_some()))
}

/// Makes the secret URL of one's personal calendar feed (the activities one registered for, in
/// every werkplaats); an earlier URL stops working.
#[utoipa::path(post, path = "/api/v1/me/calendar-token", tag = "account", security(("bearer" = [])),
    responses((status = 201, body = CalendarFeedOut), (status = 401, body = ErrorBody)))]
pub async fn new_calendar_token(
    State(state): State<AppState>,
    actor: MaybeActor,
) -> ApiResult<(StatusCode, Json<CalendarFeedOut>)> {
    let token = state.core.new_calendar_token(actor.get()).await?;
    let url = format!("{}/api/v1/calendar/{token}.ics", state.core.public_url.trim_end_matches('/'));
    Ok((StatusCode::CREATED, Json(CalendarFeedOut { url })))
}

/// A personal calendar feed, by its secret URL (no sign-in: calendar programs cannot).
#[utoipa::path(get, path = "/api/v1/calendar/{token}.ics", tag = "account",
    params(("token" = String, Path)),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = ErrorBody)))]
pub async fn personal_calendar(State(state): State<AppState>, ApiPath(file): ApiPath<String>) -> ApiResult<Response> {
    let token = file.strip_suffix(".ics").ok_or_else(ApiError::not_found)?;
    let ics = state.core.personal_calendar(token).await?;
    Ok(calendar_response(ics, None, true))
}
