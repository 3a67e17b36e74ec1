//! Valid preload links. Leptos 0.8 writes the page's nonce into the `crossorigin`
//! attribute of the links that preload the client code (`HydrationScripts`, and
//! `leptos_axum`'s preloads of split modules), which is not one of the attribute's
//! keywords, so the page is invalid HTML. A browser reads an unknown value as
//! `anonymous`; here the page's head says so itself, with `crossorigin=""`.

use axum::{
    body::{Body, Bytes},
    http::{header, HeaderMap, Response},
};
use futures::StreamExt;

/// The end of a page's head, where the preload links are.
const HEAD_END: &[u8] = b"</head>";

/// How much of a page is held back looking for [`HEAD_END`] before it goes out unchanged:
/// far more than any head the app draws.
const MAX_HEAD_BYTES: usize = 256 * 1024;

/// Rewrites the preload links of an HTML page whose security policy names a nonce. The
/// page is held back only until the end of its head; the rest streams through as it comes.
pub async fn anonymous_preloads(response: Response<Body>) -> Response<Body> {
    let Some(nonce) = page_nonce(response.headers()) else {
        return response;
    };
    let (mut parts, body) = response.into_parts();
    // The head gets shorter.
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut chunks = body.into_data_stream();
    let stream = async_stream::stream! {
        let mut head = Vec::new();
        let mut ended = false;
        while !ended && head.len() < MAX_HEAD_BYTES {
            match chunks.next().await {
                Some(Ok(chunk)) => {
                    // The end tag may straddle two chunks.
                    let from = head.len().saturating_sub(HEAD_END.len() - 1);
                    head.extend_from_slice(&chunk);
                    ended = find(&head[from..], HEAD_END).is_some();
                }
                Some(Err(error)) => {
                    yield Ok(Bytes::from(head));
                    yield Err(error);
                    return;
                }
                None => break,
            }
        }
        let end = find(&head, HEAD_END).map_or(head.len(), |at| at + HEAD_END.len());
        let mut out = anonymous_crossorigin(&head[..end], &nonce);
        out.extend_from_slice(&head[end..]);
        yield Ok(Bytes::from(out));
        while let Some(chunk) = chunks.next().await {
            yield chunk;
        }
    };
    Response::from_parts(parts, Body::from_stream(stream))
}

/// The nonce an HTML response's content security policy names, if any.
fn page_nonce(headers: &HeaderMap) -> Option<String> {
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = headers
        .get(header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?;
    let nonce = policy.split("'nonce-").nth(1)?.split('\'').next()?;
    (is_html && !nonce.is_empty()).then(|| nonce.to_owned())
}

/// `html` with every `crossorigin="<nonce>"` written as `crossorigin=""`.
fn anonymous_crossorigin(html: &[u8], nonce: &str) -> Vec<u8> {
    let wrong = format!(r#"crossorigin="{nonce}""#);
    let wrong = wrong.as_bytes();
    let mut out = Vec::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = find(rest, wrong) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(br#"crossorigin="""#);
        rest = &rest[at + wrong.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const NONCE: &str = "k3_Jx-9Qa";

    /// A response streamed in `chunks`.
    fn page(chunks: &[&str], policy: &str, content_type: &str) -> Response<Body> {
        let chunks: Vec<Result<Bytes, std::io::Error>> = chunks
            .iter()
            .map(|c| Ok(Bytes::from(c.to_string())))
            .collect();
        let mut response = Response::new(Body::from_stream(futures::stream::iter(chunks)));
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).unwrap(),
        );
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(policy).unwrap(),
        );
        response
    }

    async fn text(response: Response<Body>) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn preload_links_are_anonymous_and_the_nonce_stays_on_scripts() {
        let head = |crossorigin: &str| {
            format!(
                r#"<head><link rel="modulepreload" href="/pkg/dsr.js" crossorigin="{crossorigin}"><link rel="preload" href="/pkg/dsr.wasm" as="fetch" type="application/wasm" crossorigin="{crossorigin}"><script type="module" nonce="{NONCE}">x</script></head>"#
            )
        };
        let sent = head(NONCE);
        // Past the head nothing is changed, in the head's last chunk or after it.
        let body = format!(r#"<body><link crossorigin="{NONCE}">"#);
        // The head's end tag straddles two chunks.
        let (first, second) = sent.split_at(sent.len() - 3);
        let response = page(
            &[first, &format!("{second}{body}"), &body],
            &app::page_policy(NONCE),
            "text/html; charset=utf-8",
        );
        let out = text(anonymous_preloads(response).await).await;
        assert_eq!(out, head("") + &body + &body);
    }

    #[tokio::test]
    async fn other_responses_are_left_alone() {
        let link = format!(r#"<link crossorigin="{NONCE}">"#);
        for (policy, content_type) in [
            (app::page_policy(NONCE), "application/json"),
            ("default-src 'none'".to_owned(), "text/html"),
        ] {
            let response = page(&[&link], &policy, content_type);
            let out = text(anonymous_preloads(response).await).await;
            assert_eq!(out, link, "{content_type} under {policy}");
        }
    }

    #[test]
    fn only_the_page_s_nonce_is_replaced() {
        let html = format!(r#"<a crossorigin="{NONCE}"><b crossorigin="use-credentials">"#);
        assert_eq!(
            anonymous_crossorigin(html.as_bytes(), NONCE),
            br#"<a crossorigin=""><b crossorigin="use-credentials">"#.to_vec()
        );
    }
}
