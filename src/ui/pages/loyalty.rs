//! Loyalty on screen: the rules in Settings (off until the seller turns them on), and on a
//! customer's page their points, what expires soon, their tier and their ledger, with bonus
//! points given by hand.

use crate::analysis::loyalty::{ledger, points, tier, year_spend, Points};
use crate::forms::loyalty::{give_bonus, BonusError, Field as RuleField, RulesDraft, RulesError};
use crate::model::id::Id;
use crate::model::loyalty::Kind;
use crate::model::time::Date;
use crate::storage::settings as saved_settings;
use crate::ui::book::{local_offset_minutes, new_id, now};
use crate::ui::components::{Field, Outcome};
use crate::ui::context::{ctx, Ctx};
use crate::ui::i18n::{fill, Msg};
use crate::ui::text::{date, day};
use leptos::prelude::*;

/// Most tier rows on the form.
const TIER_ROWS: usize = 5;

/// The loyalty rules in Settings.
#[component]
pub fn LoyaltyForm() -> impl IntoView {
    let c = ctx();
    let start = RulesDraft::of(&c.settings.with_untracked(|s| s.loyalty.clone()));
    let on = RwSignal::new(start.on);
    let text = |v: &str| RwSignal::new(v.to_string());
    let per_100 = text(&start.points_per_100);
    let minimum = text(&start.minimum_bill);
    let expiry = text(&start.expiry_days);
    let max = text(&start.max_redeem_percent);
    let value = text(&start.point_value);
    // The tiers, and a blank row or more to add one (up to five in all).
    let tiers: Vec<(RwSignal<String>, RwSignal<String>)> = (0..TIER_ROWS.max(start.tiers.len()))
        .map(|k| {
            let (n, s) = start.tiers.get(k).cloned().unwrap_or_default();
            (RwSignal::new(n), RwSignal::new(s))
        })
        .collect();
    let tiers = StoredValue::new(tiers);
    let errors = RwSignal::new(Vec::<RulesError>::new());
    let outcome = RwSignal::new(None::<(bool, String)>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = RulesDraft {
            on: on.get_untracked(),
            points_per_100: per_100.get_untracked(),
            minimum_bill: minimum.get_untracked(),
            expiry_days: expiry.get_untracked(),
            max_redeem_percent: max.get_untracked(),
            point_value: value.get_untracked(),
            tiers: tiers.with_value(|t| {
                t.iter()
                    .map(|(n, s)| (n.get_untracked(), s.get_untracked()))
                    .collect()
            }),
        };
        match draft.build() {
            Err(es) => {
                errors.set(es);
                outcome.set(None);
            }
            Ok(rules) => {
                errors.set(Vec::new());
                let mut settings = c.settings.get_untracked();
                settings.loyalty = rules;
                let saved = saved_settings::save(&settings).is_ok();
                if saved {
                    c.settings.set(settings);
                }
                let m = if saved {
                    Msg::LoyaltySaved
                } else {
                    Msg::ErrSettingsNotSaved
                };
                outcome.set(Some((!saved, m.text(c.lang()).to_string())));
            }
        }
    };
    let error = move |f: RuleField| {
        Signal::derive(move || {
            errors
                .with(|es| {
                    es.iter().find_map(|e| match e {
                        RulesError::OutOfRange(x) if *x == f => Some(Msg::ErrLoyaltyNumber),
                        RulesError::Amount(x) if *x == f => Some(Msg::ErrRuleAmount),
                        RulesError::TierName(k) if RuleField::Tier(*k) == f => {
                            Some(Msg::ErrTierName)
                        }
                        RulesError::TierOrder(k) if RuleField::Tier(*k) == f => {
                            Some(Msg::ErrTierOrder)
                        }
                        _ => None,
                    })
                })
                .map(|m| m.text(c.lang()).to_string())
        })
    };
    view! {
        <form class="card" data-testid="loyalty-form" novalidate on:submit=submit>
            <h2>{c.t(Msg::LoyaltyTitle)}</h2>
            <label class="check">
                <input type="checkbox" name="loyalty-on" bind:checked=on/>
                <span>{c.t(Msg::LoyaltyOn)}</span>
            </label>
            <Field label=Msg::FieldPointsPer100 error=error(RuleField::PointsPer100)>
                <input name="points-per-100" inputmode="numeric" bind:value=per_100/>
            </Field>
            <Field label=Msg::FieldMinimumBill error=error(RuleField::MinimumBill)>
                <input name="minimum-bill" inputmode="decimal" bind:value=minimum/>
            </Field>
            <Field label=Msg::FieldExpiryDays error=error(RuleField::ExpiryDays)>
                <input name="expiry-days" inputmode="numeric" bind:value=expiry/>
            </Field>
            <Field label=Msg::FieldMaxRedeem error=error(RuleField::MaxRedeem)>
                <input name="max-redeem" inputmode="numeric" bind:value=max/>
            </Field>
            <Field label=Msg::FieldPointValue error=error(RuleField::PointValue)>
                <input name="point-value" inputmode="decimal" bind:value=value/>
            </Field>
            <fieldset>
                <legend>{c.t(Msg::TiersTitle)}</legend>
                {tiers.with_value(|t| t.iter().enumerate().map(|(k, (n, s))| {
                    let (n, s) = (*n, *s);
                    view! {
                        <div class="pair" data-testid="tier-row">
                            <Field label=Msg::FieldTierName error=error(RuleField::Tier(k))>
                                <input name=format!("tier-name-{k}") bind:value=n/>
                            </Field>
                            <Field label=Msg::FieldTierSpend>
                                <input name=format!("tier-spend-{k}") inputmode="decimal" bind:value=s/>
                            </Field>
                        </div>
                    }
                }).collect_view())}
            </fieldset>
            <Outcome outcome=Signal::derive(move || outcome.get()) testid="loyalty-status"/>
            <div class="actions"><button type="submit" class="primary">{c.t(Msg::Save)}</button></div>
        </form>
    }
}

/// `customer`'s points today.
pub fn held(c: Ctx, customer: Id) -> Points {
    let today = now().local_date(local_offset_minutes());
    c.book
        .read(|b| points(&ledger(b, customer), today, local_offset_minutes()))
        .unwrap_or_default()
}

/// "12 points, worth ₹12".
pub fn held_line(c: Ctx, n: u32) -> String {
    worth_line(c, Msg::PointsHeld, n.into())
}

/// `msg` with `{n}` points and `{amount}` what they are worth.
pub fn worth_line(c: Ctx, msg: Msg, n: u64) -> String {
    let worth = c.settings.with(|s| s.loyalty.worth(n));
    c.counted(msg, n as usize, &[("amount", &c.money(worth))])
}

/// Ledger lines shown on a customer's page.
const LEDGER_SHOWN: usize = 20;

/// A customer's points: balance, what expires in the next 30 days, tier, the ledger (newest
/// first), and bonus points given by hand with a reason. Shown while loyalty is on, or while
/// they still hold points from when it was.
#[component]
pub fn PointsCard(id: Id) -> impl IntoView {
    let c = ctx();
    let rules = move || c.settings.with(|s| s.loyalty.clone());
    let now_points = move || held(c, id);
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<BonusError>::new());
    let outcome = RwSignal::new(None::<(bool, String)>);
    let give = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = (amount.get_untracked(), reason.get_untracked());
        let built = c.book.read(|b| {
            give_bonus(
                b,
                &untrack(rules),
                id,
                (&typed.0, &typed.1),
                new_id(),
                now(),
                local_offset_minutes(),
            )
        });
        match built {
            Some(Ok(i)) => {
                errors.set(Vec::new());
                crate::ui::pages::credit::save_contact(c, i, Msg::BonusSaved, outcome, move || {
                    amount.set(String::new());
                    reason.set(String::new());
                });
            }
            Some(Err(es)) => {
                outcome.set(None);
                errors.set(es);
            }
            None => {}
        }
    };
    let bonus_error = move |e: BonusError, m: Msg| {
        Signal::derive(move || {
            errors
                .with(|es| es.contains(&e))
                .then(|| m.text(c.lang()).to_string())
        })
    };
    let lines = move || {
        let mut lines: Vec<(i64, String)> = c
            .book
            .read(|b| {
                ledger(b, id)
                    .into_iter()
                    .map(|e| {
                        let (label, sign) = match e.kind {
                            Kind::Earned => (Msg::LedgerEarned, "+"),
                            Kind::Redeemed => (Msg::LedgerRedeemed, "−"),
                            Kind::Bonus => (Msg::LedgerBonus, "+"),
                        };
                        let mut text = format!(
                            "{} · {} {sign}{}",
                            day(e.at),
                            label.text(c.lang()),
                            c.count(e.points as usize)
                        );
                        if !e.reason.is_empty() {
                            text = format!("{text} · {}", e.reason);
                        }
                        (e.at.0, text)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let p = now_points();
        lines.extend(p.expired.iter().map(|(d, n)| {
            let at = crate::model::time::Timestamp::at_local_midnight(*d, local_offset_minutes()).0;
            (
                at,
                format!(
                    "{} · {} −{}",
                    date(*d),
                    Msg::LedgerExpired.text(c.lang()),
                    c.count(*n as usize)
                ),
            )
        }));
        crate::model::sort::sort_by_key(&mut lines, |(at, _)| std::cmp::Reverse(*at));
        lines.truncate(LEDGER_SHOWN);
        lines
    };
    let shown = move || rules().on || now_points().balance > 0;
    move || {
        shown().then(|| {
        let p = now_points();
        let today = now().local_date(local_offset_minutes());
        // Expiring within the next 30 days, the 30th included.
        let soon = Date::from_days_since_epoch(today.days_since_epoch() + 31);
        let expiring = p.expiring_before(soon);
        let spend = c.book.read(|b| year_spend(b, id, today, local_offset_minutes())).unwrap_or_default();
        let tier_name = tier(&rules(), spend).map(|t| t.name.clone());
        view! {
            <form class="card" data-testid="points-card" novalidate on:submit=give>
                <h2>{c.t(Msg::LoyaltyTitle)}</h2>
                <p class="lead" data-testid="points-balance">{held_line(c, p.balance)}</p>
                {(expiring > 0).then(|| {
                    let first = p.expiring.first().map(|(d, _)| date(*d)).unwrap_or_default();
                    view! { <p data-testid="points-expiring">{fill(Msg::PointsExpiring.text(c.lang()), &[("n", &c.count(expiring as usize)), ("date", &first)])}</p> }
                })}
                {tier_name.map(|t| view! {
                    <p data-testid="points-tier">{fill(Msg::TierLine.text(c.lang()), &[("tier", &t), ("amount", &c.money(spend))])}</p>
                })}
                <ul class="hint" data-testid="points-ledger">
                    {lines().into_iter().map(|(_, t)| view! { <li>{t}</li> }).collect_view()}
                </ul>
                <div class="pair">
                    <Field label=Msg::BonusPoints error=bonus_error(BonusError::Points, Msg::ErrBonusPoints)>
                        <input name="bonus-points" inputmode="numeric" bind:value=amount/>
                    </Field>
                    <Field label=Msg::BonusReason error=bonus_error(BonusError::Reason, Msg::ErrBonusReason)>
                        <input name="bonus-reason" bind:value=reason/>
                    </Field>
                </div>
                <Outcome outcome=Signal::derive(move || outcome.get()) testid="bonus-status"/>
                <div class="actions"><button type="submit">{c.t(Msg::BonusGive)}</button></div>
            </form>
        }
    })
    }
}
