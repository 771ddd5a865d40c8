//! Fetching a source's pages over HTTP without letting a hostile source hurt the installation:
//! only http and https; the host is resolved here and every address checked (no loopback,
//! private, link-local, unique-local, unspecified, multicast or documentation addresses unless
//! the installation allows private addresses), and the connection goes to exactly the checked
//! address (reqwest's resolver override), so a DNS answer cannot change between check and use;
//! no proxy; redirects are followed by hand, at most [`MAX_REDIRECTS`], each hop checked again;
//! a connect timeout and a whole-response timeout; the body is read in chunks and abandoned past
//! the size cap, so a 2 GB answer is never held.
use super::HarvestError;
use reqwest::Url;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// How many redirects are followed before the source is given up as a loop.
pub const MAX_REDIRECTS: usize = 5;

/// How the harvester may reach sources; set by the installation (`with_harvest_settings`).
#[derive(Debug, Clone)]
pub struct HarvestSettings {
    /// `BROEDPLAATS_HARVEST_ALLOW_PRIVATE_ADDRESSES`: sources on loopback or private addresses
    /// are allowed (tests, two installations on one machine, a repository on the intranet).
    pub allow_private_addresses: bool,
    pub connect_timeout: Duration,
    /// For the whole response, body included.
    pub timeout: Duration,
    /// The largest response read, in bytes.
    pub max_bytes: usize,
}

impl Default for HarvestSettings {
    fn default() -> Self {
        Self {
            allow_private_addresses: false,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            max_bytes: 50 * 1024 * 1024,
        }
    }
}

/// Whether an address is one a harvester must not reach on the installation's behalf.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || o[0] == 0
                // Shared address space (carrier-grade NAT), 100.64.0.0/10.
                || (o[0] == 100 && (o[1] & 0xc0) == 64)
                // Benchmarking 198.18.0.0/15 and reserved 240.0.0.0/4.
                || (o[0] == 198 && (o[1] & 0xfe) == 18)
                || o[0] >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let s = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // Unique local fc00::/7, link-local fe80::/10, documentation 2001:db8::/32.
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] == 0x2001 && s[1] == 0x0db8)
                // IPv4-compatible and NAT64 well-known prefix carry an IPv4 address.
                || (s[0] == 0x64 && s[1] == 0xff9b)
        }
    }
}

/// Checks a source's address before it is stored: the form and, when private addresses are not
/// allowed, where its host resolves to.
pub async fn check_url(settings: &HarvestSettings, raw: &str) -> Result<Url, HarvestError> {
    let url = parse_url(raw)?;
    resolve(settings, &url).await?;
    Ok(url)
}

pub fn parse_url(raw: &str) -> Result<Url, HarvestError> {
    let url = Url::parse(raw.trim()).map_err(|_| HarvestError::new("Dit is geen geldig webadres."))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(HarvestError::new("Het adres van de bron moet met http:// of https:// beginnen."));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(HarvestError::new("Het adres van de bron noemt geen server."));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(HarvestError::new("Het adres van de bron mag geen gebruikersnaam of wachtwoord bevatten."));
    }
    Ok(url)
}

/// The address to connect to for `url`: the first of its host's addresses that is allowed.
async fn resolve(settings: &HarvestSettings, url: &Url) -> Result<SocketAddr, HarvestError> {
    let host = url.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']').to_owned();
    let port = url.port_or_known_default().unwrap_or(80);
    let addrs: Vec<SocketAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => {
            let lookup = tokio::net::lookup_host((host.as_str(), port));
            match tokio::time::timeout(settings.connect_timeout, lookup).await {
                Ok(Ok(found)) => found.collect(),
                Ok(Err(_)) => {
                    return Err(HarvestError::new(format!("De server {host} van de bron is onbekend (DNS).")));
                }
                Err(_) => {
                    return Err(HarvestError::new(format!("Het opzoeken van de server {host} duurde te lang (DNS).")));
                }
            }
        }
    };
    if addrs.is_empty() {
        return Err(HarvestError::new(format!("De server {host} van de bron is onbekend (DNS).")));
    }
    if settings.allow_private_addresses {
        return Ok(addrs[0]);
    }
    addrs.iter().copied().find(|a| !is_private(a.ip())).ok_or_else(|| {
        HarvestError::new(format!(
            "De bron staat op een intern of privé-adres ({}); daar oogst deze installatie niet \
             (BROEDPLAATS_HARVEST_ALLOW_PRIVATE_ADDRESSES staat uit).",
            addrs[0].ip()
        ))
    })
}

/// GETs `url` with every protection above; the body.
pub async fn get(settings: &HarvestSettings, url: Url) -> Result<Vec<u8>, HarvestError> {
    let mut url = url;
    for _hop in 0..=MAX_REDIRECTS {
        let url_checked = parse_url(url.as_str())?;
        let addr = resolve(settings, &url_checked).await?;
        let host = url_checked.host_str().unwrap_or_default().to_owned();
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.timeout)
            .user_agent(concat!("Broedplaats-harvester/", env!("CARGO_PKG_VERSION")));
        if host.parse::<IpAddr>().is_err() && !host.starts_with('[') {
            builder = builder.resolve(&host, addr);
        }
        let client = builder.build().map_err(|e| HarvestError::new(format!("Interne fout bij het oogsten: {e}")))?;
        let response = client.get(url_checked.clone()).send().await.map_err(|e| request_error(settings, &e))?;
        let status = response.status();
        if status.is_redirection() {
            let Some(location) = response.headers().get(reqwest::header::LOCATION).and_then(|l| l.to_str().ok()) else {
                return Err(HarvestError::new(format!(
                    "De bron verwijst door (HTTP {}) zonder nieuw adres.",
                    status.as_u16()
                )));
            };
            url = url_checked
                .join(location)
                .map_err(|_| HarvestError::new("De bron verwijst door naar een ongeldig adres."))?;
            continue;
        }
        if !status.is_success() {
            return Err(HarvestError::new(format!("De bron antwoordde met HTTP-status {}.", status.as_u16())));
        }
        return read_capped(settings, response).await;
    }
    Err(HarvestError::new(format!(
        "De bron verwijst meer dan {MAX_REDIRECTS} keer door; waarschijnlijk een doorverwijzingslus."
    )))
}

fn too_big(settings: &HarvestSettings) -> HarvestError {
    HarvestError::new(format!(
        "Het antwoord van de bron is groter dan {} MB; het oogsten is afgebroken.",
        settings.max_bytes / (1024 * 1024)
    ))
}

async fn read_capped(settings: &HarvestSettings, mut response: reqwest::Response) -> Result<Vec<u8>, HarvestError> {
    if response.content_length().is_some_and(|n| n > settings.max_bytes as u64) {
        return Err(too_big(settings));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| request_error(settings, &e))? {
        if body.len() + chunk.len() > settings.max_bytes {
            return Err(too_big(settings));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn request_error(settings: &HarvestSettings, e: &reqwest::Error) -> HarvestError {
    if e.is_timeout() {
        HarvestError::new(format!(
            "De bron antwoordde niet (volledig) binnen {} seconden.",
            settings.timeout.as_secs().max(1)
        ))
    } else if e.is_connect() {
        HarvestError::new("Geen verbinding met de server van de bron.")
    } else {
        HarvestError::new("De verbinding met de bron werd onderbroken.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "224.0.0.1",
            "100.64.0.1",
            "::",
        ] {
            assert!(is_private(ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["145.97.39.155", "8.8.8.8", "2a00:1450:400e:80f::200e"] {
            assert!(!is_private(ip.parse().expect("ip")), "{ip}");
        }
    }

    #[test]
    fn only_http_and_https() {
        assert!(parse_url("file:///etc/passwd").is_err());
        assert!(parse_url("gopher://example.org/").is_err());
        assert!(parse_url("https://user:pw@example.org/oai").is_err());
        assert!(parse_url("https://example.org/oai").is_ok());
    }
}
