//! The seller's own segments on the Segments page: the list with member counts, and the form
//! that builds a rule with a live count of who matches.

use crate::analysis::rfm::Segment;
use crate::analysis::rules::RuleError;
use crate::analysis::segments::Analysis;
use crate::book::Change;
use crate::forms::segment::{SegmentDraft, SegmentError};
use crate::model::segment::{Condition, Field, Group, Op, Rule, SavedSegment};
use crate::ui::book::{new_id, now};
use crate::ui::components::{first_field, DeleteButton, ErrorLine, Field, RowLink};
use crate::ui::context::{ctx, Ctx};
use crate::ui::i18n::{fill, Msg};
use crate::ui::route::Route;
use crate::ui::text::{segment_label, share};
use leptos::prelude::*;

/// The slug of a custom segment's member list.
pub fn slug(s: &SavedSegment) -> String {
    format!("custom-{}", s.meta.id)
}

fn field_label(f: Field) -> Msg {
    match f {
        Field::Recency => Msg::FieldRecencyDays,
        Field::Visits => Msg::FieldVisits,
        Field::Spent => Msg::FieldSpent,
        Field::AverageBasket => Msg::FieldAverage,
        Field::UsualInterval => Msg::FieldInterval,
        Field::RScore => Msg::FieldRScore,
        Field::FScore => Msg::FieldFScore,
        Field::MScore => Msg::FieldMScore,
        Field::Segment => Msg::FieldRfmSegment,
        Field::Area => Msg::FieldAreaRule,
        Field::Kind => Msg::FieldKindRule,
        Field::Tag => Msg::FieldTag,
    }
}

fn op_label(o: Op) -> Msg {
    match o {
        Op::Less => Msg::OpLess,
        Op::AtMost => Msg::OpAtMost,
        Op::Equals => Msg::OpEquals,
        Op::NotEquals => Msg::OpNotEquals,
        Op::AtLeast => Msg::OpAtLeast,
        Op::More => Msg::OpMore,
        Op::Contains => Msg::OpContains,
    }
}

fn rule_error(e: RuleError) -> Msg {
    match e {
        RuleError::Empty => Msg::ErrRuleEmpty,
        RuleError::NotANumber(..) => Msg::ErrRuleNumber,
        RuleError::WrongOp(..) => Msg::ErrRuleOp,
        RuleError::UnknownValue(..) => Msg::ErrRuleValue,
    }
}

/// The values a field is chosen from, `(stored value, label)`; empty when it is typed.
fn choices(f: Field) -> Vec<(&'static str, Msg)> {
    match f {
        Field::Segment => Segment::ALL
            .iter()
            .map(|&s| (s.slug(), segment_label(s)))
            .collect(),
        Field::Kind => vec![
            ("retail", Msg::KindRetail),
            ("wholesale", Msg::KindWholesale),
        ],
        _ => Vec::new(),
    }
}

/// A condition that fits `field`, keeping the old operator and value where they still fit.
fn condition_for(field: Field, old: Option<&Condition>) -> Condition {
    let default = if field.is_number() {
        Op::AtLeast
    } else {
        Op::Equals
    };
    let op = old
        .map(|c| c.op)
        .filter(|o| Op::for_field(field).contains(o))
        .unwrap_or(default);
    let value = match (choices(field).first(), old) {
        (Some((v, _)), _) => v.to_string(),
        (None, Some(c)) if c.field.is_number() == field.is_number() => c.value.clone(),
        _ => String::new(),
    };
    Condition { field, op, value }
}

fn new_rule() -> Rule {
    Rule {
        all: true,
        groups: vec![Group {
            all: true,
            conditions: vec![condition_for(Field::Spent, None)],
        }],
    }
}

/// The list of saved segments and the form.
#[component]
pub fn CustomSegments() -> impl IntoView {
    let c = ctx();
    // None: form closed; Some(None): a new segment; Some(Some(s)): editing `s`.
    let form = RwSignal::new(None::<Option<SavedSegment>>);
    let status = RwSignal::new(None::<Msg>);
    let rows = move || {
        c.book
            .analyse(|a, b| {
                b.segments()
                    .iter()
                    .filter(|s| s.meta.live())
                    .map(|s| {
                        let members: Vec<_> = s.rule.members(a, b).iter().map(|x| x.meta.id).collect();
                        let sub = share(c, a, b, &members);
                        let edit = s.clone();
                        view! {
                            <li class="with-action">
                                <RowLink href=Route::SegmentMembers(slug(s)).href() main=s.name.clone() sub=sub/>
                                <button type="button" on:click=move |_| {
                                    status.set(None);
                                    form.set(Some(Some(edit.clone())));
                                }>{c.t(Msg::CustomEdit)}</button>
                            </li>
                        }
                    })
                    .collect_view()
            })
    };
    view! {
        <h2>{c.t(Msg::CustomTitle)}</h2>
        <ul class="rows" data-testid="custom-list">{rows}</ul>
        <p class="status" role="status">{move || status.get().map(|m| m.text(c.lang()))}</p>
        {move || match form.get() {
            None => view! {
                <p class="empty">{c.t(Msg::CustomNone)}</p>
                <button type="button" class="primary" on:click=move |_| { status.set(None); form.set(Some(None)); }>{c.t(Msg::CustomNew)}</button>
            }
            .into_any(),
            Some(editing) => view! {
                <SegmentForm editing=editing on_done=Callback::new(move |saved: Option<Msg>| {
                    status.set(saved);
                    form.set(None);
                })/>
            }
            .into_any(),
        }}
    }
}

/// Builds a rule. The live count follows every keystroke; the condition rows are redrawn only
/// when their shape changes (a row added or removed, a field changed), so typing keeps focus.
#[component]
fn SegmentForm(editing: Option<SavedSegment>, on_done: Callback<Option<Msg>>) -> impl IntoView {
    let c = ctx();
    let name = RwSignal::new(editing.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    let first = first_field();
    let rule = RwSignal::new(editing.as_ref().map_or_else(new_rule, |s| s.rule.clone()));
    let shape = RwSignal::new(0u32);
    let name_error = RwSignal::new(None::<Msg>);
    let failure = RwSignal::new(None::<Msg>);
    let is_edit = editing.is_some();
    let editing = StoredValue::new(editing);
    let reshape = move |f: &dyn Fn(&mut Rule)| {
        rule.update(|r| f(r));
        shape.update(|n| *n += 1);
    };

    let count = move || {
        rule.with(|r| match r.check() {
            Ok(()) => c
                .book
                .analyse(|a: &Analysis, b| r.members(a, b).len())
                .map(|n| c.counted(Msg::CustomCount, n, &[])),
            Err(RuleError::Empty) => Some(Msg::ErrRuleEmpty.text(c.lang()).to_string()),
            Err(_) => Some(Msg::NoValue.text(c.lang()).to_string()),
        })
    };

    let store = move |s: SavedSegment, saved: Msg| {
        c.book.submit(
            Change {
                segments: vec![s],
                ..Change::default()
            },
            move |r| match r {
                Ok(()) => on_done.run(Some(saved)),
                Err(m) => failure.set(Some(m)),
            },
        );
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = SegmentDraft {
            name: name.get_untracked(),
            rule: rule.get_untracked(),
        };
        let built = c
            .book
            .read(|b| editing.with_value(|e| draft.build(b, e.as_ref(), new_id(), now())));
        name_error.set(None);
        match built {
            Some(Ok(s)) => store(s, Msg::CustomSaved),
            Some(Err(SegmentError::NameEmpty)) => name_error.set(Some(Msg::ErrSegmentName)),
            Some(Err(SegmentError::NameTooLong)) => name_error.set(Some(Msg::ErrSegmentNameLong)),
            Some(Err(SegmentError::NameTaken)) => name_error.set(Some(Msg::ErrSegmentNameTaken)),
            // Shown next to the condition already.
            Some(Err(SegmentError::Rule(e))) => failure.set(Some(rule_error(e))),
            Some(Err(SegmentError::ChangedElsewhere)) => {
                failure.set(Some(Msg::ErrChangedElsewhere))
            }
            None => failure.set(Some(Msg::ErrSaveFailed)),
        }
    };
    let delete = move |()| {
        if let Some(s) = editing.get_value() {
            let meta = s.meta.deleted(now());
            store(SavedSegment { meta, ..s }, Msg::CustomDeleted);
        }
    };

    let all_any = move |all: bool, on_pick: Callback<bool>, labels: (Msg, Msg)| {
        view! {
            <select on:change=move |ev| on_pick.run(event_target_value(&ev) == "all")>
                <option value="all" selected=all>{c.t(labels.0)}</option>
                <option value="any" selected=!all>{c.t(labels.1)}</option>
            </select>
        }
    };

    let groups = move || {
        shape.track();
        let r = rule.get_untracked();
        let top = all_any(
            r.all,
            Callback::new(move |all| rule.update(|r| r.all = all)),
            (Msg::CustomMatchAll, Msg::CustomMatchAny),
        );
        let many = r.groups.len() > 1;
        view! {
            {many.then_some(top)}
            {r.groups.iter().enumerate().map(|(g, group)| {
                let head = fill(Msg::CustomGroup.text(c.lang()), &[("n", &c.count(g + 1))]);
                view! {
                    <fieldset class="card group" data-testid="rule-group">
                        <legend>{head}</legend>
                        {all_any(group.all, Callback::new(move |all| rule.update(|r| if let Some(gr) = r.groups.get_mut(g) { gr.all = all })), (Msg::CustomGroupAll, Msg::CustomGroupAny))}
                        {group.conditions.iter().enumerate().map(|(i, cond)| condition_row(c, rule, shape, g, i, cond)).collect_view()}
                        <div class="actions">
                            <button type="button" on:click=move |_| reshape(&|r: &mut Rule| {
                                if let Some(gr) = r.groups.get_mut(g) {
                                    gr.conditions.push(condition_for(Field::Visits, None));
                                }
                            })>{c.t(Msg::CustomAddCondition)}</button>
                            {many.then(|| view! {
                                <button type="button" on:click=move |_| reshape(&|r: &mut Rule| { if g < r.groups.len() { r.groups.remove(g); } })>{c.t(Msg::CustomRemove)}</button>
                            })}
                        </div>
                    </fieldset>
                }
            }).collect_view()}
        }
    };

    view! {
        <form class="card" on:submit=submit novalidate data-testid="segment-form">
            <h2>{c.t(if is_edit { Msg::CustomEditTitle } else { Msg::CustomNew })}</h2>
            <Field label=Msg::CustomName error=Signal::derive(move || name_error.get().map(|m| m.text(c.lang()).to_string()))>
                <input name="segment-name" autocomplete="off" bind:value=name node_ref=first/>
            </Field>
            {groups}
            <div class="actions">
                <button type="button" on:click=move |_| reshape(&|r: &mut Rule| r.groups.push(Group { all: true, conditions: vec![condition_for(Field::Visits, None)] }))>{c.t(Msg::CustomAddGroup)}</button>
            </div>
            <p class="status" role="status" data-testid="segment-count">{count}</p>
            <ErrorLine error=Signal::derive(move || failure.get().map(|m| m.text(c.lang()).to_string()))/>
            <div class="actions">
                <button type="submit" class="primary">{c.t(Msg::Save)}</button>
                <button type="button" on:click=move |_| on_done.run(None)>{c.t(Msg::Cancel)}</button>
                {is_edit.then(|| view! {
                    <DeleteButton
                        question=Callback::new(move |()| fill(Msg::CustomDeleteConfirm.text(c.lang()), &[("name", &name.get_untracked())]))
                        on_delete=Callback::new(delete)/>
                })}
            </div>
        </form>
    }
}

/// One condition: field, comparison, value, remove; its own error under it.
fn condition_row(
    c: Ctx,
    rule: RwSignal<Rule>,
    shape: RwSignal<u32>,
    g: usize,
    i: usize,
    cond: &Condition,
) -> impl IntoView {
    let set = move |f: &dyn Fn(&mut Condition)| {
        rule.update(|r| {
            if let Some(x) = r.groups.get_mut(g).and_then(|gr| gr.conditions.get_mut(i)) {
                f(x);
            }
        })
    };
    let field = cond.field;
    let error = Signal::derive(move || {
        rule.with(|r| {
            r.check()
                .err()
                .filter(|e| e.at() == Some((g, i)))
                .map(|e| rule_error(e).text(c.lang()).to_string())
        })
    });
    let picks = choices(field);
    let value = cond.value.clone();
    let value_input = if picks.is_empty() {
        view! {
            <input aria-label=c.t(Msg::CustomValue) autocomplete="off" prop:value=value
                inputmode=if field.is_number() { "decimal" } else { "text" }
                on:input=move |ev| { let v = event_target_value(&ev); set(&|x| x.value = v.clone()); }/>
        }
        .into_any()
    } else {
        view! {
            <select aria-label=c.t(Msg::CustomValue) on:change=move |ev| { let v = event_target_value(&ev); set(&|x| x.value = v.clone()); }>
                {picks.into_iter().map(|(v, m)| view! { <option value=v selected=value == v>{c.t(m)}</option> }).collect_view()}
            </select>
        }
        .into_any()
    };
    let op = cond.op;
    view! {
        <div class="condition" data-testid="rule-condition">
            <select aria-label=c.t(Msg::CustomField) on:change=move |ev| {
                let k: usize = event_target_value(&ev).parse().unwrap_or(0);
                let f = Field::ALL.get(k).copied().unwrap_or(Field::Visits);
                set(&|x| *x = condition_for(f, Some(x)));
                shape.update(|n| *n += 1);
            }>
                {Field::ALL.iter().enumerate().map(|(k, &f)| view! { <option value=k.to_string() selected=f == field>{c.t(field_label(f))}</option> }).collect_view()}
            </select>
            <select aria-label=c.t(Msg::CustomCompare) on:change=move |ev| {
                let k: usize = event_target_value(&ev).parse().unwrap_or(0);
                let o = Op::ALL.get(k).copied().unwrap_or(Op::Equals);
                set(&|x| x.op = o);
            }>
                {Op::for_field(field).iter().map(|&o| view! { <option value=(o as usize).to_string() selected=o == op>{c.t(op_label(o))}</option> }).collect_view()}
            </select>
            {value_input}
            <button type="button" aria-label=c.t(Msg::CustomRemove) on:click=move |_| {
                rule.update(|r| { if let Some(gr) = r.groups.get_mut(g) { if i < gr.conditions.len() { gr.conditions.remove(i); } } });
                shape.update(|n| *n += 1);
            }>"×"</button>
            <ErrorLine error=error/>
        </div>
    }
}
