//! The answers to the six verbs, as OAI-PMH 2.0 XML. Protocol errors are answers too (HTTP 200
//! with `<error>`); only a failing database is an error of the use case.
use super::request::{ListArgs, ListFilter, OaiError, OaiRequest, parse, verb_of};
use super::token::Token;
use super::{FORMATS, PAGE_SIZE, host_of, identifier, parse_identifier};
use crate::dissemination::xml::Xml;
use crate::{Core, Result};
use broedplaats_store::Conn;
use broedplaats_store::oai::{self as q, OaiListQuery, OaiRecordRow};

/// The datestamp given as `earliestDatestamp` when there are no records yet.
const EPOCH: &str = "2024-01-01T00:00:00Z";

impl Core {
    /// Answers an OAI-PMH request with these arguments (`None`: they could not be read, e.g. a
    /// malformed query string), as the XML document to send with `text/xml; charset=utf-8`.
    pub async fn oai(&self, params: Option<&[(String, String)]>) -> Result<String> {
        let base_url = format!("{}/oai", self.public_url);
        let answer = match params.map(parse) {
            Some(Ok(request)) => self.answer(&request).await?,
            Some(Err(e)) => Err(e),
            None => Err(OaiError::new("badArgument", "De argumenten van dit verzoek zijn onleesbaar.")),
        };
        let params = params.unwrap_or_default();
        let mut x = Xml::new();
        x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.open(
            "OAI-PMH",
            &[
                ("xmlns", "http://www.openarchives.org/OAI/2.0/"),
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                (
                    "xsi:schemaLocation",
                    "http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd",
                ),
            ],
        );
        x.text("responseDate", &[], &crate::kernel::time::stored(chrono::Utc::now()));
        let echo = match &answer {
            Ok(_) => true,
            Err(e) => e.echoes_arguments(),
        };
        if echo && verb_of(params).is_some() {
            let attrs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            x.text("request", &attrs, &base_url);
        } else {
            x.text("request", &[], &base_url);
        }
        match answer {
            Ok(body) => x.raw(&body),
            Err(e) => x.text("error", &[("code", e.code)], &e.message),
        };
        x.close("OAI-PMH");
        Ok(x.out)
    }

    async fn answer(&self, request: &OaiRequest) -> Result<Result<String, OaiError>> {
        let mut conn = self.store.conn().await?;
        let host = host_of(&self.public_url);
        Ok(match request {
            OaiRequest::Identify => Ok(self.identify(&mut conn).await?),
            OaiRequest::ListSets => list_sets(&mut conn).await?,
            OaiRequest::ListMetadataFormats { identifier } => match identifier {
                Some(id) if find(&mut conn, &host, id).await?.is_none() => Err(no_such_id()),
                _ => Ok(metadata_formats()),
            },
            OaiRequest::GetRecord { identifier, prefix } => {
                if !FORMATS.iter().any(|f| f.prefix == prefix) {
                    Err(cannot_disseminate())
                } else {
                    match find(&mut conn, &host, identifier).await? {
                        None => Err(no_such_id()),
                        Some(row) => {
                            let sets = q::sets_of(&mut conn, &[row.id]).await?;
                            let mut x = Xml::new();
                            x.open("GetRecord", &[]);
                            record(&mut x, &host, &row, &sets, Some(prefix));
                            x.close("GetRecord");
                            Ok(x.out)
                        }
                    }
                }
            }
            OaiRequest::List { headers_only, args } => list(&mut conn, &host, *headers_only, args).await?,
        })
    }

    async fn identify(&self, conn: &mut Conn) -> Result<String> {
        let earliest = q::earliest_datestamp(conn).await?.unwrap_or_else(|| EPOCH.to_owned());
        let email = self.oai.admin_email.clone().unwrap_or_else(|| address_of(&self.mail_from));
        let mut x = Xml::new();
        x.open("Identify", &[]);
        x.text("repositoryName", &[], &self.oai.repository_name);
        x.text("baseURL", &[], &format!("{}/oai", self.public_url));
        x.text("protocolVersion", &[], "2.0");
        x.text("adminEmail", &[], &email);
        x.text("earliestDatestamp", &[], &earliest);
        x.text("deletedRecord", &[], "persistent");
        x.text("granularity", &[], "YYYY-MM-DDThh:mm:ssZ");
        x.close("Identify");
        Ok(x.out)
    }
}

/// The address in `Name <address>` (or the whole value).
fn address_of(from: &str) -> String {
    match (from.find('<'), from.rfind('>')) {
        (Some(a), Some(b)) if a < b => from[a + 1..b].trim().to_owned(),
        _ => from.trim().to_owned(),
    }
}

fn no_such_id() -> OaiError {
    OaiError::new("idDoesNotExist", "Deze identifier bestaat niet in deze repository.")
}

fn cannot_disseminate() -> OaiError {
    OaiError::new("cannotDisseminateFormat", "Dit metadataformaat wordt niet aangeboden; zie ListMetadataFormats.")
}

async fn find(conn: &mut Conn, host: &str, id: &str) -> Result<Option<OaiRecordRow>> {
    let Some((slug, item_type, item_id)) = parse_identifier(host, id) else { return Ok(None) };
    let Some(t) = broedplaats_store::werkplaats::tenant(conn, slug).await? else { return Ok(None) };
    Ok(q::record(conn, &t, item_type, item_id).await?)
}

fn metadata_formats() -> String {
    let mut x = Xml::new();
    x.open("ListMetadataFormats", &[]);
    for f in FORMATS {
        x.open("metadataFormat", &[]);
        x.text("metadataPrefix", &[], f.prefix).text("schema", &[], f.schema).text(
            "metadataNamespace",
            &[],
            f.namespace,
        );
        x.close("metadataFormat");
    }
    x.close("ListMetadataFormats");
    x.out
}

async fn list_sets(conn: &mut Conn) -> Result<Result<String, OaiError>> {
    let sets = q::sets(conn).await?;
    if sets.is_empty() {
        return Ok(Err(OaiError::new("noRecordsMatch", "Er zijn nog geen records, dus ook geen sets.")));
    }
    let mut x = Xml::new();
    x.open("ListSets", &[]);
    for (spec, name) in sets {
        x.open("set", &[]).text("setSpec", &[], &spec).text("setName", &[], &name).close("set");
    }
    x.close("ListSets");
    Ok(Ok(x.out))
}

/// One record (or only its header): a tombstone has `status="deleted"` and no metadata.
fn record(x: &mut Xml, host: &str, row: &OaiRecordRow, sets: &[(i64, String)], prefix: Option<&str>) {
    if prefix.is_some() {
        x.open("record", &[]);
    }
    if row.deleted != 0 {
        x.open("header", &[("status", "deleted")]);
    } else {
        x.open("header", &[]);
    }
    x.text("identifier", &[], &identifier(host, &row.werkplaats, &row.item_type, row.item_id));
    x.text("datestamp", &[], &row.datestamp);
    for (_, spec) in sets.iter().filter(|(id, _)| *id == row.id) {
        x.text("setSpec", &[], spec);
    }
    x.close("header");
    if let Some(prefix) = prefix {
        if row.deleted == 0 {
            x.open("metadata", &[]);
            x.raw(if prefix == "oai_openaire" { &row.oai_openaire } else { &row.oai_dc });
            x.close("metadata");
        }
        x.close("record");
    }
}

async fn list(conn: &mut Conn, host: &str, headers_only: bool, args: &ListArgs) -> Result<Result<String, OaiError>> {
    let (filter, after, cursor, size) = match args {
        ListArgs::Fresh(f) => {
            if !FORMATS.iter().any(|x| x.prefix == f.prefix) {
                return Ok(Err(cannot_disseminate()));
            }
            (f.clone(), None, 0, None)
        }
        ListArgs::Resume(t) => (
            ListFilter { prefix: t.prefix.clone(), set: t.set.clone(), from: t.from.clone(), until: t.until.clone() },
            Some((t.last_datestamp.clone(), t.last_id)),
            t.cursor,
            Some(t.size),
        ),
    };
    let mut query = OaiListQuery {
        set: filter.set.as_deref(),
        from: filter.from.as_deref(),
        until: filter.until.as_deref(),
        after: after.as_ref().map(|(d, i)| (d.as_str(), *i)),
        with_metadata: !headers_only,
        limit: PAGE_SIZE + 1,
    };
    let mut rows = q::list(conn, &query).await?;
    if rows.is_empty() {
        return Ok(Err(OaiError::new("noRecordsMatch", "Geen records voor deze combinatie van argumenten.")));
    }
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let size = match size {
        Some(n) => n,
        None if more => {
            query.after = None;
            q::count(conn, &query).await?
        }
        None => rows.len() as i64,
    };
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let sets = q::sets_of(conn, &ids).await?;
    let verb = if headers_only { "ListIdentifiers" } else { "ListRecords" };
    let mut x = Xml::new();
    x.open(verb, &[]);
    for row in &rows {
        record(&mut x, host, row, &sets, (!headers_only).then_some(filter.prefix.as_str()));
    }
    let (size_text, cursor_text) = (size.to_string(), cursor.to_string());
    let attrs = [("completeListSize", size_text.as_str()), ("cursor", cursor_text.as_str())];
    if more {
        let last = rows.last().map(|r| (r.datestamp.clone(), r.id)).unwrap_or_default();
        let token = Token {
            v: 1,
            headers_only,
            prefix: filter.prefix.clone(),
            set: filter.set.clone(),
            from: filter.from.clone(),
            until: filter.until.clone(),
            last_datestamp: last.0,
            last_id: last.1,
            size,
            cursor: cursor + rows.len() as i64,
        };
        x.text("resumptionToken", &attrs, &token.encode());
    } else if after.is_some() {
        x.empty("resumptionToken", &attrs);
    }
    x.close(verb);
    Ok(Ok(x.out))
}
