//! What the seller types on the customer form, checked and turned into a [`Customer`].

use crate::book::Book;
use crate::model::id::Id;
use crate::model::phone::{self, PhoneError};
use crate::model::records::{Consent, Customer, CustomerKind, Meta};
use crate::model::settings::Lang;
use crate::model::time::Timestamp;

/// The form's fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerInput {
    /// Name, any script.
    pub name: String,
    /// Phone as typed; may be empty.
    pub phone: String,
    /// Area or neighbourhood.
    pub area: String,
    /// Retail or wholesale.
    pub kind: CustomerKind,
    /// Consent to promotions on WhatsApp.
    pub whatsapp: bool,
    /// Consent to promotions by SMS.
    pub sms: bool,
    /// Preferences and notes.
    pub notes: String,
    /// The language for messages to them; `None`: the shop's.
    pub language: Option<Lang>,
    /// The most they may owe on credit, as typed; empty: no limit.
    pub credit_limit: String,
}

/// A field the seller must fix. Each shows next to its field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldError {
    /// No name.
    NameEmpty,
    /// Longer than 80 characters.
    NameTooLong,
    /// The phone number cannot be read.
    Phone(PhoneError),
    /// The number belongs to this customer already in the book.
    PhoneTaken(Id),
    /// The credit limit is not an amount of zero or more.
    CreditLimit,
    /// The customer being edited was changed or deleted (in another window) since the form
    /// was opened: saving would undo that change.
    ChangedElsewhere,
}

impl CustomerInput {
    /// The form filled from a saved customer, for editing.
    pub fn from_customer(c: &Customer) -> CustomerInput {
        CustomerInput {
            name: c.name.clone(),
            phone: c.phone.clone().unwrap_or_default(),
            area: c.area.clone(),
            kind: c.kind,
            whatsapp: c.consent.whatsapp,
            sms: c.consent.sms,
            notes: c.notes.clone(),
            language: Lang::from_code(&c.language),
            credit_limit: c
                .credit_limit
                .map(|l| crate::model::money::format_fixed(l.0, 2))
                .unwrap_or_default(),
        }
    }

    /// A new customer's form started from what was typed in a search: a number (digits,
    /// spaces, `+`, `-`, in any script) goes in the phone, anything else in the name.
    pub fn from_search(typed: &str) -> CustomerInput {
        let t = typed.trim();
        let digits = t
            .chars()
            .filter(|ch| crate::model::phone::digit(*ch).is_some())
            .count();
        let number = digits >= 3
            && t.chars()
                .all(|ch| crate::model::phone::digit(ch).is_some() || " +-()".contains(ch));
        if number {
            CustomerInput {
                phone: t.to_string(),
                ..CustomerInput::default()
            }
        } else {
            CustomerInput {
                name: t.to_string(),
                ..CustomerInput::default()
            }
        }
    }

    /// Checks the input against `book` and builds the customer: a new one with `new_id`, or
    /// `editing` updated (its other fields kept). Every problem is returned, not just the first.
    pub fn build(
        &self,
        book: &Book,
        editing: Option<&Customer>,
        new_id: Id,
        now: Timestamp,
        default_cc: &str,
    ) -> Result<Customer, Vec<FieldError>> {
        if let Some(old) = editing {
            if book.customer(old.meta.id) != Some(old) {
                return Err(vec![FieldError::ChangedElsewhere]);
            }
        }
        let mut errors = Vec::new();
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            errors.push(FieldError::NameEmpty);
        } else if name.chars().count() > 80 {
            errors.push(FieldError::NameTooLong);
        }
        let phone = match phone::normalise(&self.phone, default_cc) {
            Ok(p) => p,
            Err(e) => {
                errors.push(FieldError::Phone(e));
                None
            }
        };
        if let Some(owner) = phone.as_deref().and_then(|p| book.customer_by_phone(p)) {
            if Some(owner.meta.id) != editing.map(|c| c.meta.id) {
                errors.push(FieldError::PhoneTaken(owner.meta.id));
            }
        }
        let credit_limit = match self.credit_limit.trim() {
            "" => None,
            typed => match crate::model::money::parse_amount(typed) {
                Ok(l) if l.0 >= 0 => Some(l),
                _ => {
                    errors.push(FieldError::CreditLimit);
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut c = match editing {
            Some(old) => {
                let mut c = old.clone();
                c.meta.updated = now;
                c
            }
            None => Customer::named(Meta::new(new_id, now), ""),
        };
        c.name = name;
        c.phone = phone;
        c.area = self.area.trim().to_string();
        c.kind = self.kind;
        // The date of the choice: now when it is made or changed, else as it was.
        let changed = editing
            .is_none_or(|old| (old.consent.whatsapp, old.consent.sms) != (self.whatsapp, self.sms));
        c.consent = Consent {
            whatsapp: self.whatsapp,
            sms: self.sms,
            since: if changed { Some(now) } else { c.consent.since },
        };
        c.notes = self.notes.trim().to_string();
        c.language = self
            .language
            .map_or_else(String::new, |l| l.code().to_string());
        c.credit_limit = credit_limit;
        Ok(c)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_search_carries_over_as_a_name_or_a_number() {
        assert_eq!(CustomerInput::from_search(" Asha ").name, "Asha");
        assert_eq!(CustomerInput::from_search("शर्मा").name, "शर्मा");
        let n = CustomerInput::from_search("98765 43210");
        assert_eq!((n.name.as_str(), n.phone.as_str()), ("", "98765 43210"));
        assert_eq!(CustomerInput::from_search("+91-९८७६५").phone, "+91-९८७६५");
        // Too short or mixed with letters: a name (a shop's code, a house number).
        assert_eq!(CustomerInput::from_search("12").name, "12");
        assert_eq!(CustomerInput::from_search("Flat 12").name, "Flat 12");
    }

    use super::*;
    use crate::book::Change;

    fn book_with(phone: &str) -> (Book, Customer) {
        let mut c = Customer::named(Meta::new(Id(1), Timestamp(0)), "Asha");
        c.phone = Some(phone.into());
        let mut b = Book::default();
        let planned = b
            .plan(Change {
                customers: vec![c.clone()],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).expect("planned change applies");
        (b, c)
    }

    fn input(name: &str, phone: &str) -> CustomerInput {
        CustomerInput {
            name: name.into(),
            phone: phone.into(),
            ..CustomerInput::default()
        }
    }

    #[test]
    fn a_credit_limit_is_an_amount_or_nothing() {
        let (b, _) = book_with("+919000000000");
        let limit = |typed: &str| {
            CustomerInput {
                credit_limit: typed.into(),
                ..input("Asha", "")
            }
            .build(&b, None, Id(7), Timestamp(5), "91")
            .map(|c| c.credit_limit)
        };
        assert_eq!(limit(""), Ok(None));
        assert_eq!(
            limit(" 5,000 "),
            Ok(Some(crate::model::money::Paise(500_000)))
        );
        assert_eq!(limit("0"), Ok(Some(crate::model::money::Paise(0))));
        assert_eq!(limit("-1"), Err(vec![FieldError::CreditLimit]));
        assert_eq!(limit("lots"), Err(vec![FieldError::CreditLimit]));
        let c = CustomerInput {
            credit_limit: "1500.5".into(),
            ..input("Asha", "")
        }
        .build(&b, None, Id(7), Timestamp(5), "91")
        .unwrap();
        assert_eq!(CustomerInput::from_customer(&c).credit_limit, "1500.5");
    }

    #[test]
    fn a_new_customer_is_cleaned_up() {
        let (b, _) = book_with("+919000000000");
        let c = input("  आशा   शर्मा ", "98765 43210")
            .build(&b, None, Id(7), Timestamp(5), "91")
            .unwrap();
        assert_eq!(c.name, "आशा शर्मा");
        assert_eq!(c.phone.as_deref(), Some("+919876543210"));
        assert_eq!(c.meta, Meta::new(Id(7), Timestamp(5)));
        let no_phone = input("Ravi", "")
            .build(&b, None, Id(8), Timestamp(5), "91")
            .unwrap();
        assert_eq!(no_phone.phone, None);
    }

    #[test]
    fn every_problem_is_reported() {
        let (b, asha) = book_with("+919876543210");
        assert_eq!(
            input(" ", "12345").build(&b, None, Id(7), Timestamp(5), "91"),
            Err(vec![
                FieldError::NameEmpty,
                FieldError::Phone(PhoneError::IndianMobile)
            ])
        );
        assert_eq!(
            input("Asha 2", "098765-43210").build(&b, None, Id(7), Timestamp(5), "91"),
            Err(vec![FieldError::PhoneTaken(asha.meta.id)])
        );
        assert_eq!(
            input(&"क".repeat(81), "").build(&b, None, Id(7), Timestamp(5), "91"),
            Err(vec![FieldError::NameTooLong])
        );
    }

    #[test]
    fn editing_keeps_identity_and_own_number() {
        let (b, asha) = book_with("+919876543210");
        let mut form = CustomerInput::from_customer(&asha);
        form.name = "Asha Devi".into();
        let c = form
            .build(&b, Some(&asha), Id(99), Timestamp(9), "91")
            .unwrap();
        assert_eq!(
            (c.meta.id, c.meta.created, c.meta.updated),
            (asha.meta.id, asha.meta.created, Timestamp(9))
        );
        assert_eq!(c.name, "Asha Devi");
        assert_eq!(c.phone, asha.phone);
    }

    #[test]
    fn an_edit_of_a_customer_changed_since_the_form_opened_is_refused() {
        let (mut b, asha) = book_with("+919876543210");
        let mut form = CustomerInput::from_customer(&asha);
        form.notes = "likes jaggery".into();
        // Meanwhile another window renamed her.
        let mut renamed = asha.clone();
        renamed.name = "Asha Devi".into();
        renamed.meta.updated = Timestamp(3);
        let planned = b
            .plan(Change {
                customers: vec![renamed],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).unwrap();
        assert_eq!(
            form.build(&b, Some(&asha), Id(99), Timestamp(9), "91"),
            Err(vec![FieldError::ChangedElsewhere])
        );
    }

    #[test]
    fn a_customer_s_language_is_kept_and_used_for_their_messages() {
        let (b, asha) = book_with("+919876543210");
        assert_eq!(asha.message_lang(Lang::Hi), Lang::Hi, "unknown: the shop's");
        let mut form = CustomerInput::from_customer(&asha);
        form.language = Some(Lang::Ur);
        let c = form
            .build(&b, Some(&asha), Id(99), Timestamp(9), "91")
            .unwrap();
        assert_eq!(c.language, "ur");
        assert_eq!(c.message_lang(Lang::Hi), Lang::Ur);
        assert_eq!(CustomerInput::from_customer(&c).language, Some(Lang::Ur));
        // None again: the shop's language.
        let mut form = CustomerInput::from_customer(&c);
        form.language = None;
        let back = form.build(&b, Some(&asha), Id(99), Timestamp(9), "91");
        assert_eq!(back.map(|x| x.language), Ok(String::new()));
    }

    #[test]
    fn the_consent_choice_is_dated_when_given_or_withdrawn_and_kept_otherwise() {
        let (b, asha) = book_with("+919876543210");
        let mut form = input("Ravi", "");
        form.whatsapp = true;
        let ravi = form.build(&b, None, Id(7), Timestamp(5), "91").unwrap();
        assert_eq!(ravi.consent.since, Some(Timestamp(5)));
        assert!(ravi.consent.offers());
        // Asha withdraws (she had given none, so this is a change too), then only her notes change.
        let mut form = CustomerInput::from_customer(&asha);
        form.whatsapp = !asha.consent.whatsapp;
        let changed = form
            .build(&b, Some(&asha), Id(9), Timestamp(9), "91")
            .unwrap();
        assert_eq!(changed.consent.since, Some(Timestamp(9)));
        let mut form = CustomerInput::from_customer(&asha);
        form.notes = "likes jaggery".into();
        let same = form
            .build(&b, Some(&asha), Id(9), Timestamp(11), "91")
            .unwrap();
        assert_eq!(same.consent, asha.consent);
    }
}
