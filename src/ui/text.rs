//! Words for the domain's values: the label of each enum the seller sees, dates and shares,
//! always from the message table.

use crate::analysis::rfm::Segment;
use crate::analysis::segments::{Analysis, Builtin};
use crate::book::Book;
use crate::model::id::Id;
use crate::model::records::{Channel, InteractionKind, LifeStage, Payment};
use crate::model::settings::Lang;
use crate::model::time::{Date, Timestamp};
use crate::ui::book::local_offset_minutes;
use crate::ui::context::Ctx;
use crate::ui::i18n::Msg;
use crate::ui::intl::{locale, numbering};
use crate::ui::route::Route;
use leptos::prelude::{use_context, With};
use wasm_bindgen::JsValue;

/// The navigation label of a route (also the heading of its screen).
pub fn nav_label(route: &Route) -> Msg {
    match route {
        Route::Sell | Route::SellTo(_) | Route::Sale(_) | Route::NotFound(_) => Msg::NavSell,
        Route::Customers | Route::Customer(_) | Route::Owed | Route::Reorder => Msg::NavCustomers,
        Route::Products => Msg::NavProducts,
        Route::Segments | Route::SegmentMembers(_) => Msg::NavSegments,
        Route::Campaigns | Route::Campaign(_) => Msg::NavCampaigns,
        Route::Insights => Msg::NavInsights,
        Route::Settings => Msg::NavSettings,
    }
}

/// The label of an RFM segment.
pub fn segment_label(s: Segment) -> Msg {
    match s {
        Segment::Champions => Msg::SegChampions,
        Segment::Loyal => Msg::SegLoyal,
        Segment::PotentialLoyalists => Msg::SegPotentialLoyalists,
        Segment::NewCustomers => Msg::SegNewCustomers,
        Segment::Promising => Msg::SegPromising,
        Segment::NeedAttention => Msg::SegNeedAttention,
        Segment::AboutToSleep => Msg::SegAboutToSleep,
        Segment::CantLose => Msg::SegCantLose,
        Segment::AtRisk => Msg::SegAtRisk,
        Segment::Hibernating => Msg::SegHibernating,
        Segment::Prospects => Msg::SegProspects,
    }
}

/// A segment in a seller's words.
pub fn segment_about(s: Segment) -> Msg {
    match s {
        Segment::Champions => Msg::AboutChampions,
        Segment::Loyal => Msg::AboutLoyal,
        Segment::PotentialLoyalists => Msg::AboutPotentialLoyalists,
        Segment::NewCustomers => Msg::AboutNewCustomers,
        Segment::Promising => Msg::AboutPromising,
        Segment::NeedAttention => Msg::AboutNeedAttention,
        Segment::AboutToSleep => Msg::AboutAboutToSleep,
        Segment::CantLose => Msg::AboutCantLose,
        Segment::AtRisk => Msg::AboutAtRisk,
        Segment::Hibernating => Msg::AboutHibernating,
        Segment::Prospects => Msg::AboutProspects,
    }
}

/// A built-in segment's name in the interface's language ("Due for Toor dal" names the product).
pub fn builtin_name(c: Ctx, b: Builtin) -> String {
    match b {
        Builtin::DueFor(p) => {
            let product = c
                .book
                .read(|book| book.product(p).map(|x| x.name.clone()))
                .flatten()
                .unwrap_or_default();
            crate::ui::i18n::fill(Msg::SegDueFor.text(c.lang()), &[("product", &product)])
        }
        // A tier by the name the seller gave it (or its threshold, if the rules changed since).
        Builtin::Tier(from, _) => {
            let name = c.settings.with(|s| {
                s.loyalty
                    .tiers
                    .iter()
                    .find(|t| t.spend == from)
                    .map(|t| t.name.clone())
            });
            let name = name.unwrap_or_else(|| format!("{}+", c.money(from)));
            crate::ui::i18n::fill(Msg::SegTier.text(c.lang()), &[("tier", &name)])
        }
        b => builtin_label(b).text(c.lang()).to_string(),
    }
}

fn builtin_label(b: Builtin) -> Msg {
    match b {
        Builtin::DueFor(_) => Msg::SegReplenishment,
        Builtin::PointsExpiring => Msg::SegPointsExpiring,
        Builtin::Tier(..) => Msg::SegTier,
        Builtin::Rfm(s) => segment_label(s),
        Builtin::TopSpenders => Msg::SegTopSpenders,
        Builtin::Lapsing => Msg::SegLapsing,
        Builtin::ReplenishmentDue => Msg::SegReplenishment,
        Builtin::CategoryLovers => Msg::SegCategoryLovers,
        Builtin::BirthdayThisMonth => Msg::SegBirthdays,
        Builtin::Wholesale => Msg::SegWholesale,
        Builtin::LifeStage(l) => match l {
            LifeStage::Student => Msg::LifeStudent,
            LifeStage::YoungFamily => Msg::LifeYoungFamily,
            LifeStage::FamilyWithTeens => Msg::LifeFamilyWithTeens,
            LifeStage::Senior => Msg::LifeSenior,
            LifeStage::Business => Msg::LifeBusiness,
        },
    }
}

/// The label of an interaction kind.
pub fn kind_label(k: InteractionKind) -> Msg {
    match k {
        InteractionKind::Call => Msg::KindCall,
        InteractionKind::Visit => Msg::KindVisit,
        InteractionKind::Message => Msg::KindMessage,
        InteractionKind::Complaint => Msg::KindComplaint,
        InteractionKind::Warranty => Msg::KindWarranty,
        InteractionKind::Return => Msg::KindReturn,
        InteractionKind::Feedback => Msg::KindFeedback,
        InteractionKind::Payment => Msg::KindPayment,
        InteractionKind::Points => Msg::KindPoints,
    }
}

/// The day of `ts` as the seller reads it ("22 Nov 2026"), `YYYY-MM-DD` if the browser
/// cannot say.
pub fn day(ts: Timestamp) -> String {
    written(&js_sys::Date::new(&JsValue::from_f64(ts.0 as f64)))
        .unwrap_or_else(|| ts.local_date(local_offset_minutes()).iso())
}

/// The day of `ts` for a file name: `YYYY-MM-DD`, which sorts.
pub fn file_day(ts: Timestamp) -> String {
    ts.local_date(local_offset_minutes()).iso()
}

/// A calendar day as the seller reads it (see [`day`]).
pub fn date(d: Date) -> String {
    let js = js_sys::Date::new_with_year_month_day(
        d.year as u32,
        i32::from(d.month) - 1,
        i32::from(d.day),
    );
    written(&js).unwrap_or_else(|| d.iso())
}

/// A month as the seller reads it ("Nov 2026"), `YYYY-MM` if the browser cannot say.
pub fn month(year: i32, month: u8) -> String {
    let js = js_sys::Date::new_with_year_month_day(year as u32, i32::from(month) - 1, 15);
    written_as(&js, true).unwrap_or_else(|| format!("{year}-{month:02}"))
}

fn written(js: &js_sys::Date) -> Option<String> {
    written_as(js, false)
}

fn written_as(js: &js_sys::Date, month_only: bool) -> Option<String> {
    let (lang, native) = use_context::<Ctx>().map_or((Lang::default(), false), |c| {
        c.settings.with(|s| (s.lang, s.native_digits))
    });
    let formats = if month_only {
        &MONTH_FORMAT
    } else {
        &DAY_FORMAT
    };
    formats.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell
            .as_ref()
            .is_none_or(|(l, n, _)| (*l, *n) != (lang, native))
        {
            *cell = Some((lang, native, day_format(lang, native, month_only)));
        }
        let (_, _, f) = cell.as_ref()?;
        f.format().call1(&JsValue::NULL, js).ok()?.as_string()
    })
}

/// The browser's own date formatting for `lang` as written in India (no calendar data in the
/// app): "22 Nov 2026", "22 नव॰ 2026", in the device's time zone (the one
/// `local_offset_minutes` reads), in the chosen digits.
fn day_format(lang: Lang, native: bool, month_only: bool) -> js_sys::Intl::DateTimeFormat {
    let locales = js_sys::Array::of1(&JsValue::from_str(locale(lang)));
    let options = js_sys::Object::new();
    if !month_only {
        let _ = js_sys::Reflect::set(&options, &"day".into(), &"numeric".into());
    }
    for (k, v) in [
        ("month", "short"),
        ("year", "numeric"),
        ("numberingSystem", numbering(lang, native)),
    ] {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    js_sys::Intl::DateTimeFormat::new(&locales, &options)
}

thread_local! {
    // Made once per language: a formatter is slow to build.
    static DAY_FORMAT: std::cell::RefCell<Option<(Lang, bool, js_sys::Intl::DateTimeFormat)>> =
        const { std::cell::RefCell::new(None) };
    // The same, without the day ("Nov 2026").
    static MONTH_FORMAT: std::cell::RefCell<Option<(Lang, bool, js_sys::Intl::DateTimeFormat)>> =
        const { std::cell::RefCell::new(None) };
}

pub fn payment_label(p: Payment) -> Msg {
    match p {
        Payment::Cash => Msg::PayCash,
        Payment::Upi => Msg::PayUpi,
        Payment::Card => Msg::PayCard,
        Payment::Credit => Msg::PayCredit,
    }
}

pub fn channel_label(ch: Channel) -> Msg {
    match ch {
        Channel::Stall => Msg::ChStall,
        Channel::Phone => Msg::ChPhone,
        Channel::WhatsApp => Msg::ChWhatsApp,
        Channel::Online => Msg::ChOnline,
    }
}

/// "N customers · S% of revenue" for a list of members.
pub fn share(c: Ctx, a: &Analysis, b: &Book, members: &[Id]) -> String {
    let spent = members
        .iter()
        .filter_map(|id| a.summary(b, *id))
        .map(|m| m.spent.0)
        .sum();
    share_text(c, a, members.len(), spent)
}

/// "N customers · S% of revenue" for `n` customers who spent `spent`.
pub fn share_text(c: Ctx, a: &Analysis, n: usize, spent: i64) -> String {
    let total = a.total_spent();
    let pct = if total > 0 { spent * 100 / total } else { 0 };
    c.counted(Msg::SegShare, n, &[("share", &c.count(pct as usize))])
}
