//! Pages asked for many at once, as a busy office's browsers do: each is answered in full,
//! with its own security policy. (Leptos could read a page's title after its reactive
//! values were gone, which panicked and dropped the answer; see `layout::title_text`.)

use crate::support;

use support::{record::first_person, serve};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_asked_for_at_once_are_each_answered_in_full() {
    let scratch = app::store::scratch::ScratchDb::sqlite().await.unwrap();
    let db = &scratch.db;
    let person = first_person(db).await;
    let site = serve(db).await;
    let paths = [
        "/register".to_owned(),
        "/register/closed".to_owned(),
        format!("/people/{person}"),
        format!("/people/{person}/narrative"),
    ];
    let asked: Vec<_> = (0..120)
        .map(|n| {
            let client = site.client().clone();
            let url = format!("{}{}", site.base, paths[n % paths.len()]);
            tokio::spawn(async move {
                let answer = client.get(&url).send().await;
                let answer = answer.map_err(|e| format!("{url}: {e}"))?;
                let status = answer.status();
                let policy = answer
                    .headers()
                    .get("content-security-policy")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                let body = answer.text().await.map_err(|e| format!("{url}: {e}"))?;
                Ok::<_, String>((url, status, policy, body.contains("</html>")))
            })
        })
        .collect();
    for task in asked {
        let (url, status, policy, whole) = task.await.unwrap().unwrap();
        assert_eq!(status, reqwest::StatusCode::OK, "{url}");
        assert!(
            policy.contains("'nonce-"),
            "{url} has the page's policy: {policy}"
        );
        assert!(whole, "{url} answered in full");
    }
    scratch.remove().await.unwrap();
}
