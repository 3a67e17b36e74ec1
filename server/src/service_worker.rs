//! `/refer-sw.js`: the self-referral form's service worker, listing the site's files so
//! the form opens offline. Its cache is named after those files, so a new build
//! replaces what browsers keep.

use axum::{
    extract::State,
    http::{header, HeaderValue},
    response::IntoResponse,
};
use leptos::prelude::LeptosOptions;
use std::{
    hash::{DefaultHasher, Hash, Hasher},
    path::Path,
    time::SystemTime,
};

/// The script, before the version and file list are filled in.
const SCRIPT: &str = include_str!("refer-sw.js");

/// Files under `/nhsuk/` the form's pages use.
const NHS_FILES: &[&str] = &["/nhsuk/nhsuk-frontend.min.css"];

/// Serves the service worker for the site in `options`.
pub async fn refer_service_worker(State(options): State<LeptosOptions>) -> impl IntoResponse {
    let site = Path::new(options.site_root.as_ref());
    let pkg = options.site_pkg_dir.as_ref();
    let mut files: Vec<(String, u64, Option<SystemTime>)> = std::fs::read_dir(site.join(pkg))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter_map(|entry| {
                    let name = entry.file_name().into_string().ok()?;
                    let meta = entry.metadata().ok()?;
                    meta.is_file()
                        .then(|| (format!("/{pkg}/{name}"), meta.len(), meta.modified().ok()))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut version = DefaultHasher::new();
    files.hash(&mut version);
    let assets: Vec<String> = files
        .into_iter()
        .map(|(name, _, _)| name)
        .chain(NHS_FILES.iter().map(|f| f.to_string()))
        .collect();
    let body = SCRIPT
        .replace("__VERSION__", &format!("{:016x}", version.finish()))
        .replace(
            "__ASSETS__",
            &serde_json::to_string(&assets).expect("names serialise"),
        );
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            // A worker follows its own script's policy: it may fetch from this site only.
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; connect-src 'self'"),
            ),
        ],
        body,
    )
}
