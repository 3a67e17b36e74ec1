//! Every redirect the portal answers stays on its own site. A form posted without
//! JavaScript is sent back to the page in its `Referer` (how server functions answer a
//! plain post), and a request can name any `Referer`: the address is cut to its path, so
//! no answer ever sends a browser to another site or to a `javascript:` address.

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, Response},
    middleware::Next,
};

/// Keeps the `Location` of every redirect on this site.
pub async fn own_site_redirects(request: Request, next: Next) -> Response<Body> {
    let mut response = next.run(request).await;
    let kept = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(on_this_site);
    if let Some(Ok(location)) = kept.map(|l| HeaderValue::from_str(&l)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// `location` as a path on this site: an absolute `http(s)` address loses its scheme and
/// host; anything else that is not a plain path (another scheme, `//host`, `/\host`, or
/// characters a browser would drop) becomes the home page.
pub fn on_this_site(location: &str) -> String {
    if location
        .chars()
        .any(|c| c.is_ascii_control() || c.is_whitespace())
    {
        return "/".to_owned();
    }
    let lower = location.get(..8).unwrap_or(location).to_ascii_lowercase();
    let rest = if lower.starts_with("http://") {
        Some(&location[7..])
    } else if lower.starts_with("https://") {
        Some(&location[8..])
    } else {
        None
    };
    let path = match rest {
        Some(rest) => match rest.find(['/', '?', '#']) {
            Some(at) if rest[at..].starts_with('/') => rest[at..].to_owned(),
            Some(at) => format!("/{}", &rest[at..]),
            None => "/".to_owned(),
        },
        None => location.to_owned(),
    };
    let plain = path.starts_with('/') && !path[1..].starts_with(['/', '\\']);
    if plain {
        path
    } else {
        "/".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::on_this_site;

    #[test]
    fn a_redirect_never_leaves_the_site() {
        for (sent, kept) in [
            (
                "/people/1?__err=a#error-summary",
                "/people/1?__err=a#error-summary",
            ),
            ("http://127.0.0.1:3000/people/1?x=1", "/people/1?x=1"),
            ("HTTPS://dsr.example.nhs.uk/register", "/register"),
            ("http://evil.example/x?__err=a", "/x?__err=a"),
            ("http://evil.example?__err=a", "/?__err=a"),
            ("http://evil.example", "/"),
            ("http://evil.example//other.example/x", "/"),
            ("//evil.example", "/"),
            ("/\\evil.example", "/"),
            ("javascript:alert(1)?__err=a", "/"),
            ("evil.example/x", "/"),
            ("/\t/evil.example", "/"),
            ("", "/"),
        ] {
            assert_eq!(on_this_site(sent), kept, "{sent}");
        }
    }
}
