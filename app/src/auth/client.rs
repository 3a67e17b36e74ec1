//! The address a request came from, for rate limits and the audit trail: the TCP peer,
//! or, when that peer is a trusted proxy (`DSR_TRUSTED_PROXIES`, such as the region's
//! load balancers), the nearest address in `X-Forwarded-For` that is not one. Addresses
//! a client writes into the header itself are never believed. An IPv4 address mapped into
//! IPv6 (`::ffff:10.0.0.2`, as a peer arrives on a server listening on `[::]`) is its IPv4
//! address throughout.

use std::net::IpAddr;

/// The address the current request came from, or "unknown".
pub fn client_address() -> String {
    use axum::{extract::ConnectInfo, http::request::Parts};
    use leptos::prelude::use_context;
    let Some(parts) = use_context::<Parts>() else {
        return "unknown".to_owned();
    };
    let peer = parts
        .extensions
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let trusted = use_context::<crate::state::AppState>()
        .map(|s| s.settings.trusted_proxies.clone())
        .unwrap_or_default();
    let forwarded = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok());
    resolve(peer, forwarded, &trusted)
}

/// The client's address: `peer`, unless it is one of `trusted`, in which case the
/// `forwarded` hops (`X-Forwarded-For` values, oldest first) are read from the nearest,
/// passing over trusted proxies, up to the first address that is not one. A hop that is
/// not an address stops the walk at the last address known. Every address is compared
/// and reported in its canonical form.
pub fn resolve<'a>(
    peer: Option<IpAddr>,
    forwarded: impl Iterator<Item = &'a str>,
    trusted: &[IpAddr],
) -> String {
    let Some(mut client) = peer.map(|p| p.to_canonical()) else {
        return "unknown".to_owned();
    };
    let is_trusted = |addr: IpAddr| trusted.iter().any(|t| t.to_canonical() == addr);
    if is_trusted(client) {
        let hops: Vec<&str> = forwarded.flat_map(|v| v.split(',')).collect();
        for hop in hops.iter().rev() {
            match hop.trim().parse::<IpAddr>() {
                Ok(addr) => {
                    client = addr.to_canonical();
                    if !is_trusted(client) {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
    }
    client.to_string()
}

/// What an anonymous client's limits count against: its address, or for an IPv6 address
/// its /64 network (one household or phone is given a whole /64, so counting single
/// addresses would let one client pass any limit).
pub fn limit_group(client: &str) -> String {
    match client.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => {
            let network = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", std::net::Ipv6Addr::from(network))
        }
        _ => client.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[rstest]
    #[case::direct("203.0.113.9", &[], &[], "203.0.113.9")]
    #[case::header_from_an_untrusted_peer_is_ignored("203.0.113.9", &["198.51.100.1"], &[], "203.0.113.9")]
    #[case::behind_the_balancer("10.0.0.2", &["198.51.100.7"], &["10.0.0.2"], "198.51.100.7")]
    #[case::spoofed_hop_on_the_left_is_ignored("10.0.0.2", &["1.2.3.4, 198.51.100.7"], &["10.0.0.2"], "198.51.100.7")]
    #[case::two_trusted_proxies("10.0.0.2", &["198.51.100.7, 10.0.0.3"], &["10.0.0.2", "10.0.0.3"], "198.51.100.7")]
    #[case::several_headers("10.0.0.2", &["1.2.3.4", "198.51.100.7"], &["10.0.0.2"], "198.51.100.7")]
    #[case::junk_stops_the_walk("10.0.0.2", &["198.51.100.7, not-an-address"], &["10.0.0.2"], "10.0.0.2")]
    #[case::no_header("10.0.0.2", &[], &["10.0.0.2"], "10.0.0.2")]
    #[case::ipv6("10.0.0.2", &["2001:db8::1"], &["10.0.0.2"], "2001:db8::1")]
    #[case::mapped_peer_is_its_ipv4_address("::ffff:10.0.0.2", &["198.51.100.7"], &["10.0.0.2"], "198.51.100.7")]
    #[case::mapped_trusted_entry("10.0.0.2", &["198.51.100.7"], &["::ffff:10.0.0.2"], "198.51.100.7")]
    #[case::mapped_hops("::ffff:10.0.0.2", &["::ffff:198.51.100.7, ::ffff:10.0.0.3"], &["10.0.0.2", "10.0.0.3"], "198.51.100.7")]
    #[case::mapped_direct_client_reported_as_ipv4("::ffff:203.0.113.9", &["198.51.100.1"], &["10.0.0.2"], "203.0.113.9")]
    #[case::native_ipv6_balancer("2001:db8::5", &["198.51.100.7"], &["2001:db8::5"], "198.51.100.7")]
    fn the_nearest_untrusted_address_is_the_client(
        #[case] peer: &str,
        #[case] forwarded: &[&str],
        #[case] trusted: &[&str],
        #[case] expected: &str,
    ) {
        let trusted: Vec<IpAddr> = trusted.iter().map(|t| ip(t)).collect();
        assert_eq!(
            resolve(Some(ip(peer)), forwarded.iter().copied(), &trusted),
            expected
        );
    }

    #[test]
    fn no_peer_is_unknown() {
        assert_eq!(resolve(None, std::iter::empty(), &[]), "unknown");
    }

    #[rstest]
    #[case::ipv4_as_it_is("203.0.113.9", "203.0.113.9")]
    #[case::ipv6_by_its_network("2001:db8:9:9::17", "2001:db8:9:9::/64")]
    #[case::another_address_in_the_network("2001:db8:9:9:ffff:1:2:3", "2001:db8:9:9::/64")]
    #[case::unknown("unknown", "unknown")]
    fn limits_count_ipv6_clients_by_network(#[case] client: &str, #[case] group: &str) {
        assert_eq!(limit_group(client), group);
    }
}
