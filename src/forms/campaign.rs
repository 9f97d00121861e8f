//! The Campaigns page form: who a campaign is for, what it offers and says, checked field by
//! field and turned into a started [`Campaign`] with its audience fixed; a ready-made campaign
//! fills the form in one tap; marking a member sent records the send and logs it on their
//! timeline in one change.

use crate::analysis::audience::{Audience, Exclusions, Selection};
use crate::analysis::message::{check, Ready, TemplateError};
use crate::analysis::results::sends;
use crate::analysis::rfm::Segment;
use crate::analysis::segments::Builtin;
use crate::book::{Book, Change};
use crate::forms::contact;
use crate::forms::offer::{offer, OfferError, OfferKind};
use crate::model::campaign::Campaign;
use crate::model::id::Id;
use crate::model::phone::latin_digits;
use crate::model::records::{InteractionKind, Meta};
use crate::model::time::Timestamp;

/// Longest campaign name, in characters.
pub const NAME_MAX: usize = 60;

/// The most of an audience that may be held back.
pub const HOLDOUT_MAX: u8 = 50;

/// A form field, for putting each error next to its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The name.
    Name,
    /// "Messaged in the last N days".
    ContactedDays,
    /// "Bought in the last N days".
    BoughtDays,
    /// The share held back.
    Holdout,
    /// The offer's value.
    Offer,
    /// The days after a contact in which a purchase counts.
    Window,
    /// Who it is for.
    Audience,
}

/// Why a campaign cannot start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CampaignError {
    /// No name, or one longer than [`NAME_MAX`].
    Name,
    /// Days that are not a whole number from 1 to 365.
    Days(Field),
    /// A holdout that is not a whole number from 0 to [`HOLDOUT_MAX`].
    Holdout,
    /// The offer is refused.
    Offer(OfferError),
    /// A window that is not a whole number of days from 1 to 90.
    Window,
    /// Nobody would get it (no segment chosen, or everyone left out).
    EmptyAudience,
    /// The text for this language (its code) is refused.
    Text(String, TemplateError),
    /// No text at all.
    NoText,
}

impl CampaignError {
    /// The field it belongs next to (`None`: a language's text, see [`CampaignError::Text`]).
    pub fn field(&self) -> Option<Field> {
        match self {
            CampaignError::Name => Some(Field::Name),
            CampaignError::Days(f) => Some(*f),
            CampaignError::Holdout => Some(Field::Holdout),
            CampaignError::Offer(_) => Some(Field::Offer),
            CampaignError::Window => Some(Field::Window),
            CampaignError::EmptyAudience => Some(Field::Audience),
            CampaignError::Text(..) | CampaignError::NoText => None,
        }
    }
}

/// The form's content, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignDraft {
    /// The seller's name for it.
    pub name: String,
    /// Built-in segments chosen (including "due for X").
    pub segments: Vec<Builtin>,
    /// The seller's own segments chosen.
    pub custom: Vec<Id>,
    /// Customers picked by hand.
    pub picked: Vec<Id>,
    /// Leave out those messaged lately: on, and how many days.
    pub contacted: (bool, String),
    /// Leave out those who bought lately: on, and how many days.
    pub bought: (bool, String),
    /// Leave out those with an open complaint.
    pub open_complaint: bool,
    /// The share held back, in percent.
    pub holdout: String,
    /// The kind of offer.
    pub offer_kind: OfferKind,
    /// The offer's value as typed.
    pub offer_value: String,
    /// The ready-made text it started from (its text in each language comes from the tables).
    pub ready: Option<Ready>,
    /// The text in each language (code, text).
    pub texts: Vec<(String, String)>,
    /// Days after a contact in which a purchase counts.
    pub window: String,
}

impl Default for CampaignDraft {
    fn default() -> CampaignDraft {
        CampaignDraft {
            name: String::new(),
            segments: Vec::new(),
            custom: Vec::new(),
            picked: Vec::new(),
            contacted: (true, "7".into()),
            bought: (false, "7".into()),
            open_complaint: true,
            holdout: "10".into(),
            offer_kind: OfferKind::None,
            offer_value: String::new(),
            ready: None,
            texts: Vec::new(),
            window: crate::analysis::results::WINDOW_DAYS.to_string(),
        }
    }
}

impl CampaignDraft {
    /// A ready-made campaign: its segments, a sensible offer, and its text (filled in per
    /// language by the caller from the tables); `name` is its name in the seller's language.
    pub fn ready(r: Ready, name: &str) -> CampaignDraft {
        let (segments, kind, value) = match r {
            Ready::WinBack => (
                vec![
                    Builtin::Rfm(Segment::AtRisk),
                    Builtin::Rfm(Segment::CantLose),
                ],
                OfferKind::PercentOff,
                "10",
            ),
            Ready::Thanks => (vec![Builtin::Rfm(Segment::Champions)], OfferKind::None, ""),
            Ready::Welcome => (
                vec![Builtin::Rfm(Segment::NewCustomers)],
                OfferKind::PercentOff,
                "5",
            ),
            Ready::Refill => (vec![Builtin::ReplenishmentDue], OfferKind::None, ""),
            Ready::Birthday => (
                vec![Builtin::BirthdayThisMonth],
                OfferKind::PercentOff,
                "10",
            ),
            Ready::NewStock => (vec![Builtin::CategoryLovers], OfferKind::None, ""),
            // Not offered for campaigns (a reminder goes to one customer from their page).
            Ready::Reminder => (Vec::new(), OfferKind::None, ""),
        };
        CampaignDraft {
            name: name.to_string(),
            segments,
            offer_kind: kind,
            offer_value: value.to_string(),
            ready: Some(r),
            ..CampaignDraft::default()
        }
    }

    /// Who is chosen, with the own segments' rules read from `book` (deleted ones left out).
    pub fn selection(&self, book: &Book) -> Selection {
        Selection {
            segments: self.segments.clone(),
            rules: self
                .custom
                .iter()
                .filter_map(|id| book.segment(*id).filter(|s| s.meta.live()))
                .map(|s| s.rule.clone())
                .collect(),
            picked: self.picked.clone(),
        }
    }

    /// The exclusions as typed, and any errors in their days.
    pub fn exclusions(&self) -> (Exclusions, Vec<CampaignError>) {
        let mut errors = Vec::new();
        let mut days = |(on, v): &(bool, String), f: Field| -> Option<u16> {
            if !on {
                return None;
            }
            let d = whole(v).filter(|d| (1..=365).contains(d));
            if d.is_none() {
                errors.push(CampaignError::Days(f));
            }
            d.map(|d| d as u16)
        };
        let e = Exclusions {
            contacted_days: days(&self.contacted, Field::ContactedDays),
            bought_days: days(&self.bought, Field::BoughtDays),
            open_complaint: self.open_complaint,
        };
        (e, errors)
    }

    /// The share held back, if it is a whole number from 0 to [`HOLDOUT_MAX`].
    pub fn holdout_percent(&self) -> Option<u8> {
        let t = latin_digits(&self.holdout);
        let t = t.trim().trim_end_matches('%').trim();
        if t.is_empty() {
            return Some(0);
        }
        t.parse::<u8>().ok().filter(|p| *p <= HOLDOUT_MAX)
    }

    /// Every error in the form but the audience's, in the form's order.
    pub fn errors(&self) -> Vec<CampaignError> {
        let mut errors = Vec::new();
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > NAME_MAX {
            errors.push(CampaignError::Name);
        }
        errors.extend(self.exclusions().1);
        if self.holdout_percent().is_none() {
            errors.push(CampaignError::Holdout);
        }
        if let Err(e) = offer(self.offer_kind, &self.offer_value) {
            errors.push(CampaignError::Offer(e));
        }
        if self.window_days().is_none() {
            errors.push(CampaignError::Window);
        }
        if self.texts.iter().all(|(_, t)| t.trim().is_empty()) {
            errors.push(CampaignError::NoText);
        }
        for (lang, text) in &self.texts {
            match check(text) {
                // A language left empty falls back to the shop's.
                Err(TemplateError::Empty) | Ok(()) => {}
                Err(e) => errors.push(CampaignError::Text(lang.clone(), e)),
            }
        }
        errors
    }

    fn window_days(&self) -> Option<u16> {
        whole(&self.window)
            .filter(|d| (1..=90).contains(d))
            .map(|d| d as u16)
    }

    /// The campaign, started at `now` for `audience` (worked out from this draft with `seed`),
    /// or every reason it cannot start. Nothing is saved either way.
    pub fn start(
        &self,
        audience: &Audience,
        seed: u64,
        id: Id,
        now: Timestamp,
    ) -> Result<Campaign, Vec<CampaignError>> {
        let mut errors = self.errors();
        if audience.members.is_empty() {
            errors.insert(0, CampaignError::EmptyAudience);
        }
        let (exclusions, _) = self.exclusions();
        let (Some(holdout_percent), Some(window_days), Ok(offer), true) = (
            self.holdout_percent(),
            self.window_days(),
            offer(self.offer_kind, &self.offer_value),
            errors.is_empty(),
        ) else {
            return Err(errors);
        };
        Ok(Campaign {
            meta: Meta::new(id, now),
            name: self.name.split_whitespace().collect::<Vec<_>>().join(" "),
            segments: self.segments.iter().map(|s| s.slug()).collect(),
            custom: self.custom.clone(),
            picked: self.picked.clone(),
            contacted_days: exclusions.contacted_days,
            bought_days: exclusions.bought_days,
            open_complaint: exclusions.open_complaint,
            holdout_percent,
            seed,
            offer,
            texts: self
                .texts
                .iter()
                .filter(|(_, t)| !t.trim().is_empty())
                .map(|(l, t)| (l.clone(), t.trim().to_string()))
                .collect(),
            window_days,
            started: Some(now),
            members: audience.members.clone(),
            holdout: audience.holdout.clone(),
        })
    }
}

/// A whole number typed in Latin or Indic digits.
fn whole(v: &str) -> Option<u32> {
    latin_digits(v).trim().parse().ok()
}

/// Why a send cannot be marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendError {
    /// The campaign is not in the book, or `who` is not one of its members.
    NotAMember,
    /// Already marked sent.
    AlreadySent,
    /// The customer was deleted.
    UnknownCustomer,
}

/// Marks campaign `campaign`'s member `who` sent `text` at `now`: the message on their
/// timeline, naming the campaign (one small record, however big the campaign).
pub fn mark_sent(
    book: &Book,
    campaign: Id,
    who: Id,
    text: &str,
    id: Id,
    now: Timestamp,
) -> Result<Change, SendError> {
    let c = book
        .campaign(campaign)
        .filter(|c| c.members.contains(&who))
        .ok_or(SendError::NotAMember)?;
    if sends(book, c.meta.id).iter().any(|(s, _)| *s == who) {
        return Err(SendError::AlreadySent);
    }
    let note: String = text.chars().take(contact::NOTE_MAX).collect();
    let mut logged = contact::log(book, who, InteractionKind::Message, &note, id, now)
        .map_err(|_| SendError::UnknownCustomer)?;
    logged.campaign = Some(c.meta.id);
    Ok(Change {
        interactions: vec![logged],
        ..Change::default()
    })
}

/// A send of a campaign whose offer is bonus points (`change`, from [`mark_sent`]) with the
/// points given to the member too (`id`: the new record's), expiring as the loyalty `rules`
/// say from `today`; any other send as it is.
pub fn with_bonus(
    book: &Book,
    mut change: Change,
    rules: &crate::model::loyalty::Rules,
    id: Id,
    today: crate::model::time::Date,
) -> Change {
    let Some(sent) = change.interactions.first() else {
        return change;
    };
    let Some(c) = sent.campaign.and_then(|k| book.campaign(k)) else {
        return change;
    };
    if let crate::model::campaign::Offer::BonusPoints(n) = c.offer {
        let mut given = sent.clone();
        given.meta.id = id;
        given.kind = InteractionKind::Points;
        given.note = c.name.clone();
        given.money = Some(crate::model::records::Money::Points(
            n,
            crate::analysis::loyalty::expiry(rules, today),
        ));
        change.interactions.push(given);
    }
    change
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::audience::audience;
    use crate::analysis::segments::Analysis;
    use crate::demo::{generate, Spec};
    use crate::model::campaign::Offer;

    fn shop() -> (Book, Analysis, Timestamp) {
        let spec = Spec::small(8, 2_000);
        let now = spec.now;
        let s = generate(&spec);
        let book = Book::of(Change {
            customers: s.customers,
            products: s.products,
            interactions: s.interactions,
            purchases: s.purchases,
            ..Change::default()
        })
        .unwrap();
        let a = Analysis::full(&book, now.local_date(0), 0);
        (book, a, now)
    }

    fn texted(mut d: CampaignDraft) -> CampaignDraft {
        d.texts = vec![("hi".into(), "नमस्ते {name}, {offer}".into())];
        d
    }

    fn started(
        d: &CampaignDraft,
        book: &Book,
        a: &Analysis,
        now: Timestamp,
    ) -> Result<Campaign, Vec<CampaignError>> {
        let (e, _) = d.exclusions();
        let aud = audience(
            book,
            a,
            &d.selection(book),
            e,
            d.holdout_percent().unwrap_or(0),
            5,
            now,
        )
        .unwrap();
        d.start(&aud, 5, Id(900), now)
    }

    #[test]
    fn a_ready_made_win_back_starts_with_its_audience_fixed() {
        let (book, a, now) = shop();
        let d = texted(CampaignDraft::ready(Ready::WinBack, "Win back"));
        let c = started(&d, &book, &a, now).unwrap();
        assert_eq!(c.segments, ["at-risk", "cant-lose"]);
        assert_eq!(c.offer, Offer::PercentOff(10));
        assert_eq!(c.contacted_days, Some(7));
        assert_eq!(c.holdout_percent, 10);
        assert!(!c.members.is_empty());
        assert_eq!(c.started, Some(now));
        // Every member is at risk or one they can't lose, and consents.
        for id in &c.members {
            let s = a.segment(&book, *id);
            assert!(matches!(s, Segment::AtRisk | Segment::CantLose), "{s:?}");
            let x = book.customer(*id).unwrap();
            assert!(x.consent.whatsapp || x.consent.sms);
        }
    }

    #[test]
    fn bad_fields_are_each_refused_and_nothing_starts() {
        let (book, a, now) = shop();
        let mut d = CampaignDraft::ready(Ready::WinBack, "  ");
        d.offer_value = "120".into();
        d.holdout = "60".into();
        d.contacted.1 = "x".into();
        d.window = "0".into();
        d.texts = vec![
            ("hi".into(), "नमस्ते {naam}".into()),
            ("en".into(), String::new()),
        ];
        let errors = started(&d, &book, &a, now).unwrap_err();
        assert_eq!(
            errors,
            vec![
                CampaignError::Name,
                CampaignError::Days(Field::ContactedDays),
                CampaignError::Holdout,
                CampaignError::Offer(OfferError::Percent),
                CampaignError::Window,
                CampaignError::Text("hi".into(), TemplateError::Unknown("naam".into())),
            ]
        );
        let mut negative = texted(CampaignDraft::ready(Ready::WinBack, "x"));
        negative.offer_value = "-5".into();
        assert_eq!(
            started(&negative, &book, &a, now).unwrap_err(),
            [CampaignError::Offer(OfferError::Percent)]
        );
        let blank = CampaignDraft::ready(Ready::Thanks, "Thanks");
        assert_eq!(
            started(&blank, &book, &a, now).unwrap_err(),
            [CampaignError::NoText]
        );
    }

    #[test]
    fn nobody_chosen_is_an_empty_audience() {
        let (book, a, now) = shop();
        let d = texted(CampaignDraft {
            name: "Nobody".into(),
            ..CampaignDraft::default()
        });
        assert_eq!(
            started(&d, &book, &a, now).unwrap_err(),
            [CampaignError::EmptyAudience]
        );
        assert_eq!(CampaignError::EmptyAudience.field(), Some(Field::Audience));
    }

    /// The shop with `d` started and saved: the book, when, the campaign and its first member.
    fn running(d: &CampaignDraft) -> (Book, Timestamp, Id, Id) {
        let (mut book, a, now) = shop();
        let c = started(d, &book, &a, now).unwrap();
        let (cid, who) = (c.meta.id, c.members[0]);
        let planned = book
            .plan(Change {
                campaigns: vec![c],
                ..Change::default()
            })
            .unwrap();
        book.apply(planned).unwrap();
        (book, now, cid, who)
    }

    #[test]
    fn marking_sent_adds_the_send_and_logs_the_message_once() {
        let d = texted(CampaignDraft::ready(Ready::WinBack, "Win back"));
        let (mut book, now, cid, who) = running(&d);
        let change = mark_sent(&book, cid, who, "नमस्ते", Id(901), Timestamp(now.0 + 1)).unwrap();
        assert!(
            change.campaigns.is_empty(),
            "the campaign itself is not written again"
        );
        assert_eq!(change.interactions[0].kind, InteractionKind::Message);
        assert_eq!(change.interactions[0].customer, who);
        assert_eq!(change.interactions[0].campaign, Some(cid));
        let rules = crate::model::loyalty::Rules::default();
        let today = now.local_date(0);
        let unchanged = with_bonus(&book, change.clone(), &rules, Id(950), today);
        assert_eq!(unchanged, change, "a win-back gives no points");
        let planned = book.plan(change).unwrap();
        book.apply(planned).unwrap();
        assert_eq!(sends(&book, cid), [(who, Timestamp(now.0 + 1))]);
        assert_eq!(
            mark_sent(&book, cid, who, "again", Id(902), now),
            Err(SendError::AlreadySent)
        );
        let outsider = book
            .customers()
            .iter()
            .find(|x| !book.campaign(cid).unwrap().members.contains(&x.meta.id))
            .unwrap()
            .meta
            .id;
        assert_eq!(
            mark_sent(&book, cid, outsider, "x", Id(903), now),
            Err(SendError::NotAMember)
        );
    }

    #[test]
    fn a_bonus_points_campaign_gives_its_points_with_the_send() {
        let mut d = texted(CampaignDraft::ready(Ready::Thanks, "Thank you"));
        d.offer_kind = OfferKind::BonusPoints;
        d.offer_value = "50".into();
        let (mut book, now, cid, who) = running(&d);
        let rules = crate::model::loyalty::Rules {
            on: true,
            expiry_days: Some(90),
            ..crate::model::loyalty::Rules::default()
        };
        let today = now.local_date(0);
        let sent = mark_sent(&book, cid, who, "धन्यवाद", Id(901), now).unwrap();
        let change = with_bonus(&book, sent, &rules, Id(902), today);
        assert_eq!(change.interactions.len(), 2);
        let given = &change.interactions[1];
        assert_eq!(
            (given.kind, given.customer, given.meta.id),
            (InteractionKind::Points, who, Id(902))
        );
        assert_eq!(
            given.money,
            Some(crate::model::records::Money::Points(
                50,
                crate::analysis::loyalty::expiry(&rules, today)
            ))
        );
        let planned = book.plan(change).unwrap();
        book.apply(planned).unwrap();
        let held = crate::analysis::loyalty::points(
            &crate::analysis::loyalty::ledger(&book, who),
            today,
            0,
        );
        assert_eq!(held.balance, 50);
        assert_eq!(sends(&book, cid), [(who, now)], "still one send");
    }
}
