//! The links that preload the client code are valid HTML on both backends: their
//! `crossorigin` attribute is the anonymous keyword, never the page's nonce (which
//! Leptos writes there), and the page's scripts still carry the nonce. Asked for
//! compressed, as browsers do, so the rewrite is seen to happen before compression.

use crate::support;

use app::store::Db;
use reqwest::header;
use std::io::Read;
use support::{serve, staff::browser};

app::on_both_backends!(preload_links_are_anonymous_on_public_and_staff_pages);

async fn preload_links_are_anonymous_on_public_and_staff_pages(db: &Db) {
    let site = serve(db).await;
    let family = browser(None);
    let staff = browser(Some(&site.staff.cookie));
    for (client, path) in [(&family, "/refer?page=who"), (&staff, "/register")] {
        let page = client
            .get(format!("{}{path}", site.base))
            .header(header::ACCEPT_ENCODING, "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{path}");
        assert_eq!(page.headers()[header::CONTENT_ENCODING], "gzip", "{path}");
        let policy = page.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("{path}: no nonce in {policy}"));
        let mut html = String::new();
        flate2::read::GzDecoder::new(&page.bytes().await.unwrap()[..])
            .read_to_string(&mut html)
            .unwrap();
        let head = &html[..html.find("</head>").expect("a head")];
        assert!(
            head.contains(r#"<link rel="modulepreload" href="/pkg/dsr.js" crossorigin="">"#),
            "{path}: {head}"
        );
        assert!(
            !html.contains(&format!(r#"crossorigin="{nonce}""#)),
            "{path}: {head}"
        );
        assert!(
            html.contains(&format!(r#"<script type="module" nonce="{nonce}">"#)),
            "{path}: the client's script keeps the nonce"
        );
    }
}
