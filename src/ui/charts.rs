//! Small pictures drawn as inline SVG: a line (with a dashed forecast after it) and bars. They
//! hold no text, so that a right-to-left page can mirror them with CSS; their labels are HTML
//! beside them, and each picture carries its numbers for screen readers (an `aria-label`, and
//! a table the seller can open).

use leptos::prelude::*;

/// Width and height of a line picture's drawing space (it is stretched to the page's width);
/// points are whole numbers in it (no float formatting in the app: it costs kilobytes).
const W: i64 = 1000;
const H: i64 = 300;

/// A line of `values` (gaps where `None`), and `ahead` dashed after the last value: sales by
/// week with their forecast, ratings by month. `top`: the value at the top (else the largest).
#[component]
pub fn Line(
    values: Vec<Option<f64>>,
    #[prop(optional)] ahead: Vec<f64>,
    #[prop(optional)] top: Option<f64>,
    /// What the picture shows, in words and numbers (read by screen readers).
    label: String,
) -> impl IntoView {
    let n = values.len() + ahead.len();
    let top = top.unwrap_or_else(|| {
        values
            .iter()
            .flatten()
            .chain(&ahead)
            .copied()
            .fold(0.0, f64::max)
    });
    let top = if top > 0.0 { top } else { 1.0 };
    let x = move |i: usize| {
        if n > 1 {
            i as i64 * W / (n as i64 - 1)
        } else {
            W / 2
        }
    };
    let y = move |v: f64| H - 10 - ((v / top).clamp(0.0, 1.0) * (H - 20) as f64).round() as i64;
    // Runs of known values, each its own line; a lone value is a dot.
    let mut runs: Vec<Vec<(i64, i64)>> = Vec::new();
    let mut run: Vec<(i64, i64)> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => run.push((x(i), y(*v))),
            None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    let last = values
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, v)| Some((x(i), y((*v)?))));
    let forecast: Vec<(i64, i64)> = last
        .into_iter()
        .chain(
            ahead
                .iter()
                .enumerate()
                .map(|(j, v)| (x(values.len() + j), y(*v))),
        )
        .collect();
    let points = |p: &[(i64, i64)]| {
        p.iter()
            .map(|(a, b)| format!("{a},{b}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    view! {
        <svg class="chart line" viewBox=format!("0 0 {W} {H}") preserveAspectRatio="none"
            role="img" aria-label=label>
            <line class="axis" x1="0" y1=H - 10 x2=W y2=H - 10/>
            {runs.iter().map(|r| if r.len() == 1 {
                view! { <circle class="dot" cx=r[0].0 cy=r[0].1 r="8"/> }.into_any()
            } else {
                view! { <polyline class="past" points=points(r)/> }.into_any()
            }).collect_view()}
            {(forecast.len() > 1).then(|| view! { <polyline class="ahead" points=points(&forecast)/> })}
        </svg>
    }
}

/// One bar of [`Bars`]: its label (a link when `href` is set), its length and its number.
pub struct Bar {
    /// What it is (a name).
    pub label: String,
    /// Where tapping it goes, if anywhere.
    pub href: Option<String>,
    /// Its length, against the longest bar.
    pub value: f64,
    /// Its number as the seller reads it.
    pub shown: String,
}

/// Horizontal bars, longest first as given: a label, the bar, its number. The numbers are
/// text beside each bar, so that the list reads whole without the picture.
#[component]
pub fn Bars(bars: Vec<Bar>, #[prop(optional)] testid: &'static str) -> impl IntoView {
    let top = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let top = if top > 0.0 { top } else { 1.0 };
    view! {
        <ul class="bars" data-testid=testid>
            {bars.into_iter().map(|b| {
                let share = (b.value / top * 1000.0).clamp(0.0, 1000.0).round() as i64;
                let label = match b.href {
                    Some(h) => view! { <a class="bar-label" href=h>{b.label}</a> }.into_any(),
                    None => view! { <span class="bar-label">{b.label}</span> }.into_any(),
                };
                view! {
                    <li>
                        {label}
                        <svg class="chart bar" viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden="true">
                            <rect width=share height="10"/>
                        </svg>
                        <span class="bar-value">{b.shown}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// A heat colour for a share from 0 to 1 (the same scale as the Segments grid).
pub fn heat(share: f64) -> String {
    format!("--heat:{}%", (share.clamp(0.0, 1.0) * 85.0).round() as i64)
}

/// Height of one row of a [`Flows`] picture, in CSS pixels (its labels beside it take the
/// same).
const ROW: i64 = 36;

/// Flows from one side to the other: `left` and `right` name the ends (top to bottom), each
/// flow `(from, to, size)` joins `left[from]` to `right[to]` with a band as thick as its size.
/// The names are HTML beside the picture (each row as tall as a row of it); `heads` head the
/// two sides.
#[component]
pub fn Flows(
    left: Vec<String>,
    right: Vec<String>,
    flows: Vec<(usize, usize, f64)>,
    heads: (String, String),
    /// The flows in words and numbers (read by screen readers).
    label: String,
) -> impl IntoView {
    let rows = left.len().max(right.len()).max(1) as i64;
    let height = rows * ROW;
    let top = flows.iter().map(|f| f.2).fold(0.0, f64::max);
    let top = if top > 0.0 { top } else { 1.0 };
    // A band's thickness: the biggest flow fills most of a row.
    let thick = move |size: f64| ((size / top) * (ROW - 10) as f64).round().max(2.0) as i64;
    let middle = |k: usize| k as i64 * ROW + ROW / 2;
    let bands = flows
        .iter()
        .map(|&(from, to, size)| {
            let (y0, y1) = (middle(from), middle(to));
            view! {
                <path class="flow" stroke-width=thick(size)
                    d=format!("M 12 {y0} C 500 {y0} 500 {y1} 988 {y1}")/>
            }
        })
        .collect_view();
    let ends = |names: &[String], x: i64| {
        (0..names.len())
            .map(|k| view! { <rect class="node" x=x y=k as i64 * ROW + 4 width="12" height=ROW - 8/> })
            .collect_view()
    };
    let labels = |names: Vec<String>| {
        names
            .into_iter()
            .map(|n| {
                let title = n.clone();
                view! { <span title=title>{n}</span> }
            })
            .collect_view()
    };
    view! {
        <div class="flows">
            <strong>{heads.0}</strong>
            <span></span>
            <strong class="to">{heads.1}</strong>
            <div class="flow-labels">{labels(left.clone())}</div>
            <svg class="chart flow-picture" viewBox=format!("0 0 1000 {height}") preserveAspectRatio="none"
                style=format!("block-size:{height}px") role="img" aria-label=label>
                {bands}
                {ends(&left, 0)}
                {ends(&right, 988)}
            </svg>
            <div class="flow-labels to">{labels(right)}</div>
        </div>
    }
}
