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

/// Whether `name` is a compressed copy of another file (`cargo leptos build --precompress`),
/// which the server sends in that file's place: the worker keeps the file itself.
fn is_precompressed_copy(name: &str) -> bool {
    name.ends_with(".br") || name.ends_with(".gz")
}

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
                    (meta.is_file() && !is_precompressed_copy(&name))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_worker_keeps_each_file_not_its_compressed_copies() {
        let site = std::env::temp_dir().join(format!("dsr-refer-sw-{}", std::process::id()));
        let pkg = site.join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        for name in [
            "dsr.wasm",
            "dsr.wasm.br",
            "dsr.wasm.gz",
            "dsr.js",
            "dsr.js.br",
        ] {
            std::fs::write(pkg.join(name), name).unwrap();
        }
        let options = LeptosOptions::builder()
            .output_name(crate::site::OUTPUT_NAME)
            .site_root(site.to_str().unwrap())
            .site_pkg_dir("pkg")
            .build();
        let response = refer_service_worker(State(options)).await.into_response();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        std::fs::remove_dir_all(&site).unwrap();
        let script = String::from_utf8(body.to_vec()).unwrap();
        assert!(
            script.contains(
                r#"const ASSETS = ["/pkg/dsr.js","/pkg/dsr.wasm","/nhsuk/nhsuk-frontend.min.css"];"#
            ),
            "{script}"
        );
    }
}
