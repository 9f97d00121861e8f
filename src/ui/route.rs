//! Screens and their addresses.
//!
//! Routes live in the URL fragment (`#/customers`), never in the path: a static host serves
//! `index.html` for the folder whatever the fragment says, so a reload works on every screen
//! without rewrite rules, and the app works unchanged from any sub-path
//! (`https://example.org/shop/grahak/#/customers`). leptos_router has no fragment mode
//! (leptos issue #2184), hence this small module.

use crate::model::id::Id;

/// A screen of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// Quick sale: the home screen.
    Sell,
    /// Quick sale with the buyer already chosen (from a customer's page).
    SellTo(Id),
    /// The customer book.
    Customers,
    /// One customer's page.
    Customer(Id),
    /// Everyone who owes on credit.
    Owed,
    /// Wholesale buyers due to order again.
    Reorder,
    /// One sale: what it was, corrected or voided.
    Sale(Id),
    /// The product catalogue.
    Products,
    /// Segments (RFM grid, built-in and custom groups).
    Segments,
    /// The members of one segment (a built-in's slug, or `rf-R-F` for a grid cell).
    SegmentMembers(String),
    /// Promotions sent over WhatsApp or SMS.
    Campaigns,
    /// One campaign: sending it, and what it earned.
    Campaign(Id),
    /// Reports.
    Insights,
    /// Shop settings, language, backup.
    Settings,
    /// An address that matches nothing; carries the fragment for the message.
    NotFound(String),
}

impl Route {
    /// The sections in navigation order.
    pub const SECTIONS: [Route; 7] = [
        Route::Sell,
        Route::Customers,
        Route::Products,
        Route::Segments,
        Route::Campaigns,
        Route::Insights,
        Route::Settings,
    ];

    /// Parses `location.hash` (with or without the leading `#`). Empty means the home screen.
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.split(['?', '/']);
        let first = parts.next().unwrap_or("");
        if first == "segments" {
            if let Some(slug) = parts.next().filter(|p| !p.is_empty()) {
                return Route::SegmentMembers(slug.to_string());
            }
        }
        if first == "customers" || first == "sell" || first == "sales" || first == "campaigns" {
            if let Some(id) = parts.next().filter(|p| !p.is_empty()) {
                let to = match first {
                    "sell" => Route::SellTo,
                    "sales" => Route::Sale,
                    "campaigns" => Route::Campaign,
                    _ => Route::Customer,
                };
                return Id::parse(id).map_or_else(|| Route::NotFound(hash.to_string()), to);
            }
        }
        match first {
            "" | "sell" => Route::Sell,
            "customers" => Route::Customers,
            "owed" => Route::Owed,
            "reorder" => Route::Reorder,
            "products" => Route::Products,
            "segments" => Route::Segments,
            "campaigns" => Route::Campaigns,
            "insights" => Route::Insights,
            "settings" => Route::Settings,
            _ => Route::NotFound(hash.to_string()),
        }
    }

    /// The relative link for this route, usable as an `href` from any sub-path.
    pub fn href(&self) -> String {
        match self {
            Route::Customer(id) => return format!("#/customers/{id}"),
            Route::SellTo(id) => return format!("#/sell/{id}"),
            Route::Sale(id) => return format!("#/sales/{id}"),
            Route::Campaign(id) => return format!("#/campaigns/{id}"),
            Route::SegmentMembers(slug) => return format!("#/segments/{slug}"),
            _ => {}
        }
        let slug = match self {
            Route::Sell | Route::SellTo(_) | Route::Sale(_) => "sell",
            Route::Customers | Route::Customer(_) => "customers",
            Route::Owed => "owed",
            Route::Reorder => "reorder",
            Route::Products => "products",
            Route::Segments | Route::SegmentMembers(_) => "segments",
            Route::Campaigns | Route::Campaign(_) => "campaigns",
            Route::Insights => "insights",
            Route::Settings => "settings",
            Route::NotFound(_) => "sell",
        };
        format!("#/{slug}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_round_trips_through_its_href() {
        for r in Route::SECTIONS {
            assert_eq!(Route::from_hash(&r.href()), r);
        }
    }

    #[test]
    fn empty_and_odd_fragments() {
        assert_eq!(Route::from_hash(""), Route::Sell);
        assert_eq!(Route::from_hash("#"), Route::Sell);
        assert_eq!(Route::from_hash("#/"), Route::Sell);
        assert_eq!(Route::from_hash("#customers"), Route::Customers);
        assert_eq!(Route::from_hash("#/customers/"), Route::Customers);
        assert_eq!(
            Route::from_hash("#/customers/abc"),
            Route::NotFound("#/customers/abc".into())
        );
        let id = Id(0xabc);
        assert_eq!(
            Route::from_hash(&Route::Customer(id).href()),
            Route::Customer(id)
        );
        assert_eq!(Route::from_hash(&Route::Sale(id).href()), Route::Sale(id));
        assert_eq!(
            Route::from_hash(&Route::Campaign(id).href()),
            Route::Campaign(id)
        );
        assert_eq!(
            Route::from_hash("#/sales/xyz"),
            Route::NotFound("#/sales/xyz".into())
        );
        assert_eq!(
            Route::from_hash(&Route::SellTo(id).href()),
            Route::SellTo(id)
        );
        assert_eq!(
            Route::from_hash("#/sell/nope"),
            Route::NotFound("#/sell/nope".into())
        );
        assert_eq!(Route::from_hash("#/nope"), Route::NotFound("#/nope".into()));
        assert_eq!(Route::from_hash(&Route::Owed.href()), Route::Owed);
        assert_eq!(Route::from_hash(&Route::Reorder.href()), Route::Reorder);
        let members = Route::SegmentMembers("rf-5-4".into());
        assert_eq!(Route::from_hash(&members.href()), members);
    }
}
