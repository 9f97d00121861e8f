//! Evaluating custom segments: whether a rule can be read, and who matches it, from the
//! analysis of the book (recency, visits, spend, scores, segment) and the customer's own record.

use crate::analysis::rfm::Segment;
use crate::analysis::segments::Analysis;
use crate::book::Book;
use crate::model::money::parse_amount;
use crate::model::records::{Customer, CustomerKind};
use crate::model::segment::{Condition, Field, Group, Op, Rule};
use crate::model::text::fold;

/// What is wrong with a rule, for the message next to the condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleError {
    /// No condition at all.
    Empty,
    /// Condition `(group, index)` needs a number (or an amount) it cannot read.
    NotANumber(usize, usize),
    /// Condition `(group, index)` uses an operator its field does not have.
    WrongOp(usize, usize),
    /// Condition `(group, index)` names no known segment or kind.
    UnknownValue(usize, usize),
}

impl RuleError {
    /// The `(group, condition)` the error is about, if it is about one.
    pub fn at(self) -> Option<(usize, usize)> {
        match self {
            RuleError::Empty => None,
            RuleError::NotANumber(g, i)
            | RuleError::WrongOp(g, i)
            | RuleError::UnknownValue(g, i) => Some((g, i)),
        }
    }
}

/// A field's comparable value for one customer.
enum Value {
    Number(Option<i64>),
    Text(Vec<String>),
}

impl Field {
    /// The number a condition compares with (amounts in paise).
    fn number(self, typed: &str) -> Option<i64> {
        match self {
            Field::Spent | Field::AverageBasket => parse_amount(typed).ok().map(|p| p.0),
            _ => crate::model::phone::latin_digits(typed).trim().parse().ok(),
        }
    }

    fn value(self, a: &Analysis, b: &Book, c: &Customer) -> Value {
        let id = c.meta.id;
        let m = a.summary(b, id);
        let s = a.scores(b, id);
        match self {
            Field::Recency => Value::Number(m.map(|m| m.recency_days(a.today))),
            Field::Visits => Value::Number(Some(m.map_or(0, |m| i64::from(m.purchases)))),
            Field::Spent => Value::Number(Some(m.map_or(0, |m| m.spent.0))),
            Field::AverageBasket => Value::Number(Some(m.map_or(0, |m| m.average_basket().0))),
            Field::UsualInterval => Value::Number(a.usual_interval(b, id).map(i64::from)),
            Field::RScore => Value::Number(s.map(|s| i64::from(s.r))),
            Field::FScore => Value::Number(s.map(|s| i64::from(s.f))),
            Field::MScore => Value::Number(s.map(|s| i64::from(s.m))),
            Field::Segment => Value::Text(vec![a.segment(b, id).slug().to_string()]),
            Field::Area => Value::Text(vec![fold(&c.area)]),
            Field::Kind => Value::Text(vec![match c.kind {
                CustomerKind::Retail => "retail".into(),
                CustomerKind::Wholesale => "wholesale".into(),
            }]),
            Field::Tag => Value::Text(c.tags.iter().map(|t| fold(t)).collect()),
        }
    }
}

impl Condition {
    fn check(&self, g: usize, i: usize) -> Result<(), RuleError> {
        let numeric_op = !matches!(self.op, Op::Contains);
        if self.field.is_number() {
            if !numeric_op {
                return Err(RuleError::WrongOp(g, i));
            }
            self.field
                .number(&self.value)
                .map(|_| ())
                .ok_or(RuleError::NotANumber(g, i))
        } else if !matches!(self.op, Op::Equals | Op::NotEquals | Op::Contains) {
            Err(RuleError::WrongOp(g, i))
        } else {
            let v = fold(&self.value);
            let known = match self.field {
                Field::Segment => Segment::ALL.iter().any(|s| s.slug() == v),
                Field::Kind => v == "retail" || v == "wholesale",
                _ => true,
            };
            known.then_some(()).ok_or(RuleError::UnknownValue(g, i))
        }
    }

    fn matches(&self, a: &Analysis, b: &Book, c: &Customer) -> bool {
        match self.field.value(a, b, c) {
            Value::Number(v) => {
                let (Some(v), Some(w)) = (v, self.field.number(&self.value)) else {
                    return false;
                };
                match self.op {
                    Op::Less => v < w,
                    Op::AtMost => v <= w,
                    Op::Equals => v == w,
                    Op::NotEquals => v != w,
                    Op::AtLeast => v >= w,
                    Op::More => v > w,
                    Op::Contains => false,
                }
            }
            Value::Text(texts) => {
                let w = fold(&self.value);
                let hit = |f: &dyn Fn(&String) -> bool| texts.iter().any(f);
                match self.op {
                    Op::Equals => hit(&|t| *t == w),
                    Op::NotEquals => !hit(&|t| *t == w),
                    Op::Contains => hit(&|t| t.contains(&w)),
                    _ => false,
                }
            }
        }
    }
}

impl Rule {
    /// Checks every condition; the first problem found.
    pub fn check(&self) -> Result<(), RuleError> {
        if self.groups.iter().all(|g| g.conditions.is_empty()) {
            return Err(RuleError::Empty);
        }
        for (g, group) in self.groups.iter().enumerate() {
            for (i, c) in group.conditions.iter().enumerate() {
                c.check(g, i)?;
            }
        }
        Ok(())
    }

    /// Whether customer `c` matches. Empty groups are ignored.
    pub fn matches(&self, a: &Analysis, b: &Book, c: &Customer) -> bool {
        let groups = self.groups.iter().filter(|g| !g.conditions.is_empty());
        let group = |g: &Group| {
            if g.all {
                g.conditions.iter().all(|x| x.matches(a, b, c))
            } else {
                g.conditions.iter().any(|x| x.matches(a, b, c))
            }
        };
        if self.all {
            groups.into_iter().all(group)
        } else {
            groups.into_iter().any(group)
        }
    }

    /// The live customers matching the rule (the live count while editing is its length).
    pub fn members<'b>(&self, a: &Analysis, b: &'b Book) -> Vec<&'b Customer> {
        b.customers()
            .iter()
            .filter(|c| c.meta.live() && self.matches(a, b, c))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Change;
    use crate::model::id::Id;
    use crate::model::money::Paise;
    use crate::model::records::{Channel, Meta, Payment, Purchase};
    use crate::model::time::{Date, Timestamp};

    fn cond(field: Field, op: Op, value: &str) -> Condition {
        Condition {
            field,
            op,
            value: value.into(),
        }
    }

    /// Asha: wholesale in Lal Bazaar, spent ₹6,000 over 3 visits; Ravi: ₹500 once, tag "vip";
    /// Meena: nothing yet.
    fn shop() -> (Book, Analysis) {
        let mut people = Vec::new();
        for (i, name, area, wholesale, tags) in [
            (1u128, "Asha", "Lal  bazaar", true, vec![]),
            (2, "Ravi", "Station Road", false, vec!["VIP".to_string()]),
            (3, "Meena", "", false, vec![]),
        ] {
            let mut c = Customer::named(Meta::new(Id(i), Timestamp(0)), name);
            c.area = area.into();
            c.tags = tags;
            if wholesale {
                c.kind = CustomerKind::Wholesale;
            }
            people.push(c);
        }
        let today = Date::new(2026, 11, 22).unwrap();
        let day =
            |ago: i64| Timestamp(Timestamp::at_local_midnight(today, 0).0 - ago * 86_400_000 + 1);
        let sale = |k: u128, c: u128, ago: i64, total: i64| Purchase {
            meta: Meta::new(Id(100 + k), day(ago)),
            customer: Some(Id(c)),
            at: day(ago),
            lines: Vec::new(),
            total: Paise(total),
            payment: Payment::Cash,
            channel: Channel::Stall,
            note: String::new(),
            by: String::new(),
            money: Default::default(),
        };
        let mut b = Book::default();
        let planned = b
            .plan(Change {
                customers: people,
                purchases: vec![
                    sale(1, 1, 30, 200_000),
                    sale(2, 1, 20, 200_000),
                    sale(3, 1, 10, 200_000),
                    sale(4, 2, 60, 50_000),
                ],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).expect("planned change applies");
        let a = Analysis::new(&b, today, 0);
        (b, a)
    }

    fn names(rule: &Rule) -> Vec<String> {
        let (b, a) = shop();
        rule.members(&a, &b)
            .iter()
            .map(|c| c.name.clone())
            .collect()
    }

    fn one(all: bool, conditions: Vec<Condition>) -> Rule {
        Rule {
            all: true,
            groups: vec![Group { all, conditions }],
        }
    }

    #[test]
    fn numbers_amounts_and_text_compare_as_a_seller_means() {
        assert_eq!(
            names(&one(true, vec![cond(Field::Spent, Op::AtLeast, "5,000")])),
            ["Asha"]
        );
        assert_eq!(
            names(&one(true, vec![cond(Field::Visits, Op::Equals, "0")])),
            ["Meena"]
        );
        assert_eq!(
            names(&one(true, vec![cond(Field::Recency, Op::More, "45")])),
            ["Ravi"]
        );
        // Typed on a Hindi or Urdu keyboard: the same numbers.
        assert_eq!(
            names(&one(true, vec![cond(Field::Recency, Op::More, "४५")])),
            ["Ravi"]
        );
        assert_eq!(
            names(&one(true, vec![cond(Field::Spent, Op::AtLeast, "۵٬۰۰۰")])),
            ["Asha"]
        );
        // No purchase: a recency condition never matches.
        assert_eq!(
            names(&one(true, vec![cond(Field::Recency, Op::AtLeast, "0")])),
            ["Asha", "Ravi"]
        );
        assert_eq!(
            names(&one(
                true,
                vec![cond(Field::UsualInterval, Op::Equals, "10")]
            )),
            ["Asha"]
        );
        assert_eq!(
            names(&one(
                true,
                vec![cond(Field::Area, Op::Equals, "LAL BAZAAR")]
            )),
            ["Asha"]
        );
        assert_eq!(
            names(&one(true, vec![cond(Field::Area, Op::Contains, "road")])),
            ["Ravi"]
        );
        assert_eq!(
            names(&one(true, vec![cond(Field::Tag, Op::Equals, "vip")])),
            ["Ravi"]
        );
        assert_eq!(
            names(&one(
                true,
                vec![cond(Field::Kind, Op::NotEquals, "wholesale")]
            )),
            ["Ravi", "Meena"]
        );
        assert_eq!(
            names(&one(
                true,
                vec![cond(Field::Segment, Op::Equals, "prospects")]
            )),
            ["Meena"]
        );
        assert_eq!(
            names(&one(true, vec![cond(Field::MScore, Op::Equals, "5")])),
            ["Asha"]
        );
    }

    #[test]
    fn all_any_and_one_level_of_nesting() {
        let spent = cond(Field::Spent, Op::AtLeast, "5000");
        let vip = cond(Field::Tag, Op::Equals, "vip");
        let wholesale = cond(Field::Kind, Op::Equals, "wholesale");
        assert!(names(&one(true, vec![spent.clone(), vip.clone()])).is_empty());
        assert_eq!(
            names(&one(false, vec![spent.clone(), vip.clone()])),
            ["Asha", "Ravi"]
        );
        // spent >= 5000 AND (vip OR wholesale)
        let nested = Rule {
            all: true,
            groups: vec![
                Group {
                    all: true,
                    conditions: vec![spent.clone()],
                },
                Group {
                    all: false,
                    conditions: vec![vip.clone(), wholesale.clone()],
                },
            ],
        };
        assert_eq!(names(&nested), ["Asha"]);
        // (spent >= 5000) OR (vip)
        let either = Rule {
            all: false,
            ..nested.clone()
        };
        assert_eq!(
            names(&Rule {
                groups: vec![
                    nested.groups[0].clone(),
                    one(true, vec![vip]).groups[0].clone()
                ],
                ..either
            }),
            ["Asha", "Ravi"]
        );
    }

    #[test]
    fn bad_rules_are_refused_with_the_condition_to_fix() {
        assert_eq!(
            Rule {
                all: true,
                groups: vec![]
            }
            .check(),
            Err(RuleError::Empty)
        );
        assert_eq!(one(true, vec![]).check(), Err(RuleError::Empty));
        let r = Rule {
            all: true,
            groups: vec![
                Group {
                    all: true,
                    conditions: vec![cond(Field::Visits, Op::AtLeast, "2")],
                },
                Group {
                    all: true,
                    conditions: vec![
                        cond(Field::Visits, Op::AtLeast, "2"),
                        cond(Field::Spent, Op::More, "lots"),
                    ],
                },
            ],
        };
        assert_eq!(r.check(), Err(RuleError::NotANumber(1, 1)));
        assert_eq!(
            one(true, vec![cond(Field::Visits, Op::Contains, "2")]).check(),
            Err(RuleError::WrongOp(0, 0))
        );
        assert_eq!(
            one(true, vec![cond(Field::Area, Op::More, "x")]).check(),
            Err(RuleError::WrongOp(0, 0))
        );
        assert_eq!(
            one(true, vec![cond(Field::Segment, Op::Equals, "vips")]).check(),
            Err(RuleError::UnknownValue(0, 0))
        );
        assert_eq!(
            one(true, vec![cond(Field::Segment, Op::Equals, "At-Risk")]).check(),
            Ok(())
        );
    }

    #[test]
    fn operators_offered_fit_the_field() {
        for f in Field::ALL {
            for &op in Op::for_field(f) {
                let value = if f.is_number() { "1" } else { "retail" };
                let value = if f == Field::Segment {
                    "champions"
                } else {
                    value
                };
                let c = cond(f, op, value);
                assert_eq!(c.check(0, 0), Ok(()), "{f:?} {op:?}");
            }
        }
        assert!(!Op::for_field(Field::Spent).contains(&Op::Contains));
        assert!(!Op::for_field(Field::Area).contains(&Op::Less));
    }
}
