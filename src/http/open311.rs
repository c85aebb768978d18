//! Open311 GeoReport v2, read side: `services`, `requests` and `requests/{id}`, in XML (which
//! the spec requires) and JSON. One service, `pothole`; a service request is a graded
//! pothole, its `service_request_id` the report number. Query parameters, defaults (the last
//! 90 days, at most 1000 requests) and the error shape follow the spec
//! (<https://wiki.open311.org/GeoReport_v2>).

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::HttpState;
use crate::domain::public::{PublicReport, PublicStatus, WorkState, w3c};
use crate::store::public::PublicQuery;

/// The one service this endpoint knows.
pub const SERVICE_CODE: &str = "pothole";
const SERVICE_NAME: &str = "Pothole";
/// Longest window `start_date`..`end_date` may span, and the default window.
pub const MAX_SPAN_DAYS: i64 = 90;
/// Most requests one answer holds (and most ids one `service_request_id` list may name).
pub const MAX_REQUESTS: u32 = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json; charset=utf-8",
            Format::Xml => "text/xml; charset=utf-8",
        }
    }
}

/// A request Open311 cannot answer: its HTTP status and the sentence for the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open311Error {
    pub status: StatusCode,
    pub description: String,
}

impl Open311Error {
    fn bad(description: impl Into<String>) -> Open311Error {
        Open311Error {
            status: StatusCode::BAD_REQUEST,
            description: description.into(),
        }
    }

    fn not_found(description: impl Into<String>) -> Open311Error {
        Open311Error {
            status: StatusCode::NOT_FOUND,
            description: description.into(),
        }
    }

    fn internal() -> Open311Error {
        Open311Error {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            description: "the service is not available right now; try again shortly".into(),
        }
    }

    fn into_response(self, format: Format) -> Response {
        (
            self.status,
            [(header::CONTENT_TYPE, format.content_type())],
            self.body(format),
        )
            .into_response()
    }

    /// The spec's error shape: a list of `{code, description}`.
    fn body(&self, format: Format) -> String {
        #[derive(Serialize)]
        struct Error<'a> {
            code: u16,
            description: &'a str,
        }
        #[derive(Serialize)]
        #[serde(rename = "errors")]
        struct Errors<'a> {
            error: Vec<Error<'a>>,
        }
        let error = Error {
            code: self.status.as_u16(),
            description: &self.description,
        };
        match format {
            Format::Json => serde_json::to_string(&[error]).unwrap_or_default(),
            Format::Xml => xml(&Errors { error: vec![error] }),
        }
    }
}

fn xml(value: &impl Serialize) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    if let Err(e) = quick_xml::se::to_writer(&mut out, value) {
        tracing::error!("cannot write Open311 XML: {e}");
    }
    out
}

fn ok(format: Format, body: String) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, format.content_type())],
        body,
    )
        .into_response()
}

#[derive(Serialize)]
struct Service {
    service_code: &'static str,
    service_name: &'static str,
    description: &'static str,
    metadata: bool,
    #[serde(rename = "type")]
    kind: &'static str,
    keywords: &'static str,
    group: &'static str,
}

#[derive(Serialize)]
#[serde(rename = "services")]
struct Services {
    service: Vec<Service>,
}

fn services() -> Services {
    Services {
        service: vec![Service {
            service_code: SERVICE_CODE,
            service_name: SERVICE_NAME,
            description: "A pothole in a road, cycle lane or footway, reported with a photo \
                          and graded minor, moderate or severe.",
            metadata: false,
            kind: "realtime",
            keywords: "pothole, road, hole, carriageway",
            group: "street",
        }],
    }
}

pub(super) async fn services_json() -> Response {
    ok(
        Format::Json,
        serde_json::to_string(&services().service).unwrap_or_default(),
    )
}

pub(super) async fn services_xml() -> Response {
    ok(Format::Xml, xml(&services()))
}

/// One service request as Open311 shows it. Fields the bot does not know (address,
/// zipcode, agency) are left out, as the spec allows.
#[derive(Debug, Serialize)]
pub struct ServiceRequest {
    pub service_request_id: i64,
    pub status: &'static str,
    pub status_notes: String,
    pub service_name: &'static str,
    pub service_code: &'static str,
    pub description: String,
    pub requested_datetime: String,
    pub updated_datetime: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub long: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_url: Option<String>,
}

#[derive(Serialize)]
#[serde(rename = "service_requests")]
struct ServiceRequests {
    request: Vec<ServiceRequest>,
}

fn service_request(r: &PublicReport, photos_base: Option<&str>) -> ServiceRequest {
    ServiceRequest {
        service_request_id: r.id,
        status: r.status().as_str(),
        status_notes: r.status_notes(),
        service_name: SERVICE_NAME,
        service_code: SERVICE_CODE,
        description: r.description(),
        requested_datetime: w3c(r.requested_at),
        updated_datetime: w3c(r.updated_at),
        lat: r.location.map(|p| p.lat()),
        long: r.location.map(|p| p.lon()),
        media_url: photos_base
            .filter(|_| r.photo_is_public())
            .map(|base| format!("{base}/photos/{}.jpg", r.id)),
    }
}

/// A date-time in the w3c profile of ISO 8601, with a time zone (`Z` or `±hh:mm`); seconds
/// may be left out.
pub fn parse_w3c(name: &str, value: &str) -> Result<DateTime<Utc>, Open311Error> {
    let parsed = DateTime::parse_from_rfc3339(value).or_else(|_| {
        let with_seconds = match value.find(['Z', 'z', '+']).or_else(|| value.rfind('-')) {
            Some(at) if at > 10 => format!("{}:00{}", &value[..at], &value[at..]),
            _ => value.to_owned(),
        };
        DateTime::parse_from_rfc3339(&with_seconds)
    });
    parsed.map(|t| t.with_timezone(&Utc)).map_err(|_| {
        Open311Error::bad(format!(
            "{name} must be a w3c date-time with a time zone, like 2026-01-01T00:00:00Z"
        ))
    })
}

/// The public statuses named by a `status` parameter (`open`, `closed`, or a comma list).
pub fn parse_status(value: &str) -> Result<Vec<WorkState>, Open311Error> {
    let mut states = Vec::new();
    for word in value.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let status: PublicStatus = word
            .parse()
            .map_err(|_| Open311Error::bad("status must be open, closed, or open,closed"))?;
        states.extend(status.work_states());
    }
    states.sort_by_key(|w| w.as_str());
    states.dedup();
    Ok(states)
}

/// The query string as (name, value) pairs; empty values count as absent (the spec's
/// "Optional Arguments"), and a repeated name takes its last value.
pub fn params(raw: Option<&str>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        if v.trim().is_empty() {
            continue;
        }
        out.retain(|(name, _)| name != &*k);
        out.push((k.into_owned(), v.trim().to_owned()));
    }
    out
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `start_date`, `end_date` and `status` as a query. With `window`, Open311's rules: at
/// most 90 days, the last 90 days by default. Without, any span and no default (GeoJSON).
pub fn date_and_status(
    params: &[(String, String)],
    now: DateTime<Utc>,
    window: bool,
) -> Result<PublicQuery, Open311Error> {
    let start = param(params, "start_date")
        .map(|v| parse_w3c("start_date", v))
        .transpose()?;
    let end = param(params, "end_date")
        .map(|v| parse_w3c("end_date", v))
        .transpose()?;
    let span = Duration::days(MAX_SPAN_DAYS);
    let (start, end) = match (start, end, window) {
        (None, None, true) => (Some(now - span), Some(now)),
        (Some(s), None, true) => (Some(s), Some(s + span)),
        (None, Some(e), true) => (Some(e - span), Some(e)),
        (s, e, _) => (s, e),
    };
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            return Err(Open311Error::bad("end_date is before start_date"));
        }
        if window && e - s > span {
            return Err(Open311Error::bad(format!(
                "start_date to end_date may span at most {MAX_SPAN_DAYS} days"
            )));
        }
    }
    let states = param(params, "status").map(parse_status).transpose()?;
    Ok(PublicQuery {
        since_unix: start.map(|t| t.timestamp()),
        // Inclusive, to the second: 23:59:59.5 counts as 23:59:59.
        until_unix: end.map(|t| t.timestamp()),
        states,
        ..PublicQuery::default()
    })
}

/// The query a `GET requests` asks for, or `None` when it names another service (an empty
/// answer, not an error).
pub fn requests_query(
    raw: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<PublicQuery>, Open311Error> {
    let params = params(raw);
    if let Some(ids) = param(&params, "service_request_id") {
        // A list of ids overrides every other argument.
        let ids = parse_ids(ids)?;
        return Ok(Some(PublicQuery {
            ids: Some(ids),
            limit: Some(MAX_REQUESTS),
            ..PublicQuery::default()
        }));
    }
    if let Some(codes) = param(&params, "service_code")
        && !codes.split(',').any(|c| c.trim() == SERVICE_CODE)
    {
        return Ok(None);
    }
    let mut query = date_and_status(&params, now, true)?;
    query.limit = Some(MAX_REQUESTS);
    Ok(Some(query))
}

fn parse_ids(list: &str) -> Result<Vec<i64>, Open311Error> {
    let mut ids = Vec::new();
    for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if ids.len() == MAX_REQUESTS as usize {
            return Err(Open311Error::bad(format!(
                "service_request_id may list at most {MAX_REQUESTS} ids"
            )));
        }
        ids.push(parse_id(item)?);
    }
    Ok(ids)
}

fn parse_id(item: &str) -> Result<i64, Open311Error> {
    item.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| Open311Error::bad("service_request_id must be a report number, like 42"))
}

fn photos_base(state: &HttpState) -> Option<String> {
    state
        .settings
        .public_photos
        .then(|| state.settings.public_base_url.clone())
}

async fn requests(state: HttpState, raw: Option<String>, format: Format) -> Response {
    let query = match requests_query(raw.as_deref(), Utc::now()) {
        Ok(q) => q,
        Err(e) => return e.into_response(format),
    };
    let reports = match query {
        None => Vec::new(),
        Some(q) => match state.reader.public_reports(q).await {
            Ok(r) => r,
            Err(e) => {
                tracing::error!("Open311 requests: {e}");
                return Open311Error::internal().into_response(format);
            }
        },
    };
    let base = photos_base(&state);
    let list: Vec<ServiceRequest> = reports
        .iter()
        .map(|r| service_request(r, base.as_deref()))
        .collect();
    render(format, list)
}

fn render(format: Format, list: Vec<ServiceRequest>) -> Response {
    let body = match format {
        Format::Json => serde_json::to_string(&list).unwrap_or_default(),
        Format::Xml => xml(&ServiceRequests { request: list }),
    };
    ok(format, body)
}

pub(super) async fn requests_json(
    State(state): State<HttpState>,
    RawQuery(raw): RawQuery,
) -> Response {
    requests(state, raw, Format::Json).await
}

pub(super) async fn requests_xml(
    State(state): State<HttpState>,
    RawQuery(raw): RawQuery,
) -> Response {
    requests(state, raw, Format::Xml).await
}

/// `requests/{id}.json` or `requests/{id}.xml`.
pub(super) async fn one_request(
    State(state): State<HttpState>,
    Path(file): Path<String>,
) -> Response {
    let (id, format) = match file.rsplit_once('.') {
        Some((id, "json")) => (id, Format::Json),
        Some((id, "xml")) => (id, Format::Xml),
        _ => {
            return Open311Error::not_found("use requests/{id}.json or requests/{id}.xml")
                .into_response(Format::Xml);
        }
    };
    let id = match parse_id(id) {
        Ok(id) => id,
        Err(e) => return e.into_response(format),
    };
    let query = PublicQuery {
        ids: Some(vec![id]),
        limit: Some(1),
        ..PublicQuery::default()
    };
    match state.reader.public_reports(query).await {
        Ok(reports) if reports.is_empty() => {
            Open311Error::not_found(format!("there is no service request {id}"))
                .into_response(format)
        }
        Ok(reports) => {
            let base = photos_base(&state);
            render(
                format,
                reports
                    .iter()
                    .map(|r| service_request(r, base.as_deref()))
                    .collect(),
            )
        }
        Err(e) => {
            tracing::error!("Open311 request {id}: {e}");
            Open311Error::internal().into_response(format)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{GeoPoint, Severity};

    fn now() -> DateTime<Utc> {
        "2026-06-01T12:00:00Z".parse().unwrap()
    }

    fn report() -> PublicReport {
        PublicReport {
            id: 638344,
            severity: Severity::Severe,
            work_state: WorkState::Duplicate,
            duplicate_of: None,
            location: GeoPoint::parse(37.762221815, -122.4651145),
            reason: Some("Deep hole across the lane".into()),
            requested_at: "2010-04-14T14:37:38Z".parse().unwrap(),
            updated_at: "2010-04-14T14:37:38Z".parse().unwrap(),
        }
    }

    /// The spec's example request, field by field, in the spec's order.
    #[test]
    fn a_request_has_the_fields_of_the_specs_example_in_json() {
        let r = service_request(&report(), Some("https://city.example"));
        let json = serde_json::to_value([&r]).unwrap();
        let obj = json[0].as_object().unwrap();
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        let mut expected = vec![
            "service_request_id",
            "status",
            "status_notes",
            "service_name",
            "service_code",
            "description",
            "requested_datetime",
            "updated_datetime",
            "lat",
            "long",
            "media_url",
        ];
        let mut sorted = keys.clone();
        sorted.sort();
        expected.sort();
        assert_eq!(sorted, expected);
        assert_eq!(obj["service_request_id"], 638344);
        assert_eq!(obj["status"], "closed");
        assert_eq!(obj["status_notes"], "Duplicate request.");
        assert_eq!(obj["service_code"], "pothole");
        assert_eq!(obj["service_name"], "Pothole");
        assert_eq!(obj["requested_datetime"], "2010-04-14T14:37:38Z");
        assert_eq!(obj["updated_datetime"], "2010-04-14T14:37:38Z");
        assert_eq!(obj["lat"], 37.762221815);
        assert_eq!(obj["long"], -122.4651145);
        assert_eq!(obj["media_url"], "https://city.example/photos/638344.jpg");
        assert_eq!(
            obj["description"],
            "severe pothole: Deep hole across the lane"
        );
    }

    #[test]
    fn a_request_in_xml_is_wrapped_like_the_specs_example() {
        let r = service_request(&report(), None);
        let body = xml(&ServiceRequests { request: vec![r] });
        assert!(body.starts_with(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_requests><request>"
        ));
        for part in [
            "<service_request_id>638344</service_request_id>",
            "<status>closed</status>",
            "<status_notes>Duplicate request.</status_notes>",
            "<service_name>Pothole</service_name>",
            "<service_code>pothole</service_code>",
            "<requested_datetime>2010-04-14T14:37:38Z</requested_datetime>",
            "<updated_datetime>2010-04-14T14:37:38Z</updated_datetime>",
            "<lat>37.762221815</lat>",
            "<long>-122.4651145</long>",
        ] {
            assert!(body.contains(part), "{part} in {body}");
        }
        assert!(!body.contains("media_url"), "no photos unless public");
        assert!(body.ends_with("</request></service_requests>"), "{body}");
    }

    #[test]
    fn the_service_list_matches_the_specs_fields() {
        let body = xml(&services());
        for part in [
            "<services><service><service_code>pothole</service_code>",
            "<service_name>Pothole</service_name>",
            "<metadata>false</metadata>",
            "<type>realtime</type>",
            "<group>street</group>",
        ] {
            assert!(body.contains(part), "{part} in {body}");
        }
        let json = serde_json::to_value(services().service).unwrap();
        assert_eq!(json[0]["service_code"], "pothole");
        assert_eq!(json[0]["metadata"], false);
        assert_eq!(json[0]["type"], "realtime");
    }

    #[test]
    fn errors_have_the_specs_shape() {
        let e = Open311Error::bad("status must be open, closed, or open,closed");
        assert_eq!(
            e.body(Format::Xml),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<errors><error><code>400</code>\
             <description>status must be open, closed, or open,closed</description></error></errors>"
        );
        assert_eq!(
            e.body(Format::Json),
            r#"[{"code":400,"description":"status must be open, closed, or open,closed"}]"#
        );
        assert_eq!(
            e.into_response(Format::Json).status(),
            StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn the_default_window_is_the_last_90_days() {
        let q = requests_query(None, now()).unwrap().unwrap();
        assert_eq!(q.until_unix, Some(now().timestamp()));
        assert_eq!(q.since_unix, Some((now() - Duration::days(90)).timestamp()));
        assert_eq!(q.limit, Some(1000));
        assert_eq!(q.states, None);
    }

    #[test]
    fn dates_need_a_time_zone_and_may_leave_out_seconds() {
        assert!(parse_w3c("start_date", "2026-01-01T00:00:00Z").is_ok());
        assert!(parse_w3c("start_date", "2026-01-01T00:00:00.5+02:00").is_ok());
        assert_eq!(
            parse_w3c("start_date", "2026-01-01T10:00-05:00").unwrap(),
            "2026-01-01T15:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        for bad in [
            "2026-01-01",
            "2026-01-01T00:00:00",
            "yesterday",
            "2026-13-01T00:00:00Z",
            "",
        ] {
            let e = parse_w3c("start_date", bad).unwrap_err();
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{bad}");
            assert!(e.description.contains("start_date"));
        }
    }

    #[test]
    fn a_span_over_90_days_or_backwards_is_refused() {
        let q = |s: &str| requests_query(Some(s), now());
        assert!(q("start_date=2026-01-01T00:00:00Z&end_date=2026-03-31T00:00:00Z").is_ok());
        let e = q("start_date=2025-01-01T00:00:00Z&end_date=2026-01-01T00:00:00Z").unwrap_err();
        assert!(e.description.contains("90 days"), "{e:?}");
        let e = q("start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z").unwrap_err();
        assert!(e.description.contains("before"), "{e:?}");
        // One end alone: a 90-day window from it.
        let only_start = q("start_date=2025-01-01T00:00:00Z").unwrap().unwrap();
        assert_eq!(
            only_start.until_unix.unwrap() - only_start.since_unix.unwrap(),
            90 * 86_400
        );
    }

    #[test]
    fn status_is_open_closed_or_both() {
        assert_eq!(parse_status("open").unwrap().len(), 3);
        assert_eq!(parse_status("closed").unwrap().len(), 3);
        assert_eq!(parse_status("open,closed").unwrap().len(), 6);
        assert_eq!(
            parse_status("foo").unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn an_id_list_overrides_the_rest_and_is_bounded() {
        let q = requests_query(Some("service_request_id=3,1,2&status=closed"), now())
            .unwrap()
            .unwrap();
        assert_eq!(q.ids, Some(vec![3, 1, 2]));
        assert_eq!(q.states, None);
        assert_eq!(q.since_unix, None);
        let list: Vec<String> = (1..=10_000).map(|i| i.to_string()).collect();
        let e = requests_query(
            Some(&format!("service_request_id={}", list.join(","))),
            now(),
        )
        .unwrap_err();
        assert!(e.description.contains("at most 1000"), "{e:?}");
        let e = requests_query(Some("service_request_id=abc"), now()).unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn another_service_code_gives_an_empty_answer_and_empty_values_count_as_absent() {
        assert_eq!(
            requests_query(Some("service_code=graffiti"), now()).unwrap(),
            None
        );
        assert!(
            requests_query(Some("service_code=graffiti,pothole"), now())
                .unwrap()
                .is_some()
        );
        assert_eq!(
            requests_query(Some("status=&start_date="), now()).unwrap(),
            requests_query(None, now()).unwrap()
        );
    }
}
