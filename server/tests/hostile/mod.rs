//! The request fuzzer: a register with demo data served by `dsr serve`, callers of every
//! role, and generated, mutated and hostile requests to every server function, form, page
//! and the feed. Run by `hostile_input.rs` with a short budget and by `scripts/bench.sh
//! fuzz` with a long one (`DSR_FUZZ_REQUESTS`).

pub mod html;
pub mod payloads;
pub mod signatures;

use crate::support::{instance, staff};
use app::{
    models::{Role, Sector},
    store::{
        agencies,
        links::{self, LinkTarget},
        people, sessions, timestamp_now, Db,
    },
};
use rand::{seq::SliceRandom, Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use reqwest::{header::HeaderMap, Method};
use signatures::{Signature, Type};
use std::{
    collections::{BTreeMap, BTreeSet},
    fmt,
    sync::{Arc, Mutex},
    time::Duration,
};

/// The request body limit the router sets.
const LIMIT: usize = server::router::MAX_BODY_BYTES;

/// How long one request may take before it counts as no answer.
const ANSWER_WITHIN: Duration = Duration::from_secs(60);

/// Who calls.
#[derive(Clone, Debug)]
pub struct Caller {
    pub name: &'static str,
    /// Their role and agency; `None` for someone not signed in.
    pub role: Option<(Role, Option<String>)>,
    /// Their account.
    pub account: Option<String>,
    /// Their session's `Cookie` header.
    pub cookie: Option<String>,
}

/// One request as sent: printed when it fails, kept to be replayed.
#[derive(Clone)]
pub struct Sent {
    pub method: Method,
    pub path: String,
    pub caller: usize,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
    /// Sent in chunks, with no length given first.
    pub chunked: bool,
}

impl Sent {
    pub fn post(path: impl Into<String>, caller: usize, body: Vec<u8>, content_type: &str) -> Sent {
        let path = path.into();
        let mut headers = vec![("content-type".to_owned(), content_type.as_bytes().to_vec())];
        if path.starts_with("/api/") {
            headers.push(("accept".into(), b"application/json".to_vec()));
        }
        Sent {
            method: Method::POST,
            path,
            caller,
            headers,
            body,
            chunked: false,
        }
    }

    pub fn get(path: impl Into<String>, caller: usize) -> Sent {
        Sent {
            method: Method::GET,
            path: path.into(),
            caller,
            headers: Vec::new(),
            body: Vec::new(),
            chunked: false,
        }
    }

    /// Whether the body is larger than the server accepts.
    fn oversize(&self) -> bool {
        self.body.len() > LIMIT
    }
}

impl fmt::Display for Sent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} {} (caller {}{})",
            self.method,
            self.path,
            self.caller,
            if self.chunked { ", chunked" } else { "" }
        )?;
        for (name, value) in &self.headers {
            writeln!(
                f,
                "{name}: {}",
                String::from_utf8_lossy(value).escape_debug()
            )?;
        }
        let shown = &self.body[..self.body.len().min(1500)];
        write!(
            f,
            "body ({} bytes): {}",
            self.body.len(),
            shown.escape_ascii()
        )
    }
}

/// What the fuzzer saw.
#[derive(Default)]
pub struct Tally {
    pub sent: u64,
    pub statuses: BTreeMap<u16, u64>,
    /// 503 answers with `Retry-After`: the server said it was busy.
    pub busy: u64,
    /// Oversized bodies whose connection was closed before an answer was read.
    pub cut_off: u64,
    pub failures: Vec<String>,
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let statuses: Vec<String> = self
            .statuses
            .iter()
            .map(|(s, n)| format!("{s}: {n}"))
            .collect();
        write!(
            f,
            "{} requests; statuses {{{}}}; busy (503 with Retry-After) {}; oversized bodies cut off {}; failures {}",
            self.sent,
            statuses.join(", "),
            self.busy,
            self.cut_off,
            self.failures.len()
        )
    }
}

/// A register being fuzzed.
pub struct World {
    pub base: String,
    pub db: Db,
    pub instance: instance::Instance,
    pub log: std::path::PathBuf,
    pub callers: Vec<Caller>,
    /// The people the linked agency supports.
    pub linked_people: Vec<String>,
    http: reqwest::Client,
    /// Every registered server function's arguments.
    pub signatures: BTreeMap<String, Signature>,
    /// The router's plain form routes.
    pub plain_posts: Vec<String>,
    /// Forms found on the pages, with the page and the caller that saw them.
    pub forms: Vec<(String, usize, html::Form)>,
    /// Pages found, with the caller that found them.
    pub pages: Vec<(String, usize)>,
    /// Values seen in forms and links, by field name.
    pub values: BTreeMap<String, BTreeSet<String>>,
}

/// The roles the fuzzer signs in as: everyone the access matrix knows.
const ROLES: &[(&str, Option<Role>)] = &[
    ("anonymous", None),
    ("admin", Some(Role::Admin)),
    ("coordinator", Some(Role::Coordinator)),
    ("nurse (linked professional)", Some(Role::Professional)),
    ("teacher (professional)", Some(Role::Professional)),
    ("commissioner", Some(Role::Commissioner)),
];

/// The coordinator's place in [`World::callers`].
pub const COORDINATOR: usize = 2;
/// The linked professional's.
pub const LINKED: usize = 3;

impl World {
    /// Seeds `db` with demo data (as `dsr seed-demo --people 40 --seed 7` does), makes
    /// an account of every role, and starts `dsr serve` on it with its log in `log`.
    pub async fn start(db: &Db, url: &str, log: std::path::PathBuf) -> World {
        let today = app::models::uk_today(chrono::Utc::now());
        server::demo::seed(db, 40, 7, today, &Default::default())
            .await
            .unwrap();
        let at = timestamp_now();
        let health = agencies::create(db, "Northshire Community LD Nursing", Sector::Health, at)
            .await
            .unwrap()
            .unwrap()
            .id;
        let school = agencies::create(db, "Oakfield School", Sector::Education, at)
            .await
            .unwrap()
            .unwrap()
            .id;
        let linked_people: Vec<String> = people::first_by_name(db, 6)
            .await
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        let mut tx = db.begin().await.unwrap();
        for person in people::first_by_name(db, 6).await.unwrap() {
            links::link(&mut tx, person, LinkTarget::Agency(&health), "test", at)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        let mut callers = Vec::new();
        for (name, role) in ROLES {
            let agency = match (name.starts_with("nurse"), name.starts_with("teacher")) {
                (true, _) => Some(health.clone()),
                (_, true) => Some(school.clone()),
                _ => None,
            };
            let mut caller = Caller {
                name,
                role: role.map(|r| (r, agency)),
                account: None,
                cookie: None,
            };
            renew(db, &mut caller, true).await;
            callers.push(caller);
        }
        let instance = instance::start_logged(url, &[], &log).await;
        World {
            base: instance.base.clone(),
            db: db.clone(),
            instance,
            log,
            callers,
            linked_people,
            http: client(),
            signatures: registered(),
            plain_posts: signatures::plain_posts(),
            forms: Vec::new(),
            pages: Vec::new(),
            values: BTreeMap::new(),
        }
    }

    /// Reads every page each caller can reach from the site's routes, following links, at
    /// most `per_shape` addresses of each shape (`/people/{id}` …) and `most` in all per
    /// caller; keeps their forms and the values in them. Returns each page's HTML.
    pub async fn crawl(&mut self, per_shape: usize, most: usize) -> Vec<(String, usize, String)> {
        let starts: Vec<String> = server::router::route_list()
            .iter()
            .map(|r| r.path().to_owned())
            .filter(|p| !p.contains('{'))
            .chain(
                app::models::Question::all(false)
                    .iter()
                    .map(|q| format!("/refer?page={}", q.slug()))
                    .chain(["/refer?page=check".to_owned()]),
            )
            .collect();
        let mut read = Vec::new();
        self.forms.clear();
        self.pages.clear();
        for caller in 0..self.callers.len() {
            let mut queue: std::collections::VecDeque<String> = starts.iter().cloned().collect();
            // The people the professionals support first, so their records are read.
            for person in self.linked_people.clone() {
                queue.push_front(format!("/people/{person}"));
            }
            let mut shapes: BTreeMap<String, usize> = BTreeMap::new();
            let mut seen = BTreeSet::new();
            let mut pages = 0;
            while let Some(path) = queue.pop_front() {
                if pages >= most || !seen.insert(path.clone()) || skipped(&path) {
                    continue;
                }
                let count = shapes.entry(shape(&path)).or_default();
                if *count >= per_shape {
                    continue;
                }
                *count += 1;
                let sent = Sent::get(path.clone(), caller);
                let (status, _, body) = match self.send(&sent).await {
                    Ok(answer) => answer,
                    Err(error) => {
                        panic!("reading {path} as {}: {error}", self.callers[caller].name)
                    }
                };
                if status != 200 {
                    continue;
                }
                pages += 1;
                let text = String::from_utf8_lossy(&body).into_owned();
                let page = html::read(&text);
                for link in page.links {
                    if let Some((_, query)) = link.split_once('?') {
                        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
                            self.values
                                .entry(k.into_owned())
                                .or_default()
                                .insert(v.into_owned());
                        }
                    }
                    queue.push_back(link);
                }
                for form in page.forms {
                    for field in &form.fields {
                        let pool = self.values.entry(field.name.clone()).or_default();
                        pool.insert(field.value.clone());
                        if let html::Kind::Select(options) = &field.kind {
                            pool.extend(options.iter().cloned());
                        }
                    }
                    self.forms.push((path.clone(), caller, form));
                }
                self.pages.push((path.clone(), caller));
                read.push((path, caller, text));
            }
        }
        read
    }

    /// Sends `sent` as its caller; the status, headers and body (not read for a stream).
    pub async fn send(&self, sent: &Sent) -> Result<(u16, HeaderMap, Vec<u8>), String> {
        let mut request = self
            .http
            .request(sent.method.clone(), format!("{}{}", self.base, sent.path))
            .timeout(ANSWER_WITHIN);
        let mut named = BTreeSet::new();
        for (name, value) in &sent.headers {
            named.insert(name.to_ascii_lowercase());
            match reqwest::header::HeaderValue::from_bytes(value) {
                Ok(value) => request = request.header(name, value),
                Err(_) => return Err("unsendable header".into()),
            }
        }
        if !named.contains("sec-fetch-site") {
            request = request.header("sec-fetch-site", "same-origin");
        }
        if let (Some(cookie), false) = (&self.callers[sent.caller].cookie, named.contains("cookie"))
        {
            request = request.header("cookie", cookie);
        }
        if sent.chunked {
            let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
                sent.body.chunks(8192).map(|c| Ok(c.to_vec())).collect();
            request = request.body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)));
        } else if sent.method == Method::POST {
            request = request.body(sent.body.clone());
        }
        let response = request.send().await.map_err(|e| format!("{e:?}"))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let streaming = headers
            .get("content-type")
            .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"));
        let body = if streaming {
            Vec::new()
        } else {
            response
                .bytes()
                .await
                .map_err(|e| format!("reading the answer: {e:?}"))?
                .to_vec()
        };
        Ok((status, headers, body))
    }

    /// Sends `sent` and checks the answer: never 5xx but a busy 503 with `Retry-After`,
    /// and always an answer (an oversized body may be cut off instead).
    pub async fn check(&self, sent: &Sent, tally: &Mutex<Tally>) -> Option<(u16, Vec<u8>)> {
        let answer = self.send(sent).await;
        let mut tally = tally.lock().unwrap();
        tally.sent += 1;
        match answer {
            Ok((status, headers, body)) => {
                *tally.statuses.entry(status).or_default() += 1;
                if status == 503 && headers.contains_key("retry-after") {
                    tally.busy += 1;
                } else if status >= 500 {
                    tally.failures.push(format!(
                        "answered {status} as {}: {}\n{sent}",
                        self.callers[sent.caller].name,
                        String::from_utf8_lossy(&body[..body.len().min(500)])
                    ));
                }
                Some((status, body))
            }
            Err(_) if sent.oversize() => {
                tally.cut_off += 1;
                None
            }
            Err(error) if error == "unsendable header" => None,
            Err(error) => {
                tally.failures.push(format!(
                    "no answer as {}: {error}\n{sent}",
                    self.callers[sent.caller].name
                ));
                None
            }
        }
    }

    /// Whether the server is still running (it has not crashed).
    pub fn still_running(&mut self) -> bool {
        matches!(self.instance.process.try_wait(), Ok(None))
    }

    /// The lines of the server's log that report a panic.
    pub fn panics(&self) -> Vec<String> {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        log.lines()
            .filter(|l| l.contains("panicked"))
            .map(str::to_owned)
            .collect()
    }

    /// Every server function as every caller, twice: with a NUL character in each text
    /// argument (text PostgreSQL cannot store), and with each number at the edge of i64
    /// (the text then as the app's own pages sent it, so the call gets past its checks).
    pub async fn sweep(&mut self, tally: &Mutex<Tally>) {
        let signatures: Vec<Signature> = self.signatures.values().cloned().collect();
        for signature in &signatures {
            for caller in 0..self.callers.len() {
                for numbers in [false, true] {
                    let fields: Vec<(String, Value)> = signature
                        .args
                        .iter()
                        .map(|(name, ty)| (name.clone(), self.swept(name, ty, numbers)))
                        .collect();
                    let sent = if signature.json {
                        Sent::post(
                            format!("/api/{}", signature.endpoint),
                            caller,
                            json_body(&fields),
                            "application/json",
                        )
                    } else {
                        Sent::post(
                            format!("/api/{}", signature.endpoint),
                            caller,
                            form_body(&fields),
                            "application/x-www-form-urlencoded",
                        )
                    };
                    if let Some((401 | 403, _)) = self.check(&sent, tally).await {
                        // Signed out or suspended by the call: a new account and session.
                        renew(&self.db, &mut self.callers[caller], true).await;
                    }
                }
            }
        }
    }

    /// A value for the argument `name` of type `ty` in [`Self::sweep`].
    fn swept(&self, name: &str, ty: &Type, numbers: bool) -> Value {
        let seen = || {
            self.values
                .get(name)
                .and_then(|pool| pool.iter().find(|v| !v.is_empty()))
                .cloned()
        };
        match ty {
            Type::Optional(inner) => self.swept(name, inner, numbers),
            Type::List(inner) => Value::List(vec![self.swept(name, inner, numbers)]),
            Type::Record(fields) => Value::Record(
                fields
                    .iter()
                    .map(|(n, t)| (n.clone(), self.swept(n, t, numbers)))
                    .collect(),
            ),
            Type::Number if numbers => Value::Number(i64::MAX.to_string()),
            Type::Number => Value::Number(seen().unwrap_or_else(|| "1".into())),
            Type::Bool => Value::Bool(false),
            Type::Text if numbers => Value::text(seen().unwrap_or_else(|| "x".into())),
            Type::Text => Value::text("Sam\u{0}Reid"),
        }
    }

    /// Runs `budget` generated requests from `workers` callers at once, each worker's
    /// requests drawn from its own generator seeded from `seed`.
    pub async fn fuzz(self: &Arc<Self>, seed: u64, budget: u64, workers: u64) -> Tally {
        let tally = Arc::new(Mutex::new(Tally::default()));
        let mut tasks = Vec::new();
        for worker in 0..workers {
            let world = Arc::clone(self);
            let tally = Arc::clone(&tally);
            let share = budget / workers + u64::from(worker < budget % workers);
            tasks.push(tokio::spawn(async move {
                let mut fuzzer = Fuzzer {
                    world: &world,
                    rng: ChaCha8Rng::seed_from_u64(
                        seed ^ (worker.wrapping_mul(0x9e37_79b9_7f4a_7c15)),
                    ),
                    replays: Vec::new(),
                    keys: Vec::new(),
                    callers: world.callers.clone(),
                };
                for n in 0..share {
                    if n % 50 == 0 {
                        fuzzer.renew_all(n % 500 == 0 && n > 0).await;
                    }
                    let sent = fuzzer.request();
                    let answer = world.check_as(&sent, &fuzzer.callers, &tally).await;
                    match answer {
                        Some((status, _)) if (200..300).contains(&status) => fuzzer.remember(sent),
                        Some((401, _)) if fuzzer.callers[sent.caller].cookie.is_some() => {
                            renew(&world.db, &mut fuzzer.callers[sent.caller], false).await;
                        }
                        _ => {}
                    }
                }
            }));
        }
        for task in tasks {
            task.await.expect("a fuzz worker ran to its end");
        }
        Arc::try_unwrap(tally)
            .ok()
            .expect("every worker has ended")
            .into_inner()
            .unwrap()
    }

    /// [`Self::check`], with `callers`' sessions.
    async fn check_as(
        &self,
        sent: &Sent,
        callers: &[Caller],
        tally: &Mutex<Tally>,
    ) -> Option<(u16, Vec<u8>)> {
        let mut sent = sent.clone();
        if let Some(cookie) = &callers[sent.caller].cookie {
            if !sent.headers.iter().any(|(n, _)| n == "cookie") {
                sent.headers
                    .push(("cookie".into(), cookie.as_bytes().to_vec()));
            }
        }
        self.check(&sent, tally).await
    }
}

/// The arguments of every registered server function (those the access matrix lists:
/// `access.rs` checks that it lists exactly the registered ones).
fn registered() -> BTreeMap<String, Signature> {
    let registered: BTreeSet<String> = server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    let mut all = signatures::read_all();
    all.retain(|endpoint, _| registered.contains(endpoint));
    assert_eq!(
        all.len(),
        registered.len(),
        "a server function's arguments were not found in its source"
    );
    all
}

/// A client that follows no redirects and sends only what it is told, each request on a
/// connection of its own (a connection the server closes after refusing a body is then
/// never reused, which would lose the next request through no fault of the server's).
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
}

/// A new session for `caller` (and a new account with `new_account`).
async fn renew(db: &Db, caller: &mut Caller, new_account: bool) {
    let Some((role, agency)) = caller.role.clone() else {
        return;
    };
    match (&caller.account, new_account) {
        (Some(account), false) => {
            let token = sessions::start(
                db,
                account,
                "127.0.0.1",
                timestamp_now(),
                sessions::Stage::Full,
            )
            .await
            .unwrap();
            caller.cookie = Some(format!("{}={}", app::auth::session::COOKIE, token.expose()));
        }
        _ => {
            let staff = staff::sign_in(db, role, agency.as_deref()).await;
            caller.account = Some(staff.id);
            caller.cookie = Some(staff.cookie);
        }
    }
}

/// Addresses the crawler leaves alone: the feed (a stream) and downloads.
fn skipped(path: &str) -> bool {
    path.starts_with("/events")
        || path.starts_with("/figures/names/download")
        || path.starts_with("/pkg/")
}

/// `path` with its ids and query values blanked: pages of one shape draw the same way.
fn shape(path: &str) -> String {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let segments: Vec<&str> = path
        .split('/')
        .map(|s| {
            if s.chars().any(|c| c.is_ascii_digit()) || s.len() >= 16 {
                "{}"
            } else {
                s
            }
        })
        .collect();
    let mut keys: Vec<String> = form_urlencoded::parse(query.as_bytes())
        .map(|(k, _)| k.into_owned())
        .collect();
    keys.sort();
    format!("{}?{}", segments.join("/"), keys.join("&"))
}

/// A value in a request, before it is encoded as a form or as JSON.
#[derive(Clone, Debug)]
enum Value {
    /// Text, which may not be UTF-8.
    Text(Vec<u8>),
    /// A number as written (possibly not one JSON accepts).
    Number(String),
    Bool(bool),
    Null,
    List(Vec<Value>),
    Record(Vec<(String, Value)>),
    /// Lists nested this deep.
    Deep(usize),
}

impl Value {
    fn text(s: impl AsRef<str>) -> Value {
        Value::Text(s.as_ref().as_bytes().to_vec())
    }
}

/// `fields` as `application/x-www-form-urlencoded`, nested fields named `a[b]`.
fn form_body(fields: &[(String, Value)]) -> Vec<u8> {
    fn add(out: &mut Vec<u8>, key: &str, value: &Value) {
        let mut pair = |v: &[u8]| {
            if !out.is_empty() {
                out.push(b'&');
            }
            out.extend(form_urlencoded::byte_serialize(key.as_bytes()).flat_map(str::bytes));
            out.push(b'=');
            out.extend(form_urlencoded::byte_serialize(v).flat_map(str::bytes));
        };
        match value {
            Value::Text(t) => pair(t),
            Value::Number(n) => pair(n.as_bytes()),
            Value::Bool(b) => pair(b.to_string().as_bytes()),
            Value::Null => pair(b""),
            Value::Deep(n) => {
                let deep = format!("{key}{}", "[a]".repeat(*n));
                add(out, &deep, &Value::text("x"));
            }
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    add(out, &format!("{key}[{i}]"), item);
                }
            }
            Value::Record(fields) => {
                for (k, v) in fields {
                    add(out, &format!("{key}[{k}]"), v);
                }
            }
        }
    }
    let mut out = Vec::new();
    for (k, v) in fields {
        add(&mut out, k, v);
    }
    out
}

/// `fields` as a JSON object, written by hand so that text which is not UTF-8 and numbers
/// JSON has no word for are sent as they are.
fn json_body(fields: &[(String, Value)]) -> Vec<u8> {
    fn string(out: &mut Vec<u8>, bytes: &[u8]) {
        out.push(b'"');
        for &b in bytes {
            match b {
                b'"' => out.extend(b"\\\""),
                b'\\' => out.extend(b"\\\\"),
                0..=0x1f => out.extend(format!("\\u{b:04x}").bytes()),
                _ => out.push(b),
            }
        }
        out.push(b'"');
    }
    fn value(out: &mut Vec<u8>, v: &Value) {
        match v {
            Value::Text(t) => string(out, t),
            Value::Number(n) => out.extend(n.bytes()),
            Value::Bool(b) => out.extend(b.to_string().bytes()),
            Value::Null => out.extend(b"null"),
            Value::Deep(n) => {
                out.extend(std::iter::repeat_n(b'[', *n));
                out.extend(std::iter::repeat_n(b']', *n));
            }
            Value::List(items) => {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    value(out, item);
                }
                out.push(b']');
            }
            Value::Record(fields) => object(out, fields),
        }
    }
    fn object(out: &mut Vec<u8>, fields: &[(String, Value)]) {
        out.push(b'{');
        for (i, (k, v)) in fields.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            string(out, k.as_bytes());
            out.push(b':');
            value(out, v);
        }
        out.push(b'}');
    }
    let mut out = Vec::new();
    object(&mut out, fields);
    out
}

/// One worker's generator.
struct Fuzzer<'a> {
    world: &'a World,
    rng: ChaCha8Rng,
    /// Requests answered 2xx, to be replayed.
    replays: Vec<Sent>,
    /// Idempotency keys and client-chosen ids sent before, to be replayed or forged.
    keys: Vec<String>,
    /// This worker's sessions.
    callers: Vec<Caller>,
}

impl Fuzzer<'_> {
    async fn renew_all(&mut self, new_accounts: bool) {
        for caller in &mut self.callers {
            renew(&self.world.db, caller, new_accounts).await;
        }
    }

    fn remember(&mut self, sent: Sent) {
        if self.replays.len() >= 64 {
            let i = self.rng.gen_range(0..self.replays.len());
            self.replays.swap_remove(i);
        }
        self.replays.push(sent);
    }

    /// The next request.
    fn request(&mut self) -> Sent {
        let caller = self.rng.gen_range(0..self.callers.len());
        let mut sent = match self.rng.gen_range(0..100) {
            0..=59 => self.server_function(caller),
            60..=69 => self.plain_form(caller),
            70..=87 => self.page(caller),
            88..=93 => self.feed(caller),
            _ => match self.replays.choose(&mut self.rng) {
                Some(old) => {
                    let mut again = old.clone();
                    // Replayed as it was, or by someone else.
                    if self.rng.gen_bool(0.5) {
                        again.caller = caller;
                    }
                    again
                }
                None => self.server_function(caller),
            },
        };
        // Now and then, headers that lie.
        if self.rng.gen_ratio(1, 25) {
            let (name, value): (&str, &[u8]) = *[
                ("sec-fetch-site", b"cross-site".as_slice()),
                ("origin", b"https://evil.example".as_slice()),
                ("cookie", b"dsr_session=forged; dsr_session=\xff".as_slice()),
                ("content-encoding", b"gzip".as_slice()),
                ("accept", b"text/html".as_slice()),
                ("x-forwarded-for", b"1.2.3.4, ::1, <script>".as_slice()),
                ("host", b"evil.example".as_slice()),
            ]
            .choose(&mut self.rng)
            .unwrap();
            sent.headers.retain(|(n, _)| n != name);
            sent.headers.push((name.to_owned(), value.to_vec()));
        }
        sent
    }

    /// A call to a server function: built from a form on a page or from its signature,
    /// then mutated and encoded.
    fn server_function(&mut self, caller: usize) -> Sent {
        let signatures: Vec<&Signature> = self.world.signatures.values().collect();
        let signature = (*signatures.choose(&mut self.rng).unwrap()).clone();
        let path = format!("/api/{}", signature.endpoint);
        let forms: Vec<&html::Form> = self
            .world
            .forms
            .iter()
            .filter(|(_, _, f)| f.action == path)
            .map(|(_, _, f)| f)
            .collect();
        let mut fields: Vec<(String, Value)> = match forms.choose(&mut self.rng) {
            Some(form) if self.rng.gen_bool(0.6) => self.fill_from(form),
            _ => signature
                .args
                .iter()
                .filter_map(|(name, ty)| Some((name.clone(), self.value_for(name, ty)?)))
                .collect(),
        };
        for _ in 0..self.rng.gen_range(0..4) {
            self.mutate(&mut fields);
        }
        self.encode(path, caller, &fields, signature.json)
    }

    /// A post to one of the router's plain form routes: a form found on a page that posts
    /// there, or fields named as the site's forms name them.
    fn plain_form(&mut self, caller: usize) -> Sent {
        let route = self
            .world
            .plain_posts
            .choose(&mut self.rng)
            .cloned()
            .unwrap_or_else(|| "/register".into());
        let forms: Vec<&html::Form> = self
            .world
            .forms
            .iter()
            .map(|(_, _, f)| f)
            .filter(|f| f.action.split('?').next() == Some(route.as_str()))
            .collect();
        let (action, mut fields) = match forms.choose(&mut self.rng).copied() {
            Some(form) if self.rng.gen_bool(0.7) => (form.action.clone(), self.fill_from(form)),
            _ => {
                let names: Vec<String> = self.world.values.keys().cloned().collect();
                let mut fields = Vec::new();
                for _ in 0..self.rng.gen_range(1..8) {
                    let name = names
                        .choose(&mut self.rng)
                        .cloned()
                        .unwrap_or_else(|| "q".into());
                    let text = self.text(&name);
                    fields.push((name, Value::text(text)));
                }
                (route, fields)
            }
        };
        for _ in 0..self.rng.gen_range(0..4) {
            self.mutate(&mut fields);
        }
        self.encode(action, caller, &fields, false)
    }

    /// The pairs `form` sends, with one of its buttons.
    fn fill_from(&mut self, form: &html::Form) -> Vec<(String, Value)> {
        let mut pairs = form.pairs();
        if let Some(button) = form.buttons().choose(&mut self.rng) {
            pairs.push(button.clone());
        }
        pairs
            .into_iter()
            .map(|(k, v)| (k, Value::text(v)))
            .collect()
    }

    /// Encodes `fields` for `path`: mostly as the function reads them, sometimes not.
    fn encode(
        &mut self,
        path: String,
        caller: usize,
        fields: &[(String, Value)],
        json: bool,
    ) -> Sent {
        const FORM: &str = "application/x-www-form-urlencoded";
        const JSON: &str = "application/json";
        let mut sent = match self.rng.gen_range(0..100) {
            0..=79 if json => Sent::post(path, caller, json_body(fields), JSON),
            0..=79 => Sent::post(path, caller, form_body(fields), FORM),
            80..=84 if json => Sent::post(path, caller, form_body(fields), FORM),
            80..=84 => Sent::post(path, caller, json_body(fields), JSON),
            85..=88 => {
                // Deeply nested JSON, or a form key nested as deep.
                let depth = *[64, 200, 5_000, 30_000].choose(&mut self.rng).unwrap();
                let body = if self.rng.gen_bool(0.5) {
                    json_body(&[("key".into(), Value::Deep(depth))])
                } else {
                    form_body(&[("query".into(), Value::Deep(depth.min(LIMIT / 4)))])
                };
                Sent::post(path, caller, body, if json { JSON } else { FORM })
            }
            89..=91 => {
                // Random bytes, under a content type that promises something else.
                let len = self.rng.gen_range(0..2048);
                let bytes: Vec<u8> = (0..len).map(|_| self.rng.gen()).collect();
                let kind = *[
                    FORM,
                    JSON,
                    "text/plain",
                    "multipart/form-data; boundary=x",
                    "application/cbor",
                    "",
                ]
                .choose(&mut self.rng)
                .unwrap();
                Sent::post(path, caller, bytes, kind)
            }
            92..=96 => {
                // Right at, just over and far over the body limit.
                let size = *[LIMIT - 1, LIMIT, LIMIT + 1, 4 * LIMIT]
                    .choose(&mut self.rng)
                    .unwrap();
                let mut body = if json {
                    json_body(fields)
                } else {
                    form_body(fields)
                };
                let pad = if json {
                    b" ".as_slice()
                } else {
                    b"&pad=%3Cscript%3E".as_slice()
                };
                while body.len() < size {
                    body.extend_from_slice(pad);
                }
                body.truncate(size);
                let mut sent = Sent::post(path, caller, body, if json { JSON } else { FORM });
                sent.chunked = self.rng.gen_bool(0.5);
                sent
            }
            _ => {
                let mut sent = Sent::post(path, caller, form_body(fields), FORM);
                sent.headers.retain(|(n, _)| n != "content-type");
                sent
            }
        };
        if sent.body.len() > LIMIT && !sent.chunked {
            sent.chunked = self.rng.gen_ratio(1, 4);
        }
        sent
    }

    /// A value for the argument `name` of type `ty`; `None` leaves it out.
    fn value_for(&mut self, name: &str, ty: &Type) -> Option<Value> {
        Some(match ty {
            Type::Optional(inner) => {
                if self.rng.gen_bool(0.3) {
                    return None;
                }
                self.value_for(name, inner)?
            }
            Type::List(inner) => Value::List(
                (0..self.rng.gen_range(0..4))
                    .filter_map(|_| self.value_for(name, inner))
                    .collect(),
            ),
            Type::Record(fields) => {
                let mut record = Vec::new();
                for (n, t) in fields {
                    if self.rng.gen_bool(0.9) {
                        if let Some(v) = self.value_for(n, t) {
                            record.push((n.clone(), v));
                        }
                    }
                }
                Value::Record(record)
            }
            Type::Number => Value::Number(self.number(name)),
            Type::Bool => match self.rng.gen_range(0..10) {
                0 => Value::text("yes"),
                1 => Value::Null,
                n => Value::Bool(n % 2 == 0),
            },
            Type::Text => Value::text(self.text(name)),
        })
    }

    /// A number for the field `name`: mostly one the app could have sent.
    fn number(&mut self, name: &str) -> String {
        if self.rng.gen_bool(0.3) {
            return (*payloads::NUMBERS.choose(&mut self.rng).unwrap()).to_owned();
        }
        if let Some(seen) = self.seen(name) {
            return seen;
        }
        self.rng.gen_range(0..6).to_string()
    }

    /// A value seen in a form or a link for the field `name`.
    fn seen(&mut self, name: &str) -> Option<String> {
        let pool = self.world.values.get(name)?;
        let i = self.rng.gen_range(0..pool.len().max(1));
        pool.iter().nth(i).cloned()
    }

    /// Text for the field `name`.
    fn text(&mut self, name: &str) -> String {
        let roll = self.rng.gen_range(0..100);
        if roll < 45 {
            if let Some(seen) = self.seen(name) {
                return seen;
            }
        }
        let id_like = name == "id" || name.ends_with("_id") || name == "key" || name == "person";
        if id_like && roll < 75 {
            return self.id();
        }
        if name.ends_with("_day") || name.ends_with("_month") || name.ends_with("_year") {
            let (d, m, y) = *payloads::DATES.choose(&mut self.rng).unwrap();
            return match name.rsplit('_').next() {
                Some("day") => d,
                Some("month") => m,
                _ => y,
            }
            .to_owned();
        }
        match self.rng.gen_range(0..4) {
            0 => (*payloads::SCRIPTS.choose(&mut self.rng).unwrap()).to_owned(),
            1 => (*payloads::TEXTS.choose(&mut self.rng).unwrap()).to_owned(),
            2 => (*payloads::NUMBERS.choose(&mut self.rng).unwrap()).to_owned(),
            _ => "Agreed at the meeting".to_owned(),
        }
    }

    /// An id: one of the register's, one sent before, or a forged one.
    fn id(&mut self) -> String {
        let known: Vec<&String> = [
            "person_id",
            "id",
            "meeting_id",
            "action_id",
            "ctr_id",
            "agency",
            "person",
        ]
        .iter()
        .filter_map(|n| self.world.values.get(*n))
        .flatten()
        .filter(|v| !v.is_empty())
        .collect();
        match self.rng.gen_range(0..8) {
            0..=2 if !known.is_empty() => (*known.choose(&mut self.rng).unwrap()).clone(),
            3 if !self.keys.is_empty() => self.keys.choose(&mut self.rng).unwrap().clone(),
            4 => uuid::Uuid::nil().to_string(),
            5 => uuid::Uuid::new_v4().to_string().to_uppercase(),
            6 => uuid::Uuid::new_v4().simple().to_string(),
            _ => {
                let key = uuid::Uuid::from_u128(self.rng.gen()).to_string();
                self.keys.push(key.clone());
                key
            }
        }
    }

    /// Changes `fields` in one hostile way.
    fn mutate(&mut self, fields: &mut Vec<(String, Value)>) {
        let n = fields.len();
        let pick = if n == 0 {
            None
        } else {
            Some(self.rng.gen_range(0..n))
        };
        match (self.rng.gen_range(0..13), pick) {
            (0, Some(i)) => {
                fields.remove(i);
            }
            (1, Some(i)) => {
                // The same field twice, the second different.
                let name = fields[i].0.clone();
                let text = self.text(&name);
                fields.insert(i + 1, (name, Value::text(text)));
            }
            (2, Some(i)) => {
                fields[i].1 = Value::text(*payloads::SCRIPTS.choose(&mut self.rng).unwrap());
            }
            (3, Some(i)) => {
                fields[i].1 = Value::text(*payloads::TEXTS.choose(&mut self.rng).unwrap());
            }
            (4, Some(i)) => {
                fields[i].1 =
                    Value::Number((*payloads::NUMBERS.choose(&mut self.rng).unwrap()).into());
            }
            (5, _) => {
                // A boundary date in every date the form has.
                let (d, m, y) = *payloads::DATES.choose(&mut self.rng).unwrap();
                for (name, value) in fields.iter_mut() {
                    let part = match name.rsplit('_').next() {
                        Some("day") => d,
                        Some("month") => m,
                        Some("year") => y,
                        _ => continue,
                    };
                    *value = Value::text(part);
                }
            }
            (6, _) => {
                let name = (*payloads::FIELD_NAMES.choose(&mut self.rng).unwrap()).to_owned();
                let text = self.text(&name);
                fields.push((name, Value::text(text)));
            }
            (7, Some(i)) => {
                let bytes = *payloads::NOT_UTF8.choose(&mut self.rng).unwrap();
                let mut value = b"Sam ".to_vec();
                value.extend_from_slice(bytes);
                fields[i].1 = Value::Text(value);
            }
            (8, Some(i)) => {
                // Long text: past every field's limit, near the body's or past it.
                let len = *[101, 2_001, 20_000, LIMIT - 200, LIMIT + 10]
                    .choose(&mut self.rng)
                    .unwrap();
                let unit = *["a", "é", "<script>", "\u{200B}", "👩‍👩‍👧"]
                    .choose(&mut self.rng)
                    .unwrap();
                let text = unit.repeat(len / unit.len() + 1);
                fields[i].1 = Value::Text(text.as_bytes()[..len].to_vec());
            }
            (9, _) => {
                // A forged version: the edges of i64, one ahead, one behind.
                for (name, value) in fields.iter_mut() {
                    if name == "version" || name == "seen" || name == "consents_seen" {
                        let forged = match self.rng.gen_range(0..6) {
                            0 => i64::MAX.to_string(),
                            1 => i64::MIN.to_string(),
                            2 => "-1".into(),
                            3 => "NaN".into(),
                            4 => "1e3".into(),
                            _ => self.rng.gen_range(0..50).to_string(),
                        };
                        *value = Value::Number(forged);
                    }
                }
            }
            (10, Some(i)) => {
                let id = self.id();
                fields[i].1 = Value::text(id);
            }
            (11, Some(i)) => {
                // The wrong type: a list, a record, null, a number or nested deep.
                fields[i].1 = match self.rng.gen_range(0..5) {
                    0 => Value::List(vec![Value::text("a"), Value::Number("1".into())]),
                    1 => Value::Record(vec![("a".into(), Value::Bool(true))]),
                    2 => Value::Null,
                    3 => Value::Number("12".into()),
                    _ => Value::Deep(self.rng.gen_range(2..300)),
                };
            }
            (_, Some(i)) => {
                // A replayed or forged idempotency key.
                if let Some(j) = fields
                    .iter()
                    .position(|(n, _)| n == "key" || n.ends_with("_id"))
                {
                    let key = self.id();
                    fields[j].1 = Value::text(key);
                } else {
                    fields.swap(0, i);
                }
            }
            _ => {}
        }
    }

    /// A page, its address mutated now and then.
    fn page(&mut self, caller: usize) -> Sent {
        let mut path = match self.world.pages.choose(&mut self.rng) {
            Some((path, _)) => path.clone(),
            None => "/".to_owned(),
        };
        match self.rng.gen_range(0..10) {
            0..=3 => {
                // Hostile values for query keys the site uses.
                let keys = [
                    "page", "view", "rating", "age", "q", "person", "on_day", "on_month",
                    "on_year", "table", "after", "overdue", "status", "list", "step",
                ];
                let key = *keys.choose(&mut self.rng).unwrap();
                let value = self.text(key);
                let sep = if path.contains('?') { '&' } else { '?' };
                path = format!(
                    "{path}{sep}{key}={}",
                    form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>()
                );
            }
            4..=5 => {
                // A segment replaced.
                let mut segments: Vec<String> = path
                    .split('?')
                    .next()
                    .unwrap_or("/")
                    .split('/')
                    .map(str::to_owned)
                    .collect();
                let i = self.rng.gen_range(1..segments.len().max(2));
                let forged = match self.rng.gen_range(0..5) {
                    0 => "%FF%FE".to_owned(),
                    1 => "..%2F..%2Fetc%2Fpasswd".to_owned(),
                    2 => "x".repeat(10_000),
                    3 => self.id(),
                    _ => form_urlencoded::byte_serialize(
                        payloads::SCRIPTS.choose(&mut self.rng).unwrap().as_bytes(),
                    )
                    .collect(),
                };
                if i < segments.len() {
                    segments[i] = forged;
                } else {
                    segments.push(forged);
                }
                path = segments.join("/");
            }
            6 => path.push_str("?a=%FF&a=%C0%AF&b[c][d][e]=1"),
            _ => {}
        }
        let mut sent = Sent::get(path.clone(), caller);
        // A page posted to, as a form without JavaScript would.
        if self.rng.gen_ratio(1, 10) {
            let fields = vec![("q".to_owned(), Value::text(self.text("q")))];
            sent = self.encode(path, caller, &fields, false);
        }
        sent
    }

    /// The live feed with a hostile `Last-Event-ID` or `?after=`.
    fn feed(&mut self, caller: usize) -> Sent {
        let pick = |rng: &mut ChaCha8Rng| -> Vec<u8> {
            match rng.gen_range(0..4) {
                0 => payloads::NUMBERS.choose(rng).unwrap().as_bytes().to_vec(),
                1 => payloads::TEXTS.choose(rng).unwrap().as_bytes().to_vec(),
                2 => payloads::NOT_UTF8.choose(rng).unwrap().to_vec(),
                _ => rng.gen_range(0..100_000).to_string().into_bytes(),
            }
        };
        let value = pick(&mut self.rng);
        if self.rng.gen_bool(0.5) {
            let mut sent = Sent::get("/events", caller);
            sent.headers.push(("last-event-id".into(), value));
            sent
        } else {
            let query: String = form_urlencoded::byte_serialize(&value).collect();
            Sent::get(format!("/events?after={query}"), caller)
        }
    }
}
