//! The Dutch emails around a registration for an activity: confirmation (registered or on the
//! waiting list), promotion from the waiting list, the reminder the day before, and the
//! cancellation of the activity by its organiser.
//!
//! Each email is rendered from one [`Draft`] into plain text and HTML, so the two alternatives
//! cannot say different things. Mail goes to people without an account too, so it speaks the
//! product's first language (Dutch, formal "u", like the interface) rather than a preference.
use super::RegistrationMail;
use crate::kernel::mail::{Attachment, ICS_CONTENT_TYPE, OutgoingMail};
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Europe::Amsterdam;

/// Why a registrant gets an email; the `event` of a `mail.registration` job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailEvent {
    /// Just registered, or placed on the waiting list.
    Confirmation,
    /// Moved up from the waiting list to a place.
    Promoted,
    /// The day before the activity.
    Reminder,
    /// The organiser cancelled the activity.
    Cancelled,
}

impl MailEvent {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "confirmation" => Some(Self::Confirmation),
            "promoted" => Some(Self::Promoted),
            "reminder" => Some(Self::Reminder),
            "cancelled" => Some(Self::Cancelled),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Confirmation => "confirmation",
            Self::Promoted => "promoted",
            Self::Reminder => "reminder",
            Self::Cancelled => "cancelled",
        }
    }

    /// Whether this email still makes sense now. A job may run minutes or hours after it was
    /// enqueued (retries, a worker that was down): by then the person may have cancelled, been
    /// moved, or the activity may have been cancelled or begun. Such a job completes unsent.
    pub fn applies(self, m: &RegistrationMail, now: DateTime<Utc>) -> bool {
        let scheduled = m.activity_status == "scheduled";
        match self {
            Self::Confirmation => scheduled && matches!(m.status.as_str(), "registered" | "waitlisted"),
            Self::Promoted => scheduled && m.status == "registered",
            // "See you tomorrow" after the start would be noise.
            Self::Reminder => scheduled && m.status == "registered" && m.reminders && now < m.starts_at,
            // Someone who had already cancelled need not hear that it does not go ahead.
            Self::Cancelled => m.activity_status == "cancelled" && m.status != "cancelled",
        }
    }
}

/// The email for `event`. Call [`MailEvent::applies`] first; this renders whatever it is given.
pub fn render(event: MailEvent, m: &RegistrationMail) -> OutgoingMail {
    let draft = draft(event, m);
    let attachments = if matches!(event, MailEvent::Confirmation | MailEvent::Promoted) {
        vec![Attachment {
            filename: "activiteit.ics".into(),
            content_type: ICS_CONTENT_TYPE.into(),
            bytes: m.ics.clone().into_bytes(),
        }]
    } else {
        Vec::new()
    };
    OutgoingMail {
        to_email: m.to_email.clone(),
        to_name: m.to_name.clone(),
        subject: draft.subject.clone(),
        text: draft.text(),
        html: draft.html(),
        attachments,
        headers: vec![],
    }
}

/// What one email says, before it is written out as text and as HTML.
struct Draft {
    subject: String,
    greeting: String,
    /// Paragraphs before the details.
    lead: Vec<String>,
    /// Label and value; a value that is a web address becomes a link.
    details: Vec<(&'static str, String)>,
    /// Paragraphs after the details.
    after: Vec<String>,
    /// Explanation, link label, address.
    links: Vec<(String, &'static str, String)>,
    signature: String,
    footer: String,
}

fn draft(event: MailEvent, m: &RegistrationMail) -> Draft {
    let title = m.activity_title.trim();
    let mut details = vec![("Wanneer", when(m.starts_at, m.ends_at))];
    if let Some(location) = m.location.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        details.push(("Waar", location.to_owned()));
    }
    if let Some(online) = m.online_url.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        details.push(("Online", online.to_owned()));
    }
    details.push(("Meer informatie", m.activity_url.clone()));

    let cancel = || {
        (
            "Kunt u toch niet? Meld u dan af, dan komt uw plaats vrij voor iemand anders.".to_owned(),
            "Afmelden",
            m.cancel_url.clone(),
        )
    };
    let calendar_note = "In de bijlage vindt u de activiteit om in uw agenda te zetten.".to_owned();
    let (subject, lead, after, links) = match event {
        MailEvent::Confirmation if m.status == "waitlisted" => (
            format!("Wachtlijst: {title}"),
            vec![
                format!("U staat op de wachtlijst voor {title}. De activiteit is op dit moment vol."),
                "Komt er een plaats vrij, dan schuift u vanzelf door en krijgt u daarover een e-mail. \
                 Tot dat bericht bent u nog niet aangemeld."
                    .to_owned(),
            ],
            vec!["In de bijlage vindt u de activiteit, zodat u de tijd alvast kunt vrijhouden.".to_owned()],
            vec![(
                "Wilt u niet langer op de wachtlijst staan? Meld u dan af.".to_owned(),
                "Afmelden",
                m.cancel_url.clone(),
            )],
        ),
        MailEvent::Confirmation => (
            format!("Aangemeld: {title}"),
            vec![format!("U bent aangemeld voor {title}. Fijn dat u komt!")],
            vec![calendar_note],
            vec![cancel()],
        ),
        MailEvent::Promoted => (
            format!("Er is plaats: u bent aangemeld voor {title}"),
            vec![format!(
                "Goed nieuws: er is een plaats vrijgekomen. U stond op de wachtlijst en bent nu aangemeld voor {title}."
            )],
            vec![calendar_note],
            vec![cancel()],
        ),
        MailEvent::Reminder => (
            format!("Herinnering: {title}"),
            vec![format!("Een herinnering: binnenkort is {title}, waarvoor u bent aangemeld.")],
            Vec::new(),
            vec![
                cancel(),
                (
                    "Wilt u voor deze aanmelding geen herinneringen meer ontvangen?".to_owned(),
                    "Geen herinneringen meer",
                    format!("{}?herinneringen=uit", m.cancel_url),
                ),
            ],
        ),
        MailEvent::Cancelled => {
            let mut lead =
                vec![format!("Helaas gaat {title} niet door: de organisator heeft de activiteit geannuleerd.")];
            if let Some(reason) = m.cancel_reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
                lead.push(format!("Reden: {reason}"));
            }
            // No "Afmelden" here: there is nothing left to cancel, and the link would only confuse.
            (
                format!("Geannuleerd: {title}"),
                lead,
                vec!["Uw aanmelding vervalt; u hoeft verder niets te doen. Excuses voor het ongemak.".to_owned()],
                Vec::new(),
            )
        }
    };
    let name = m.to_name.trim();
    Draft {
        subject,
        greeting: if name.is_empty() { "Beste deelnemer,".to_owned() } else { format!("Beste {name},") },
        lead,
        details,
        after,
        links,
        signature: m.werkplaats_name.clone(),
        footer: format!(
            "U ontvangt deze e-mail omdat u zich heeft aangemeld voor een activiteit van {}.",
            m.werkplaats_name
        ),
    }
}

impl Draft {
    fn text(&self) -> String {
        let mut out = format!("{}\n\n", self.greeting);
        for p in &self.lead {
            out.push_str(&format!("{p}\n\n"));
        }
        for (label, value) in &self.details {
            out.push_str(&format!("{label}: {value}\n"));
        }
        out.push('\n');
        for p in &self.after {
            out.push_str(&format!("{p}\n\n"));
        }
        for (why, label, url) in &self.links {
            out.push_str(&format!("{why}\n{label}: {url}\n\n"));
        }
        out.push_str(&format!("Met vriendelijke groet,\n{}\n\n-- \n{}\n", self.signature, self.footer));
        out
    }

    fn html(&self) -> String {
        let mut out = String::from("<!DOCTYPE html>\n<html lang=\"nl\">\n<head><meta charset=\"utf-8\"><title>");
        out.push_str(&escape(&self.subject));
        out.push_str("</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.5; color: #1a1a1a\">\n");
        out.push_str(&format!("<p>{}</p>\n", escape(&self.greeting)));
        for p in &self.lead {
            out.push_str(&format!("<p>{}</p>\n", escape(p)));
        }
        out.push_str("<table role=\"presentation\" style=\"border-collapse: collapse\">\n");
        for (label, value) in &self.details {
            let value =
                if is_web_address(value) { format!("<a href=\"{0}\">{0}</a>", escape(value)) } else { escape(value) };
            out.push_str(&format!(
                "<tr><th scope=\"row\" style=\"text-align: left; padding-right: 1em; vertical-align: top\">{}</th>\
                 <td>{value}</td></tr>\n",
                escape(label)
            ));
        }
        out.push_str("</table>\n");
        for p in &self.after {
            out.push_str(&format!("<p>{}</p>\n", escape(p)));
        }
        for (why, label, url) in &self.links {
            out.push_str(&format!("<p>{}<br><a href=\"{}\">{}</a></p>\n", escape(why), escape(url), escape(label)));
        }
        out.push_str(&format!("<p>Met vriendelijke groet,<br>{}</p>\n", escape(&self.signature)));
        out.push_str(&format!(
            "<hr>\n<p style=\"font-size: small; color: #555\">{}</p>\n</body>\n</html>\n",
            escape(&self.footer)
        ));
        out
    }
}

/// Only http(s) addresses become links: an organiser's `javascript:` "online link" stays text.
fn is_web_address(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && !value.contains(char::is_whitespace)
}

pub use broedplaats_domain::escape_html as escape;

const WEEKDAYS: [&str; 7] = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];
const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// Date and time in the Netherlands, written out the Dutch way: "donderdag 17 december 2026,
/// 15:00–17:00", or with both dates when the activity runs past midnight.
pub fn when(starts: DateTime<Utc>, ends: DateTime<Utc>) -> String {
    let (s, e) = (starts.with_timezone(&Amsterdam), ends.with_timezone(&Amsterdam));
    let day = |d: &DateTime<chrono_tz::Tz>| {
        format!(
            "{} {} {} {}",
            WEEKDAYS[d.weekday().num_days_from_monday() as usize],
            d.day(),
            MONTHS[d.month0() as usize],
            d.year()
        )
    };
    if s.date_naive() == e.date_naive() {
        format!("{}, {}–{}", day(&s), s.format("%H:%M"), e.format("%H:%M"))
    } else {
        format!("{}, {} – {}, {}", day(&s), s.format("%H:%M"), day(&e), e.format("%H:%M"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single().expect("valid time")
    }

    fn mail() -> RegistrationMail {
        RegistrationMail {
            to_name: "Anouk de Vries".into(),
            to_email: "anouk@example.org".into(),
            status: "registered".into(),
            reminders: true,
            activity_title: "Kenniscafé: wijkteams & jongeren".into(),
            activity_status: "scheduled".into(),
            cancel_reason: None,
            starts_at: utc(2026, 12, 17, 14, 0),
            ends_at: utc(2026, 12, 17, 16, 0),
            location: Some("Stadskantoor, Spuiboulevard 300, Dordrecht".into()),
            online_url: Some("https://meet.example.org/kenniscafe?id=1&pw=2".into()),
            activity_url: "https://broedplaats.example.org/werkplaatsen/zhz/activiteiten/7".into(),
            cancel_url: "https://broedplaats.example.org/werkplaatsen/zhz/activiteiten/7/afmelden/abc".into(),
            ics: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".into(),
            werkplaats_name: "Werkplaats Zuid-Holland Zuid".into(),
        }
    }

    #[test]
    fn dates_are_dutch_in_winter_and_summer_time() {
        // Winter: UTC+1.
        assert_eq!(when(utc(2026, 12, 17, 14, 0), utc(2026, 12, 17, 16, 0)), "donderdag 17 december 2026, 15:00–17:00");
        // Summer: UTC+2.
        assert_eq!(when(utc(2026, 6, 1, 7, 30), utc(2026, 6, 1, 9, 0)), "maandag 1 juni 2026, 09:30–11:00");
        // Late in the evening UTC is already the next day in Amsterdam.
        assert_eq!(when(utc(2026, 3, 1, 23, 30), utc(2026, 3, 2, 1, 0)), "maandag 2 maart 2026, 00:30–02:00");
        // Past midnight: both dates.
        assert_eq!(
            when(utc(2026, 10, 9, 18, 0), utc(2026, 10, 10, 8, 0)),
            "vrijdag 9 oktober 2026, 20:00 – zaterdag 10 oktober 2026, 10:00"
        );
    }

    #[test]
    fn confirmation_has_details_links_and_calendar() {
        let m = mail();
        let out = render(MailEvent::Confirmation, &m);
        assert_eq!(out.subject, "Aangemeld: Kenniscafé: wijkteams & jongeren");
        assert_eq!(out.to_email, "anouk@example.org");
        assert!(out.text.contains("Beste Anouk de Vries,"));
        assert!(out.text.contains("U bent aangemeld"));
        assert!(out.text.contains("Wanneer: donderdag 17 december 2026, 15:00–17:00"));
        assert!(out.text.contains("Waar: Stadskantoor, Spuiboulevard 300, Dordrecht"));
        assert!(out.text.contains("Online: https://meet.example.org/kenniscafe?id=1&pw=2"));
        assert!(out.text.contains(&format!("Meer informatie: {}", m.activity_url)));
        assert!(out.text.contains(&format!("Afmelden: {}", m.cancel_url)));
        assert!(out.html.contains(&format!("<a href=\"{}\">Afmelden</a>", m.cancel_url)));
        assert!(out.html.contains("<a href=\"https://meet.example.org/kenniscafe?id=1&amp;pw=2\">"));
        assert!(!out.text.contains("herinneringen=uit"));
        assert_eq!(out.attachments.len(), 1);
        assert_eq!(out.attachments[0].filename, "activiteit.ics");
        assert_eq!(out.attachments[0].content_type, "text/calendar; charset=utf-8; method=PUBLISH");
        assert_eq!(out.attachments[0].bytes, m.ics.as_bytes());
    }

    #[test]
    fn waiting_list_says_so() {
        let m = RegistrationMail { status: "waitlisted".into(), ..mail() };
        let out = render(MailEvent::Confirmation, &m);
        assert!(out.subject.starts_with("Wachtlijst:"), "{}", out.subject);
        assert!(out.text.contains("op de wachtlijst"));
        assert!(!out.text.contains("U bent aangemeld"));
        assert!(out.text.contains(&format!("Afmelden: {}", m.cancel_url)));
        assert_eq!(out.attachments.len(), 1);
    }

    #[test]
    fn promotion_reminder_and_cancellation() {
        let m = mail();
        let promoted = render(MailEvent::Promoted, &m);
        assert!(promoted.text.contains("plaats vrijgekomen"));
        assert_eq!(promoted.attachments.len(), 1);

        let reminder = render(MailEvent::Reminder, &m);
        assert!(reminder.subject.starts_with("Herinnering:"));
        assert!(reminder.text.contains(&format!("Geen herinneringen meer: {}?herinneringen=uit", m.cancel_url)));
        assert!(reminder.html.contains(&format!("<a href=\"{}?herinneringen=uit\">", m.cancel_url)));
        assert!(reminder.text.contains(&format!("Afmelden: {}", m.cancel_url)));
        assert!(reminder.attachments.is_empty());

        let cancelled = RegistrationMail {
            activity_status: "cancelled".into(),
            cancel_reason: Some("De spreker is ziek.".into()),
            ..mail()
        };
        let out = render(MailEvent::Cancelled, &cancelled);
        assert!(out.subject.starts_with("Geannuleerd:"));
        assert!(out.text.contains("niet door"));
        assert!(out.text.contains("Reden: De spreker is ziek."));
        assert!(out.text.contains("Wanneer: donderdag 17 december 2026"));
        assert!(out.attachments.is_empty());
        let no_reason = render(MailEvent::Cancelled, &RegistrationMail { cancel_reason: None, ..cancelled });
        assert!(!no_reason.text.contains("Reden:"));
    }

    #[test]
    fn html_is_escaped() {
        let m = RegistrationMail {
            activity_title: "<script>alert(\"x\")</script>".into(),
            to_name: "Bob <b>".into(),
            location: Some("Zaal 'A' & B".into()),
            online_url: Some("javascript:alert(1)".into()),
            ..mail()
        };
        let out = render(MailEvent::Confirmation, &m);
        assert!(!out.html.contains("<script>"), "{}", out.html);
        assert!(out.html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
        assert!(out.html.contains("Beste Bob &lt;b&gt;,"));
        assert!(out.html.contains("Zaal &#39;A&#39; &amp; B"));
        // Not a web address: shown, never a link.
        assert!(!out.html.contains("href=\"javascript:"));
        assert!(out.html.contains("<td>javascript:alert(1)</td>"));
        // The plain text stays as written.
        assert!(out.text.contains("U bent aangemeld voor <script>alert(\"x\")</script>."));
    }

    #[test]
    fn events_that_no_longer_apply() {
        let now = utc(2026, 12, 16, 15, 0);
        let m = mail();
        assert!(MailEvent::Reminder.applies(&m, now));
        assert!(!MailEvent::Reminder.applies(&RegistrationMail { reminders: false, ..mail() }, now));
        assert!(!MailEvent::Reminder.applies(&RegistrationMail { status: "waitlisted".into(), ..mail() }, now));
        assert!(!MailEvent::Reminder.applies(&m, utc(2026, 12, 17, 14, 0)));
        assert!(!MailEvent::Confirmation.applies(&RegistrationMail { status: "cancelled".into(), ..mail() }, now));
        assert!(MailEvent::Confirmation.applies(&RegistrationMail { status: "waitlisted".into(), ..mail() }, now));
        assert!(!MailEvent::Promoted.applies(&RegistrationMail { status: "waitlisted".into(), ..mail() }, now));
        assert!(!MailEvent::Cancelled.applies(&m, now));
        let cancelled = RegistrationMail { activity_status: "cancelled".into(), ..mail() };
        assert!(MailEvent::Cancelled.applies(&cancelled, now));
        assert!(!MailEvent::Confirmation.applies(&cancelled, now));
        assert!(!MailEvent::Cancelled.applies(&RegistrationMail { status: "cancelled".into(), ..cancelled }, now));
    }

    #[test]
    fn events_parse_from_their_codes() {
        for e in [MailEvent::Confirmation, MailEvent::Promoted, MailEvent::Reminder, MailEvent::Cancelled] {
            assert_eq!(MailEvent::parse(e.code()), Some(e));
        }
        assert_eq!(MailEvent::parse("anders"), None);
    }
}
