//! Every string the interface shows, per language.
//!
//! Keys are variants of [`Msg`], so a misspelt or removed key is a compile error, and the
//! `messages!` table takes one literal per language for each key, so a missing translation is a
//! compile error too. Placeholders are written `{name}` and filled with [`fill`].
//!
//! The texts are not compiled into the browser app: `public/messages-en.js` (made from this
//! table by `tests/messages_file.rs`, which fails when the two differ) is inlined into the page
//! by Trunk as `window.grahakMessages`, and [`install`] reads it at start. Strings compress the
//! same in the page as in the wasm, but the wasm budget is the tight one, and each language's
//! table can later be loaded alone instead of all of them being compiled in.
//!
//! Why not `leptos_i18n`: it brings leptos_meta, leptos-use and the ICU4X data crates into a wasm
//! budget of 250 KB gzip; what Grahak needs (a lookup and named placeholders) is this table.

pub use crate::model::settings::Lang;

#[cfg(target_arch = "wasm32")]
thread_local! {
    static TABLE: std::cell::RefCell<Vec<&'static str>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Installs the message table from `window.grahakMessages` (an array of strings in [`Msg`]
/// order). `false` when it is missing or does not fit this build.
#[cfg(target_arch = "wasm32")]
pub fn install() -> bool {
    let Some(array) = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"grahakMessages".into()).ok())
        .filter(|v| v.is_array())
        .map(|v| js_sys::Array::from(&v))
    else {
        return false;
    };
    let texts: Vec<&'static str> = array
        .iter()
        .filter_map(|v| v.as_string())
        // Leaked once at start: the table lives as long as the page.
        .map(|s| &*Box::leak(s.into_boxed_str()))
        .collect();
    let fits = texts.len() == Msg::ALL.len();
    if fits {
        TABLE.with(|t| *t.borrow_mut() = texts);
    }
    fits
}

macro_rules! messages {
    ($($key:ident => { en: $en:literal $(,)? })*) => {
        /// A translatable message. See the module docs.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Msg { $($key,)* }

        impl Msg {
            /// Every message, for tests that check the tables.
            pub const ALL: &'static [Msg] = &[$(Msg::$key,)*];

            /// The message in `lang`.
            #[cfg(not(target_arch = "wasm32"))]
            pub fn text(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::En => match self { $(Msg::$key => $en,)* },
                }
            }

            /// The message in `lang`, from the installed table ("" before [`install`]).
            #[cfg(target_arch = "wasm32")]
            pub fn text(self, _lang: Lang) -> &'static str {
                TABLE.with(|t| t.borrow().get(self as usize).copied().unwrap_or(""))
            }
        }
    };
}

messages! {
    AppName => { en: "Grahak" }
    DefaultShopName => { en: "My shop" }
    NavLabel => { en: "Sections" }
    NavSell => { en: "Sell" }
    NavCustomers => { en: "Customers" }
    NavSegments => { en: "Segments" }
    NavCampaigns => { en: "Campaigns" }
    NavInsights => { en: "Insights" }
    NavSettings => { en: "Settings" }
    EmptyCampaigns => { en: "Promotions will be here: choose a group, write one message, send it personally over WhatsApp or SMS." }
    EmptyInsights => { en: "Insights will be here: sales by day and product, who is due to come back, what sells together." }
    NotFoundTitle => { en: "Page not found" }
    NotFoundBody => { en: "This address does not match any screen. Your data is safe." }
    GoHome => { en: "Go to Sell" }
    CrashTitle => { en: "Something went wrong" }
    CrashBody => { en: "Your data is safe: everything saved is kept on this device. Reload to carry on." }
    Reload => { en: "Reload" }
    NoStorageTitle => { en: "This browser cannot keep your customer book" }
    NoStorageBody => { en: "Grahak stores everything on this device, but storage is blocked here (a private window, or an old browser). Open Grahak in a normal window of an up-to-date Chrome or Firefox." }
    Loading => { en: "Opening your book…" }
    ErrTooNewTitle => { en: "This book was saved by a newer Grahak" }
    ErrTooNewBody => { en: "Reload to get the newest version of Grahak. Your data has not been changed." }
    ErrDamagedTitle => { en: "Part of your book could not be read" }
    ErrDamagedBody => { en: "Nothing has been changed or deleted. Restore your latest backup from Settings, or ask for help before entering new sales." }
    ErrFailedTitle => { en: "Your book could not be opened" }
    ErrFailedBody => { en: "Nothing has been changed. Close other Grahak tabs and reload." }
    ErrQuota => { en: "This device is out of space: nothing was saved. Free some space, then try again." }
    ErrClosed => { en: "Grahak was updated in another tab. Reload this tab to carry on." }
    ErrConflict => { en: "This phone number is already in your book: nothing was saved." }
    ErrSaveFailed => { en: "Could not save: nothing was changed. Try again." }
    ErrDuplicatePhone => { en: "This phone number belongs to another customer." }
    ErrEmptyName => { en: "Enter a name." }
    ErrUnknownRecord => { en: "Part of this entry no longer exists in your book: nothing was saved." }
    ErrChangedElsewhere => { en: "This was changed in another window just now: nothing was saved. Check it and try again." }
    ErrReplaced => { en: "The whole book was replaced in another window (restore or sample shop): nothing was saved." }
    ErrDeletedCustomer => { en: "This customer was deleted in another window: nothing was saved." }
    ErrDeletedProduct => { en: "A product on this sale was deleted in another window: nothing was saved." }
    NoticeReplaced => { en: "The book was replaced in another window (restore or sample shop). This window now shows it." }
    Dismiss => { en: "OK" }
    NoticeBlocked => { en: "Another Grahak tab is open with an older version. Close it to finish updating." }
    SettingsShop => { en: "Your shop" }
    SettingsShopName => { en: "Shop name" }
    SettingsLanguage => { en: "Language" }
    SettingsCurrency => { en: "Currency (3 letters, e.g. INR)" }
    SettingsCountryCode => { en: "Country code for phone numbers (e.g. 91)" }
    Save => { en: "Save" }
    Saved => { en: "Saved" }
    ErrShopNameTooLong => { en: "Use at most 60 characters." }
    ErrCurrency => { en: "Use a 3-letter currency code, such as INR." }
    ErrCountryCode => { en: "Use 1 to 3 digits, such as 91." }
    ErrSettingsNotSaved => { en: "Settings could not be saved on this device." }
    SettingsBook => { en: "Your book" }
    BookCounts => { en: "{customers} customers, {products} products, {sales} sales" }
    SettingsStorage => { en: "Storage on this device" }
    StorageUsed => { en: "Using {used} of {quota} available to Grahak." }
    StorageUnknown => { en: "This browser does not say how much space is left." }
    PersistGranted => { en: "Protected: the browser will not clear your book to free space." }
    PersistNotGranted => { en: "Not protected yet: the browser may clear your book when the device runs short of space. Keep backups." }
    PersistAsk => { en: "Protect my book" }
    SampleTitle => { en: "Try Grahak with a sample shop" }
    SampleBody => { en: "Fills the book with made-up customers and sales so you can look around. It replaces everything in this book." }
    SampleLoad => { en: "Load sample shop" }
    SampleConfirm => { en: "Replace everything in this book with the sample shop?" }
    SampleLoaded => { en: "Sample shop loaded." }
    Working => { en: "Working…" }
    CustomersSearch => { en: "Search by name or phone" }
    AddCustomer => { en: "Add customer" }
    NewCustomer => { en: "New customer" }
    EditCustomer => { en: "Edit customer" }
    FieldName => { en: "Name" }
    FieldPhone => { en: "Phone" }
    FieldArea => { en: "Area" }
    FieldKind => { en: "Buys as" }
    KindRetail => { en: "Retail customer" }
    KindWholesale => { en: "Wholesale buyer" }
    ConsentWhatsApp => { en: "Agrees to offers on WhatsApp" }
    ConsentSms => { en: "Agrees to offers by SMS" }
    FieldNotes => { en: "Preferences and notes" }
    Cancel => { en: "Cancel" }
    Edit => { en: "Edit" }
    ErrNameTooLong => { en: "Use at most 80 characters." }
    ErrPhoneCharacters => { en: "Use only digits, spaces, dashes and a leading +." }
    ErrPhoneIndian => { en: "Enter a 10-digit mobile number starting with 6, 7, 8 or 9." }
    ErrPhoneLength => { en: "This number is too short or too long." }
    ErrPhoneTaken => { en: "This number already belongs to {name}." }
    OpenCustomer => { en: "Open {name}" }
    NoCustomersYet => { en: "No customers yet. Add your first one, or load the sample shop in Settings." }
    NoMatches => { en: "Nobody matches. Check the spelling, or add them as a new customer." }
    CustomerNotFound => { en: "This customer is not in your book." }
    Call => { en: "Call" }
    WhatsApp => { en: "WhatsApp" }
    StatVisits => { en: "Visits" }
    StatSpent => { en: "Spent" }
    StatAverage => { en: "Average basket" }
    StatLastVisit => { en: "Last visit" }
    Never => { en: "never" }
    BackToCustomers => { en: "All customers" }
    SellWho => { en: "Who is buying?" }
    WalkIn => { en: "Walk-in customer" }
    Change => { en: "Change" }
    RecentCustomers => { en: "Recent" }
    RepeatLast => { en: "Repeat last order" }
    Products => { en: "Products" }
    NoProductsYet => { en: "No products yet: add one below." }
    FirstRunTitle => { en: "New here?" }
    FirstRunBody => { en: "Add the products you sell, then choose who is buying and tap them. Or look around with a sample shop first." }
    FirstRunProducts => { en: "Add products" }
    FirstRunSample => { en: "Try the sample shop" }
    QuickAddProduct => { en: "New product" }
    FieldProductName => { en: "Product name" }
    FieldPrice => { en: "Price" }
    FieldUnit => { en: "Unit (kg, packet, piece)" }
    AddProduct => { en: "Add product" }
    Qty => { en: "Qty" }
    Remove => { en: "Remove" }
    Total => { en: "Total" }
    PaymentLabel => { en: "Payment" }
    PayCash => { en: "Cash" }
    PayUpi => { en: "UPI" }
    PayCard => { en: "Card" }
    PayCredit => { en: "Credit (udhaar)" }
    ChannelLabel => { en: "Sold via" }
    ChStall => { en: "Stall" }
    ChPhone => { en: "Phone" }
    ChWhatsApp => { en: "WhatsApp" }
    ChOnline => { en: "Online" }
    SaveSale => { en: "Save sale" }
    ClearSale => { en: "Clear" }
    SaleTitle => { en: "Sale" }
    Voided => { en: "Voided" }
    CorrectSale => { en: "Correct" }
    VoidSale => { en: "Void sale" }
    VoidWhy => { en: "Why is this sale voided?" }
    ErrVoidWhy => { en: "Say why: the reason is kept with the sale." }
    CorrectWhy => { en: "What was wrong (optional)" }
    SaveCorrection => { en: "Save correction" }
    SaleEntered => { en: "Entered on {when}" }
    SaleCorrected => { en: "Corrected on {when}" }
    SaleVoided => { en: "Voided on {when}" }
    SaleRemark => { en: "Reason: {note}" }
    SaleLastBy => { en: "Last changed on {who}" }
    ThisDevice => { en: "this device" }
    SaleCorrectedSaved => { en: "Sale corrected." }
    SaleVoidedSaved => { en: "Sale voided. It stays in the book, out of every total." }
    TodaysSales => { en: "Today's sales" }
    VoidedTag => { en: "voided" }
    ConfirmBigTotal => { en: "Is {total} right? That is far more than usual." }
    YesSave => { en: "Yes, save" }
    CorrectIt => { en: "No, correct it" }
    SaleSaved => { en: "Saved: {total} from {name}." }
    ErrNoLines => { en: "Add at least one product." }
    ErrQty => { en: "Enter a quantity above zero, such as 1 or 0.5." }
    ErrPrice => { en: "Enter a price of zero or more, such as 45 or 45.50 (45,50 is read as 45.50)." }
    ErrCreditWalkIn => { en: "Credit needs a named customer: choose or add one." }
    ErrProductName => { en: "Enter the product's name." }
    FeedbackAsk => { en: "How was it for {name}? (optional)" }
    FeedbackComment => { en: "Comment" }
    FeedbackSaved => { en: "Thank you: feedback saved." }
    Skip => { en: "Skip" }
    StarsLabel => { en: "{n} of 5" }
    FeedbackRating => { en: "Rating" }
    History => { en: "History" }
    NoHistory => { en: "No sales or notes yet." }
    KindFeedback => { en: "Feedback" }
    Delete => { en: "Delete" }
    DeleteConfirm => { en: "Delete {name}? Their sales stay in your totals." }
    Deleted => { en: "{name} deleted." }
    Undo => { en: "Undo" }
    NavProducts => { en: "Products" }
    ProductsSearch => { en: "Search products" }
    NoProductsCatalogue => { en: "No products yet. Add what you sell, with its price." }
    NewProduct => { en: "New product" }
    EditProduct => { en: "Edit product" }
    FieldCategory => { en: "Category (grains, oil, snacks)" }
    FieldLastsDays => { en: "One unit lasts a household how many days? (optional)" }
    LastsDays => { en: "lasts {n} days" }
    ErrProductNameTooLong => { en: "Use at most 60 characters." }
    ErrProductNameTaken => { en: "{name} is already in your products." }
    ErrLastsDays => { en: "Enter whole days from 1 to 3650, or leave it empty." }
    DeleteProductConfirm => { en: "Delete {name}? Past sales keep it." }
    FieldDate => { en: "Date of sale" }
    DayPlaceholder => { en: "DD/MM/YYYY (empty: today)" }
    ErrBadDate => { en: "Enter a date such as 22/11/2026." }
    ErrFutureDate => { en: "The date is in the future: enter today or an earlier day." }
    StatUsualInterval => { en: "Usually comes every" }
    EveryDays => { en: "{n} days" }
    Favourites => { en: "Usually buys" }
    TimesBought => { en: "{n}×" }
    OpenIssues => { en: "Open complaints" }
    OpenBadge => { en: "{n} open" }
    NoOpenIssues => { en: "No open complaints." }
    Resolve => { en: "Mark resolved" }
    Resolved => { en: "resolved" }
    Open => { en: "open" }
    LogTitle => { en: "Log a contact" }
    LogNote => { en: "What happened?" }
    LogSaved => { en: "Saved." }
    ErrNoteRequired => { en: "Say what it is about." }
    ErrNoteTooLong => { en: "Use at most 1000 characters." }
    KindCall => { en: "Call" }
    KindVisit => { en: "Visit" }
    KindMessage => { en: "Message" }
    KindComplaint => { en: "Complaint" }
    KindWarranty => { en: "Warranty" }
    KindReturn => { en: "Return" }
    SegChampions => { en: "Champions" }
    SegLoyal => { en: "Loyal" }
    SegPotentialLoyalists => { en: "Potential loyalists" }
    SegNewCustomers => { en: "New customers" }
    SegPromising => { en: "Promising" }
    SegNeedAttention => { en: "Need attention" }
    SegAboutToSleep => { en: "About to sleep" }
    SegCantLose => { en: "Can't lose them" }
    SegAtRisk => { en: "At risk" }
    SegHibernating => { en: "Hibernating" }
    SegProspects => { en: "Prospects (no purchase yet)" }
    SegTopSpenders => { en: "Top spenders" }
    SegLapsing => { en: "Lapsing" }
    SegReplenishment => { en: "Due for a refill" }
    SegCategoryLovers => { en: "Category lovers" }
    SegBirthdays => { en: "Birthday this month" }
    SegWholesale => { en: "Wholesale buyers" }
    LifeStudent => { en: "Students" }
    LifeYoungFamily => { en: "Young families" }
    LifeFamilyWithTeens => { en: "Families with teens" }
    LifeSenior => { en: "Seniors" }
    LifeBusiness => { en: "Businesses" }
    SegAsOf => { en: "As of {date}: {n} customers with purchases." }
    GridTitle => { en: "Recency × frequency" }
    GridRecency => { en: "R (5 = most recent)" }
    GridFrequency => { en: "F (5 = most visits)" }
    GridCell => { en: "R{r} F{f}: {n} customers" }
    SegList => { en: "Segments" }
    SegShare => { en: "{n} customers · {share}% of revenue" }
    SegHelpTitle => { en: "How segments are worked out" }
    AboutChampions => { en: "came lately, come often and spend the most. Thank them." }
    AboutLoyal => { en: "come often and came not long ago. Keep them happy." }
    AboutPotentialLoyalists => { en: "came lately and a few times already. Give them a reason to come back." }
    AboutNewCustomers => { en: "came for the first time just now. Welcome them." }
    AboutPromising => { en: "came once, not long ago. A small offer may bring them back." }
    AboutNeedAttention => { en: "come now and then, and not lately. Remind them of you." }
    AboutAboutToSleep => { en: "came once or twice, a while ago. They are drifting away." }
    AboutCantLose => { en: "came very often, but not for a long time. Call them." }
    AboutAtRisk => { en: "came often, but not for a long time. Win them back." }
    AboutHibernating => { en: "came rarely and long ago." }
    AboutProspects => { en: "have not bought anything yet." }
    SegHelp => { en: "Recency is the number of days since a customer's last purchase, frequency the number of purchases, monetary the total spent. Among customers with a purchase, each measure is cut at its 20th, 40th, 60th and 80th percentiles. The F and M scores are 1 plus the number of cut points below the customer's value; the R score is 5 minus the number of recency cut points below theirs, so the most recent get 5. Champions: R5 with F4-5. Loyal: R3-4, F4-5. Potential loyalists: R4-5, F2-3. New customers: R5 F1. Promising: R4 F1. Need attention: R3 F3. About to sleep: R3, F1-2. Can't lose them: R1-2, F5. At risk: R1-2, F3-4. Hibernating: R1-2, F1-2." }
    SortBy => { en: "Sort by" }
    SortNewest => { en: "Newest" }
    ColRecency => { en: "Days since last visit" }
    ColVisits => { en: "Visits" }
    ColSpent => { en: "Spent" }
    ColName => { en: "Name" }
    PageRange => { en: "{from}–{to} of {n}" }
    PageNav => { en: "Pages" }
    PagePrev => { en: "Previous" }
    PageNext => { en: "Next" }
    NoMembers => { en: "Nobody is in this segment today." }
    BackToSegments => { en: "All segments" }
    SegmentLabel => { en: "Segment" }
    ExplainLead => { en: "{visits} and {spent}; last came {ago}." }
    VisitsOnce => { en: "Has come once" }
    VisitsOften => { en: "Comes often" }
    VisitsSometimes => { en: "Comes now and then" }
    VisitsFew => { en: "Has come a few times" }
    SpendsALot => { en: "spends a lot" }
    SpendsAverage => { en: "spends about as much as most" }
    SpendsLittle => { en: "spends less than most" }
    AgoToday => { en: "today" }
    AgoYesterday => { en: "yesterday" }
    AgoDays => { en: "{n} days ago" }
    TheNumbers => { en: "The numbers" }
    SegExplain => { en: "Last visit {r} days ago; {f} visits; spent {m}. Scores R{rs} F{fs} M{ms}. Cut points: recency {rc} days; visits {fc}; spent {mc}." }
    GridR => { en: "R{n}" }
    GridF => { en: "F{n}" }
    NoValue => { en: "—" }
    CustomTitle => { en: "Your own segments" }
    CustomNone => { en: "Make a group of your own, such as \"spent at least 5000 and lives in Lal Bazaar\"." }
    CustomNew => { en: "New segment" }
    CustomEdit => { en: "Edit" }
    CustomEditTitle => { en: "Edit segment" }
    CustomName => { en: "Name of the segment" }
    CustomMatchAll => { en: "Customers in every group below" }
    CustomMatchAny => { en: "Customers in any group below" }
    CustomGroup => { en: "Group {n}" }
    CustomGroupAll => { en: "all of these" }
    CustomGroupAny => { en: "any of these" }
    CustomAddCondition => { en: "+ Condition" }
    CustomAddGroup => { en: "+ Group" }
    CustomRemove => { en: "Remove" }
    CustomField => { en: "What to look at" }
    CustomCompare => { en: "Comparison" }
    CustomValue => { en: "Value" }
    CustomCount => { en: "{n} customers match now." }
    CustomSaved => { en: "Segment saved." }
    CustomDeleted => { en: "Segment deleted." }
    CustomDeleteConfirm => { en: "Delete the segment \"{name}\"? Customers are not touched." }
    FieldRecencyDays => { en: "Days since last visit" }
    FieldVisits => { en: "Visits" }
    FieldSpent => { en: "Total spent" }
    FieldAverage => { en: "Average purchase" }
    FieldInterval => { en: "Usual days between visits" }
    FieldRScore => { en: "R score (1-5)" }
    FieldFScore => { en: "F score (1-5)" }
    FieldMScore => { en: "M score (1-5)" }
    FieldRfmSegment => { en: "RFM segment" }
    FieldAreaRule => { en: "Area" }
    FieldKindRule => { en: "Customer type" }
    FieldTag => { en: "Tag" }
    OpLess => { en: "less than" }
    OpAtMost => { en: "at most" }
    OpEquals => { en: "is" }
    OpNotEquals => { en: "is not" }
    OpAtLeast => { en: "at least" }
    OpMore => { en: "more than" }
    OpContains => { en: "contains" }
    ErrRuleEmpty => { en: "Add at least one condition." }
    ErrRuleNumber => { en: "Type a number here." }
    ErrRuleOp => { en: "This comparison does not fit this field." }
    ErrRuleValue => { en: "Choose a value." }
    ErrSegmentName => { en: "Give the segment a name." }
    ErrSegmentNameLong => { en: "Use at most 40 letters." }
    ErrSegmentNameTaken => { en: "You already have a segment with this name." }
    BackupTitle => { en: "Backup and export" }
    ExportCustomers => { en: "Customers as CSV" }
    ExportSales => { en: "Sales as CSV" }
    ExportList => { en: "Export this list (CSV)" }
    BackupLast => { en: "Last backup: {date}." }
    BackupNever => { en: "No backup yet." }
    BackupHint => { en: "Everything is kept only on this tablet. Download a backup every week and keep the file somewhere else: send it to yourself on WhatsApp, or copy it to a memory card." }
    BackupDownload => { en: "Download backup" }
    BackupSaved => { en: "Backup downloaded. Keep the file somewhere other than this tablet." }
    BackupFailed => { en: "The backup could not be made. Nothing was changed." }
    RestoreChoose => { en: "Restore from a backup file" }
    RestorePreview => { en: "Backup of {date}: {customers} customers, {products} products, {sales} sales, {contacts} contacts and complaints, {segments} own segments." }
    RestoreWarn => { en: "Restoring replaces everything in this book with the backup." }
    RestoreDo => { en: "Restore this backup" }
    Restored => { en: "Backup restored." }
    ErrNotBackup => { en: "This file is not a Grahak backup. Nothing was changed." }
    ErrBackupNewer => { en: "This backup was made by a newer Grahak. Reload to update Grahak, then try again. Nothing was changed." }
    ErrBackupDamaged => { en: "This backup is damaged or incomplete. Nothing was changed." }
    BackupDue => { en: "No backup for {days} days." }
    BackupDueNever => { en: "No backup yet: if this tablet is lost, so is your book." }
    BackupNow => { en: "Back up now" }
    ErrSampleMissing => { en: "The sample shop could not be fetched. Connect to the internet once and try again." }
    ImportTitle => { en: "Import from a spreadsheet (CSV)" }
    ImportHint => { en: "Customers or sales from a notebook, Excel or another app, saved as CSV. You check every column first; nothing is saved until you press Import." }
    ImportCustomers => { en: "Import customers (CSV)" }
    ImportSales => { en: "Import sales (CSV)" }
    ImportProgress => { en: "Working through the file" }
    ImportMapHint => { en: "{rows} rows. Check what each column holds; the first rows are shown." }
    ImportSkip => { en: "(leave out)" }
    ImportNeed => { en: "Choose the column that holds: {column}." }
    ImportCheck => { en: "Check all rows" }
    ImportReady => { en: "Ready: {sales} sales, {customers} new customers, {products} new products. Rows left out: {rejected}." }
    ImportRechecked => { en: "The book changed since the check, so every row was checked again. Look at the counts, then tap Import." }
    ImportNone => { en: "No row can be imported. Download the left-out rows to see why." }
    ImportDo => { en: "Import" }
    ImportReport => { en: "Download left-out rows" }
    Imported => { en: "Imported and saved: {sales} sales, {customers} new customers, {products} new products." }
    ErrCsvNotText => { en: "This file is not CSV text. In Excel choose Save As, then \"CSV UTF-8\". Nothing was changed." }
    ErrCsvEmpty => { en: "This file has no rows. Nothing was changed." }
    ErrCsvQuote => { en: "A quote that opens on line {line} never closes. Nothing was changed." }
    ColPhoneNumber => { en: "Phone" }
    ColCode => { en: "Customer code" }
    ColArea => { en: "Area" }
    ColKind => { en: "Type (retail or wholesale)" }
    ColTags => { en: "Tags" }
    ColNotes => { en: "Notes" }
    ColDate => { en: "Date" }
    ColReceipt => { en: "Receipt or bill number" }
    ColCustomer => { en: "Customer (phone, code or name)" }
    ColProduct => { en: "Product" }
    ColQuantity => { en: "Quantity" }
    ColUnitPrice => { en: "Unit price" }
    ColAmount => { en: "Sale total" }
    ColLineTotal => { en: "Line amount (quantity x rate)" }
    ColAmountOrLines => { en: "Sale total (or each line's amount, or its rate)" }
    ColPayment => { en: "Payment" }
    ColStatus => { en: "Status (voided)" }
    ColRemark => { en: "Remark" }
    RejMissing => { en: "{column} is empty" }
    RejBadPhone => { en: "phone number cannot be read" }
    RejPhoneTaken => { en: "phone number is already in the book or earlier in the file" }
    RejBadDate => { en: "date is not like 2026-11-22 or 22/11/2026" }
    RejFutureDate => { en: "date is in the future" }
    RejBadAmount => { en: "amount is not a number" }
    RejBadQuantity => { en: "quantity is not a number" }
    RejBadPayment => { en: "payment is not cash, UPI, card or credit" }
    RejReceiptMismatch => { en: "rows of this receipt differ in date, customer or total" }
}

/// Replaces each `{name}` in `template` with its value from `args`. Unknown placeholders stay as
/// they are, so a translation mistake shows up on screen instead of silently dropping text.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A byte count as people read it: `950 B`, `12.3 KB`, `4.5 MB`, `1.2 GB` (rounded to tenths).
pub fn format_bytes(bytes: f64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    let bytes = if bytes.is_finite() && bytes > 0.0 {
        bytes as u64
    } else {
        0
    };
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    // Tenths of the unit, rounded.
    let mut unit = 0;
    let mut scale = 1000u64;
    while bytes >= scale * 1000 && unit < UNITS.len() - 1 {
        scale *= 1000;
        unit += 1;
    }
    let tenths = (bytes * 10 + scale / 2) / scale;
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_text_in_every_language() {
        for &lang in Lang::ALL {
            for &msg in Msg::ALL {
                assert!(
                    !msg.text(lang).trim().is_empty(),
                    "{msg:?} is empty in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn byte_counts_read_naturally() {
        assert_eq!(format_bytes(0.0), "0 B");
        assert_eq!(format_bytes(950.0), "950 B");
        assert_eq!(format_bytes(12_345.0), "12.3 KB");
        assert_eq!(format_bytes(4_500_000.0), "4.5 MB");
        assert_eq!(format_bytes(1.2e9), "1.2 GB");
    }

    #[test]
    fn fill_replaces_named_placeholders_and_keeps_unknown_ones() {
        assert_eq!(fill("Hello {name}!", &[("name", "Asha")]), "Hello Asha!");
        assert_eq!(fill("{a}{b}{a}", &[("a", "1"), ("b", "2")]), "121");
        assert_eq!(fill("{missing} stays", &[]), "{missing} stays");
        assert_eq!(fill("open { brace", &[]), "open { brace");
        assert_eq!(fill("नमस्ते {name}", &[("name", "आशा")]), "नमस्ते आशा");
    }
}
