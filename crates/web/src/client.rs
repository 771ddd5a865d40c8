//! Who the client is: the socket's peer, or — only when that peer is a trusted reverse proxy —
//! the address the proxies recorded in `X-Forwarded-For` (security review, finding 9). A header
//! from anyone else is ignored, so a client cannot pick the address it is throttled under.
use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};

/// Parses a list of addresses and networks such as `127.0.0.1, 10.0.0.0/8 ::1` (commas or
/// spaces between them); a bare address is a network of one.
pub fn parse_networks(list: &str) -> Result<Vec<IpNet>, String> {
    list.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("{s:?} is not an IP address or network (such as 10.0.0.0/8)"))
        })
        .collect()
}

pub(crate) fn contains(networks: &[IpNet], ip: IpAddr) -> bool {
    networks.iter().any(|n| n.contains(&ip))
}

/// The client's address: the peer, or the right-most address in `X-Forwarded-For` that is not a
/// trusted proxy when the peer is one. `None` when not served on a socket (in-process tests).
pub(crate) fn client_ip(parts: &Parts, trusted_proxies: &[IpNet]) -> Option<IpAddr> {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>()?.0.ip();
    if !contains(trusted_proxies, peer) {
        return Some(peer);
    }
    // Each proxy appends the address it received from; read from the right, past our own proxies.
    let mut forwarded = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().parse::<IpAddr>())
        .collect::<Vec<_>>();
    forwarded.reverse();
    for hop in forwarded {
        match hop {
            Ok(ip) if contains(trusted_proxies, ip) => continue,
            Ok(ip) => return Some(ip),
            // Garbage in the chain: what lies left of it cannot be trusted; the proxy is the client.
            Err(_) => return Some(peer),
        }
    }
    Some(peer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(peer: &str, forwarded: &[&str]) -> Parts {
        let mut b = Request::builder().uri("/");
        for f in forwarded {
            b = b.header("x-forwarded-for", *f);
        }
        let (mut parts, ()) = b.body(()).expect("request").into_parts();
        parts.extensions.insert(ConnectInfo(SocketAddr::new(peer.parse().expect("address"), 4000)));
        parts
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().expect("address"))
    }

    #[test]
    fn networks_parse_with_commas_or_spaces_and_refuse_garbage() {
        let n = parse_networks("127.0.0.1, 10.0.0.0/8 ::1").expect("valid");
        assert_eq!(n.len(), 3);
        assert!(contains(&n, ip("10.2.3.4").expect("ip")));
        assert!(!contains(&n, ip("11.0.0.1").expect("ip")));
        assert!(parse_networks("").expect("empty is fine").is_empty());
        assert!(parse_networks("10.0.0.0/33").is_err());
        assert!(parse_networks("proxy.example").expect_err("a name").contains("proxy.example"));
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let proxies = parse_networks("10.0.0.0/8").expect("valid");
        // not from a proxy: the header is the client's own invention
        assert_eq!(client_ip(&parts("203.0.113.9", &["198.51.100.1"]), &proxies), ip("203.0.113.9"));
        // from the proxy: the client it saw
        assert_eq!(client_ip(&parts("10.0.0.2", &["198.51.100.1"]), &proxies), ip("198.51.100.1"));
        // a client's forged entries lie left of what our proxies appended
        assert_eq!(client_ip(&parts("10.0.0.2", &["1.1.1.1, 198.51.100.1", "10.0.0.3"]), &proxies), ip("198.51.100.1"));
        // garbage: the proxy itself
        assert_eq!(client_ip(&parts("10.0.0.2", &["nonsense"]), &proxies), ip("10.0.0.2"));
        // no proxies configured: the header never counts
        assert_eq!(client_ip(&parts("10.0.0.2", &["198.51.100.1"]), &[]), ip("10.0.0.2"));
    }
}
