//! The Segments page form: a name and a rule, checked and turned into a [`SavedSegment`].

use crate::analysis::rules::RuleError;
use crate::book::Book;
use crate::model::id::Id;
use crate::model::records::Meta;
use crate::model::segment::{Rule, SavedSegment};
use crate::model::text::fold;
use crate::model::time::Timestamp;

/// Longest segment name, in characters.
pub const NAME_MAX: usize = 40;

/// Why a segment cannot be saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentError {
    /// No name.
    NameEmpty,
    /// Longer than [`NAME_MAX`].
    NameTooLong,
    /// Another live custom segment has this name (ignoring case and spacing).
    NameTaken,
    /// The rule is not complete or not readable.
    Rule(RuleError),
    /// The segment being edited was changed or deleted (in another window) since the form was
    /// opened: saving would undo that change.
    ChangedElsewhere,
}

/// The Segments page form's content.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SegmentDraft {
    /// Name as typed.
    pub name: String,
    /// The rule being edited.
    pub rule: Rule,
}

impl SegmentDraft {
    /// Checks the draft and builds the record: a new one (`editing` = `None`) or the next
    /// version of `editing`.
    pub fn build(
        &self,
        book: &Book,
        editing: Option<&SavedSegment>,
        id: Id,
        now: Timestamp,
    ) -> Result<SavedSegment, SegmentError> {
        if editing.is_some_and(|old| book.segment(old.meta.id) != Some(old)) {
            return Err(SegmentError::ChangedElsewhere);
        }
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(SegmentError::NameEmpty);
        }
        if name.chars().count() > NAME_MAX {
            return Err(SegmentError::NameTooLong);
        }
        let folded = fold(&name);
        let own = editing.map(|s| s.meta.id);
        if book
            .segments()
            .iter()
            .any(|s| s.meta.live() && Some(s.meta.id) != own && fold(&s.name) == folded)
        {
            return Err(SegmentError::NameTaken);
        }
        self.rule.check().map_err(SegmentError::Rule)?;
        let meta = match editing {
            Some(old) => Meta {
                updated: now,
                ..old.meta
            },
            None => Meta::new(id, now),
        };
        Ok(SavedSegment {
            meta,
            name,
            rule: self.rule.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Change;
    use crate::model::segment::{Condition, Field, Group, Op};

    fn one(all: bool, conditions: Vec<Condition>) -> Rule {
        Rule {
            all: true,
            groups: vec![Group { all, conditions }],
        }
    }

    fn cond(field: Field, op: Op, value: &str) -> Condition {
        Condition {
            field,
            op,
            value: value.into(),
        }
    }

    #[test]
    fn an_edit_of_a_segment_changed_since_the_form_opened_is_refused() {
        let mut b = Book::default();
        let rule = one(true, vec![cond(Field::Visits, Op::AtLeast, "2")]);
        let draft = SegmentDraft {
            name: "Regulars".into(),
            rule,
        };
        let saved = draft.build(&b, None, Id(5), Timestamp(1)).unwrap();
        let planned = b
            .plan(Change {
                segments: vec![saved.clone()],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).unwrap();
        let renamed = SegmentDraft {
            name: "Loyal".into(),
            ..draft.clone()
        }
        .build(&b, Some(&saved), Id(6), Timestamp(2))
        .unwrap();
        let planned = b
            .plan(Change {
                segments: vec![renamed],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).unwrap();
        assert_eq!(
            draft.build(&b, Some(&saved), Id(7), Timestamp(3)),
            Err(SegmentError::ChangedElsewhere)
        );
    }

    #[test]
    fn a_draft_needs_a_unique_name_and_a_valid_rule() {
        let mut b = Book::default();
        let rule = one(true, vec![cond(Field::Visits, Op::AtLeast, "2")]);
        let draft = |name: &str, rule: &Rule| SegmentDraft {
            name: name.into(),
            rule: rule.clone(),
        };
        let build = |b: &Book, d: SegmentDraft, editing: Option<&SavedSegment>| {
            d.build(b, editing, Id(50), Timestamp(7))
        };
        assert_eq!(
            build(&b, draft("  ", &rule), None),
            Err(SegmentError::NameEmpty)
        );
        assert_eq!(
            build(&b, draft(&"x".repeat(NAME_MAX + 1), &rule), None),
            Err(SegmentError::NameTooLong)
        );
        assert_eq!(
            build(&b, draft("Regulars", &one(true, vec![])), None),
            Err(SegmentError::Rule(RuleError::Empty))
        );
        let saved = build(&b, draft(" Regulars ", &rule), None).unwrap();
        assert_eq!(saved.name, "Regulars");
        assert_eq!(saved.meta, Meta::new(Id(50), Timestamp(7)));
        let planned = b
            .plan(Change {
                segments: vec![saved.clone()],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).expect("planned change applies");
        assert_eq!(
            build(&b, draft("REGULARS", &rule), None),
            Err(SegmentError::NameTaken)
        );
        // Editing keeps its own name, id and creation, and moves `updated`.
        let edited = SegmentDraft {
            name: "regulars".into(),
            rule: one(false, vec![cond(Field::Visits, Op::AtLeast, "3")]),
        }
        .build(&b, Some(&saved), Id(51), Timestamp(9))
        .unwrap();
        assert_eq!(edited.meta.id, Id(50));
        assert_eq!(
            (edited.meta.created, edited.meta.updated),
            (Timestamp(7), Timestamp(9))
        );
        // A deleted segment's name is free again.
        let mut gone = saved.clone();
        gone.meta.deleted = Some(Timestamp(10));
        let planned = b
            .plan(Change {
                segments: vec![gone],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).expect("planned change applies");
        assert!(build(&b, draft("Regulars", &rule), None).is_ok());
    }
}
