//! Every string the interface shows, per language.
//!
//! Keys are variants of [`Msg`], so a misspelt or removed key is a compile error. The texts
//! live in one plain file per language, `locales/<code>.txt` (`Key = text` lines a translator
//! can edit without knowing Rust); `tests/messages_file.rs` fails when a file misses a key, has
//! one too many, or changes a placeholder. Placeholders are written `{name}` and filled with
//! [`fill`].
//!
//! The texts are not compiled into the browser app: `public/messages-<code>.js` (made from the
//! files by `tests/messages_file.rs`, which fails when they differ) sets
//! `window.grahakMessages`, and [`install`] reads it at start; English is inlined into the page
//! by Trunk. Strings compress the
//! same in the page as in the wasm, but the wasm budget is the tight one, and each language's
//! table can later be loaded alone instead of all of them being compiled in.
//!
//! Why not `leptos_i18n`: it brings leptos_meta, leptos-use and the ICU4X data crates into a wasm
//! budget of 250 KB gzip; what Grahak needs (a lookup and named placeholders) is this table.

pub use crate::model::settings::Lang;

#[cfg(target_arch = "wasm32")]
thread_local! {
    static TABLE: std::cell::RefCell<Table<'static>> =
        const { std::cell::RefCell::new(Table { texts: Vec::new(), forms: Vec::new() }) };
    // Made once per language: a rule set is slow to build.
    static PLURAL_RULES: std::cell::RefCell<Option<(Lang, js_sys::Intl::PluralRules)>> =
        const { std::cell::RefCell::new(None) };
}

/// Installs the message table from `window.grahakMessages` (an array of strings in [`Msg`]
/// order) and `window.grahakPlurals` (`[index, category, text]` for each plural form).
/// `false` when it is missing or does not fit this build.
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
    let forms: Vec<(usize, Plural, &'static str)> = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"grahakPlurals".into()).ok())
        .filter(|v| v.is_array())
        .map(|v| js_sys::Array::from(&v).iter().collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|form| {
            let form = js_sys::Array::from(&form);
            let k = form.get(0).as_f64()? as usize;
            let category = Plural::from_name(&form.get(1).as_string()?)?;
            let text = form.get(2).as_string()?;
            Some((k, category, &*Box::leak(text.into_boxed_str())))
        })
        .collect();
    let fits = texts.len() == Msg::ALL.len();
    if fits {
        TABLE.with(|t| *t.borrow_mut() = Table { texts, forms });
    }
    fits
}

/// The plural category of `n` in `lang`, from the browser's `Intl.PluralRules`.
#[cfg(target_arch = "wasm32")]
pub fn plural_of(lang: Lang, n: u64) -> Plural {
    PLURAL_RULES.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.as_ref().is_none_or(|(l, _)| *l != lang) {
            let locales = js_sys::Array::of1(&lang.code().into());
            let rules = js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new());
            *cell = Some((lang, rules));
        }
        cell.as_ref()
            .and_then(|(_, r)| Plural::from_name(&String::from(r.select(n as f64))))
            .unwrap_or_else(|| Plural::of(lang, n))
    })
}

/// The plural category of `n` in `lang` (host builds: CLDR's rules, see [`Plural::of`]).
#[cfg(not(target_arch = "wasm32"))]
pub fn plural_of(lang: Lang, n: u64) -> Plural {
    Plural::of(lang, n)
}

/// Loads `lang`'s texts (`messages-<code>.js`, from the offline cache once it has been
/// visited) and installs them; `false` when they cannot be had. The screens show the new
/// language when the settings say so, after this.
#[cfg(target_arch = "wasm32")]
pub async fn load(lang: Lang) -> bool {
    inject(lang).await && install()
}

/// Another language's texts, without switching the interface to it (for a message in a
/// customer's own language): its file is read as [`load`] reads it, and the page's own
/// tables are put back. `None` when it cannot be had.
#[cfg(target_arch = "wasm32")]
pub async fn texts_of(lang: Lang) -> Option<Vec<String>> {
    let window = web_sys::window()?;
    let names = ["grahakMessages", "grahakPlurals", "grahakShell"];
    let kept: Vec<wasm_bindgen::JsValue> = names
        .iter()
        .map(|n| js_sys::Reflect::get(&window, &(*n).into()).unwrap_or_default())
        .collect();
    let loaded = inject(lang).await;
    let texts = js_sys::Reflect::get(&window, &"grahakMessages".into())
        .ok()
        .filter(|v| loaded && v.is_array())
        .map(|v| {
            js_sys::Array::from(&v)
                .iter()
                .filter_map(|t| t.as_string())
                .collect::<Vec<_>>()
        });
    for (n, v) in names.iter().zip(kept) {
        let _ = js_sys::Reflect::set(&window, &(*n).into(), &v);
    }
    texts.filter(|t| t.len() == Msg::ALL.len())
}

/// Runs `messages-<code>.js`, which sets the page's tables to `lang`'s. English is in the page
/// already (`grahakEnglish`, kept aside by `index.html`): it is put back, not fetched.
#[cfg(target_arch = "wasm32")]
async fn inject(lang: Lang) -> bool {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return false;
    };
    if lang == Lang::En {
        let kept = js_sys::Reflect::get(&window, &"grahakEnglish".into()).unwrap_or_default();
        if kept.is_array() {
            let kept = js_sys::Array::from(&kept);
            for (k, name) in ["grahakMessages", "grahakPlurals", "grahakShell"]
                .iter()
                .enumerate()
            {
                let _ = js_sys::Reflect::set(&window, &(*name).into(), &kept.get(k as u32));
            }
            return true;
        }
    }
    let Some(doc) = window.document() else {
        return false;
    };
    let Some(script) = doc
        .create_element("script")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlScriptElement>().ok())
    else {
        return false;
    };
    script.set_src(&format!("messages-{}.js", lang.code()));
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        script.set_onload(Some(&resolve));
        script.set_onerror(Some(&reject));
    });
    let Some(head) = doc.head() else { return false };
    if head.append_child(&script).is_err() {
        return false;
    }
    let ok = wasm_bindgen_futures::JsFuture::from(loaded).await.is_ok();
    let _ = head.remove_child(&script);
    ok
}

macro_rules! messages {
    ($($key:ident)*) => {
        /// A translatable message. See the module docs.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Msg { $($key,)* }

        impl Msg {
            /// Every message, for tests that check the tables.
            pub const ALL: &'static [Msg] = &[$(Msg::$key,)*];

            /// Every message's key, as the `locales/*.txt` files name it, in [`Msg::ALL`] order.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($key),)*];
        }
    };
}

impl Msg {
    /// The message in `lang` (host builds: from `locales/<code>.txt`, read into the binary).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn text(self, lang: Lang) -> &'static str {
        Self::host_table(lang).texts[self as usize]
    }

    /// The message in `lang` for the count `n`: its plural form for `n`'s category.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn counted(self, lang: Lang, n: u64) -> &'static str {
        Self::host_table(lang).form(self as usize, plural_of(lang, n))
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn host_table(lang: Lang) -> &'static Table<'static> {
        static TABLES: std::sync::OnceLock<Vec<Table<'static>>> = std::sync::OnceLock::new();
        let tables = TABLES.get_or_init(|| {
            Lang::ALL
                .iter()
                // Cannot fail in a build that passed `tests/messages_file.rs`, which checks
                // every language file whole; a broken file should stop a host run loudly.
                .map(|l| match table(locale_file(*l)) {
                    Ok(t) => t,
                    Err(e) => panic!("locales/{}.txt: {e}", l.code()),
                })
                .collect()
        });
        let k = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
        &tables[k]
    }

    /// The message in `lang`, from the installed table ("" before [`install`]).
    #[cfg(target_arch = "wasm32")]
    pub fn text(self, _lang: Lang) -> &'static str {
        TABLE.with(|t| t.borrow().texts.get(self as usize).copied().unwrap_or(""))
    }

    /// The message in `lang` for the count `n`: its plural form for `n`'s category, from the
    /// installed table.
    #[cfg(target_arch = "wasm32")]
    pub fn counted(self, lang: Lang, n: u64) -> &'static str {
        let category = plural_of(lang, n);
        TABLE.with(|t| {
            let t = t.borrow();
            if t.texts.len() <= self as usize {
                return "";
            }
            t.form(self as usize, category)
        })
    }
}

/// The text of `locales/<code>.txt`, for host builds and tests (the browser app never calls
/// it, so the files stay out of its wasm: it loads the generated `messages-<code>.js`).
pub fn locale_file(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../../locales/en.txt"),
        Lang::Hi => include_str!("../../locales/hi.txt"),
        Lang::Gu => include_str!("../../locales/gu.txt"),
        Lang::Ml => include_str!("../../locales/ml.txt"),
        Lang::Ur => include_str!("../../locales/ur.txt"),
    }
}

/// A plural category, as `Intl.PluralRules` names them. A counted message has its plain text
/// for `other` and a `Key[one] = …` line (etc.) for each other category its language uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Plural {
    /// Every category, in CLDR's order.
    pub const ALL: &'static [Plural] = &[
        Plural::Zero,
        Plural::One,
        Plural::Two,
        Plural::Few,
        Plural::Many,
        Plural::Other,
    ];

    /// The category's name in `Intl.PluralRules` and in the language files.
    pub fn name(self) -> &'static str {
        match self {
            Plural::Zero => "zero",
            Plural::One => "one",
            Plural::Two => "two",
            Plural::Few => "few",
            Plural::Many => "many",
            Plural::Other => "other",
        }
    }

    /// Parses [`Plural::name`].
    pub fn from_name(name: &str) -> Option<Plural> {
        Plural::ALL.iter().copied().find(|p| p.name() == name)
    }

    /// CLDR's category of the whole number `n` in `lang`, for host builds and the tests of the
    /// language files: the browser app asks `Intl.PluralRules` instead, and a browser test
    /// checks that the two agree. Hindi and Gujarati say "one" for 0 as well as 1.
    pub fn of(lang: Lang, n: u64) -> Plural {
        match (lang, n) {
            (Lang::Hi | Lang::Gu, 0 | 1) => Plural::One,
            (Lang::En | Lang::Ml | Lang::Ur, 1) => Plural::One,
            _ => Plural::Other,
        }
    }
}

/// One language file read: every message's text (its `other` form when it is counted) in
/// [`Msg::ALL`] order, and the other plural forms as (message index, category, text).
#[derive(Debug, PartialEq, Eq)]
pub struct Table<'a> {
    pub texts: Vec<&'a str>,
    pub forms: Vec<(usize, Plural, &'a str)>,
}

impl<'a> Table<'a> {
    /// The text of message `k` for `category` (its plain text when it has no such form).
    pub fn form(&self, k: usize, category: Plural) -> &'a str {
        self.forms
            .iter()
            .find(|(m, c, _)| *m == k && *c == category)
            .map_or(self.texts[k], |(_, _, t)| t)
    }
}

/// A language file (`Key = text` lines, `Key[one] = text` for a plural form; `#` comments and
/// blank lines skipped). Every key exactly once, and no other: else why not.
pub fn table(file: &str) -> Result<Table<'_>, String> {
    let mut texts: Vec<Option<&str>> = vec![None; Msg::ALL.len()];
    let mut forms = Vec::new();
    for (n, line) in file.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, text)) = line.split_once(" = ") else {
            return Err(format!("line {}: not `Key = text`", n + 1));
        };
        let key = key.trim();
        let (name, category) = match key.strip_suffix(']').and_then(|k| k.split_once('[')) {
            Some((name, cat)) => match Plural::from_name(cat) {
                Some(Plural::Other) | None => {
                    return Err(format!("line {}: {key}: no plural form [{cat}]", n + 1))
                }
                Some(c) => (name, Some(c)),
            },
            None => (key, None),
        };
        let Some(k) = Msg::KEYS.iter().position(|x| *x == name) else {
            return Err(format!("line {}: no message is called {name}", n + 1));
        };
        let repeated = match category {
            None => texts[k].replace(text).is_some(),
            Some(c) => {
                let seen = forms.iter().any(|(m, f, _)| *m == k && *f == c);
                forms.push((k, c, text));
                seen
            }
        };
        if repeated {
            return Err(format!("line {}: {key} twice", n + 1));
        }
    }
    let texts = texts
        .iter()
        .zip(Msg::KEYS)
        .map(|(t, key)| t.ok_or_else(|| format!("{key} is missing")))
        .collect::<Result<_, _>>()?;
    Ok(Table { texts, forms })
}

messages! {
    AppName
    DefaultShopName
    NavLabel
    NavSell
    NavCustomers
    NavSegments
    NavCampaigns
    NavInsights
    NavSettings
    NotFoundTitle
    NotFoundBody
    GoHome
    CrashTitle
    CrashBody
    Reload
    OldBrowserTitle
    OldBrowserBody
    NoStorageTitle
    NoStorageBody
    Loading
    ErrTooNewTitle
    ErrTooNewBody
    ErrDamagedTitle
    ErrDamagedBody
    ErrFailedTitle
    ErrFailedBody
    ErrQuota
    ErrClosed
    ErrConflict
    ErrSaveFailed
    ErrDuplicatePhone
    ErrEmptyName
    ErrUnknownRecord
    ErrChangedElsewhere
    ErrReplaced
    ErrDeletedCustomer
    ErrDeletedProduct
    NoticeReplaced
    Dismiss
    NoticeBlocked
    SettingsShop
    SettingsShopName
    SettingsLanguage
    SettingsDigits
    ChooseLanguage
    ChooseLanguageLater
    UpdateReady
    UpdateReload
    SettingsCurrency
    SettingsCountryCode
    Save
    Saved
    ErrShopNameTooLong
    ErrCurrency
    ErrCountryCode
    ErrSettingsNotSaved
    SettingsBook
    BookCounts
    SettingsStorage
    StorageUsed
    StorageUnknown
    PersistGranted
    PersistNotGranted
    PersistAsk
    SampleTitle
    SampleBody
    SampleLoad
    SampleConfirm
    SampleLoaded
    Working
    CustomersSearch
    AddCustomer
    NewCustomer
    EditCustomer
    FieldName
    FieldPhone
    FieldArea
    FieldKind
    KindRetail
    KindWholesale
    ConsentWhatsApp
    ConsentSms
    FieldNotes
    FieldLanguage
    LanguageOfShop
    ConsentYes
    ConsentYesUndated
    ConsentNo
    ConsentNoUndated
    Cancel
    Edit
    ErrNameTooLong
    ErrPhoneCharacters
    ErrPhoneIndian
    ErrPhoneLength
    ErrPhoneTaken
    OpenCustomer
    NoCustomersYet
    NoMatches
    CustomerNotFound
    Call
    WhatsApp
    StatVisits
    StatSpent
    StatAverage
    StatLastVisit
    Never
    BackToCustomers
    SellWho
    WalkIn
    Change
    RecentCustomers
    RepeatLast
    RepeatPast
    Products
    NoProductsYet
    FirstRunTitle
    FirstRunBody
    FirstRunProducts
    FirstRunSample
    QuickAddProduct
    FieldProductName
    FieldPrice
    FieldUnit
    AddProduct
    Qty
    Remove
    Total
    PaymentLabel
    PayCash
    PayUpi
    PayCard
    PayCredit
    ChannelLabel
    ChStall
    ChPhone
    ChWhatsApp
    ChOnline
    SaveSale
    ClearSale
    SaleTitle
    Voided
    CorrectSale
    VoidSale
    VoidWhy
    ErrVoidWhy
    CorrectWhy
    SaveCorrection
    SaleEntered
    SaleCorrected
    SaleVoided
    SaleRemark
    SaleLastBy
    ThisDevice
    OtherDevice
    SaleCorrectedSaved
    SaleVoidedSaved
    TodaysSales
    VoidedTag
    ConfirmBigTotal
    YesSave
    CorrectIt
    SaleSaved
    ErrNoLines
    ErrQty
    ErrPrice
    ErrCreditWalkIn
    ErrProductName
    FeedbackAsk
    FeedbackComment
    FeedbackSaved
    Skip
    StarsLabel
    FeedbackRating
    History
    NoHistory
    KindFeedback
    Delete
    DeleteConfirm
    Deleted
    Undo
    NavProducts
    ProductsSearch
    NoProductsCatalogue
    NewProduct
    EditProduct
    FieldCategory
    FieldLastsDays
    LastsDays
    ErrProductNameTooLong
    ErrProductNameTaken
    ErrLastsDays
    DeleteProductConfirm
    FieldDate
    DayPlaceholder
    ErrBadDate
    ErrFutureDate
    StatUsualInterval
    EveryDays
    Favourites
    TimesBought
    OpenIssues
    OpenBadge
    NoOpenIssues
    Resolve
    Resolved
    Open
    LogTitle
    LogNote
    LogSaved
    ErrNoteRequired
    ErrNoteTooLong
    KindCall
    KindVisit
    KindMessage
    KindComplaint
    KindWarranty
    KindReturn
    SegChampions
    SegLoyal
    SegPotentialLoyalists
    SegNewCustomers
    SegPromising
    SegNeedAttention
    SegAboutToSleep
    SegCantLose
    SegAtRisk
    SegHibernating
    SegProspects
    SegTopSpenders
    SegLapsing
    SegReplenishment
    DueProduct
    Recommended
    SegCategoryLovers
    SegBirthdays
    SegWholesale
    LifeStudent
    LifeYoungFamily
    LifeFamilyWithTeens
    LifeSenior
    LifeBusiness
    SegAsOf
    GridTitle
    GridCaption
    GridCell
    SegList
    SegShare
    SegHelpTitle
    AboutChampions
    AboutLoyal
    AboutPotentialLoyalists
    AboutNewCustomers
    AboutPromising
    AboutNeedAttention
    AboutAboutToSleep
    AboutCantLose
    AboutAtRisk
    AboutHibernating
    AboutProspects
    SegHelp
    SortBy
    SortNewest
    ColRecency
    ColVisits
    ColSpent
    MemberLine
    ColName
    PageRange
    PageNav
    PagePrev
    PageNext
    NoMembers
    BackToSegments
    SegmentLabel
    ExplainLead
    VisitsOnce
    VisitsOften
    VisitsSometimes
    VisitsFew
    SpendsALot
    SpendsAverage
    SpendsLittle
    AgoToday
    AgoYesterday
    AgoDays
    TheNumbers
    SegExplain
    GridR
    GridF
    NoValue
    CustomTitle
    CustomNone
    CustomNew
    CustomEdit
    CustomEditTitle
    CustomName
    CustomMatchAll
    CustomMatchAny
    CustomGroup
    CustomGroupAll
    CustomGroupAny
    CustomAddCondition
    CustomAddGroup
    CustomRemove
    CustomField
    CustomCompare
    CustomValue
    CustomCount
    CustomSaved
    CustomDeleted
    CustomDeleteConfirm
    FieldRecencyDays
    FieldVisits
    FieldSpent
    FieldAverage
    FieldInterval
    FieldRScore
    FieldFScore
    FieldMScore
    FieldRfmSegment
    FieldAreaRule
    FieldKindRule
    FieldTag
    OpLess
    OpAtMost
    OpEquals
    OpNotEquals
    OpAtLeast
    OpMore
    OpContains
    ErrRuleEmpty
    ErrRuleNumber
    ErrRuleOp
    ErrRuleValue
    ErrSegmentName
    ErrSegmentNameLong
    ErrSegmentNameTaken
    BackupTitle
    ExportCustomers
    ExportSales
    ExportList
    BackupLast
    BackupNever
    BackupHint
    BackupDownload
    BackupSaved
    BackupFailed
    RestoreChoose
    RestorePreview
    RestoreWarn
    RestoreDo
    Restored
    ErrNotBackup
    ErrBackupNewer
    ErrBackupDamaged
    BackupDue
    BackupDueNever
    BackupNow
    ErrSampleMissing
    ImportTitle
    ImportHint
    ImportCustomers
    ImportSales
    ImportProgress
    ImportMapHint
    ImportSkip
    ImportNeed
    ImportCheck
    ImportReady
    ImportRechecked
    ImportNone
    ImportDo
    ImportReport
    Imported
    ErrCsvNotText
    ErrCsvEmpty
    ErrCsvQuote
    ColPhoneNumber
    ColCode
    ColArea
    ColKind
    ColTags
    ColNotes
    ColOffers
    ColOffersSince
    ColDate
    ColReceipt
    ColCustomer
    ColProduct
    ColQuantity
    ColUnitPrice
    ColAmount
    ColLineTotal
    ColAmountOrLines
    ColPayment
    ColStatus
    ColRemark
    RejMissing
    RejBadPhone
    RejPhoneTaken
    RejBadDate
    RejFutureDate
    RejBadAmount
    RejBadQuantity
    RejBadPayment
    RejReceiptMismatch
    HeadName
    HeadPhone
    HeadCode
    HeadArea
    HeadType
    HeadTags
    HeadNotes
    HeadLanguage
    HeadOffers
    HeadOffersSince
    HeadVisits
    HeadSpent
    HeadAverage
    HeadLastVisit
    HeadDaysSince
    HeadSegment
    HeadRfm
    HeadDate
    HeadReceipt
    HeadCustomerPhone
    HeadCustomer
    HeadProduct
    HeadQuantity
    HeadUnitPrice
    HeadLineTotal
    HeadAmount
    HeadPayment
    HeadStatus
    HeadRemark
    HeadLine
    HeadReason
    MessageTitle
    ReadyWinBack
    ReadyThanks
    ReadyWelcome
    ReadyRefill
    ReadyBirthday
    ReadyNewStock
    TplWinBack
    TplThanks
    TplWelcome
    TplRefill
    TplBirthday
    TplNewStock
    FbName
    FbShop
    FbOffer
    FbFavourite
    FbRecommended
    FbDays
    FbDue
    FbPoints
    MessageText
    MessagePreview
    SendWhatsApp
    SendSms
    CopyMessage
    MessageCopied
    MessageLogged
    NoPhoneCopy
    ErrTemplateEmpty
    ErrTemplateUnknown
    ErrTemplateUnclosed
    SegDueFor
    OfferWordsPercent
    OfferWordsAmount
    OfferWordsPoints
    OfferWordsFree
    OfferNone
    OfferPercent
    OfferAmount
    OfferPoints
    OfferFree
    CampNew
    CampNewHint
    CampBlank
    CampName
    CampWho
    CampSegments
    CampDueFor
    CampDueForNone
    CampPick
    CampRemove
    CampLeaveOut
    CampNoConsent
    CampContacted
    CampBought
    CampComplaint
    CampLeftOut
    CampHoldout
    CampHoldoutHint
    CampAudience
    CampOffer
    CampPreviewFor
    CampNextMember
    CampWindow
    CampStart
    CampList
    CampNone
    CampRowSub
    CampBack
    CampStartedOn
    CampProgress
    CampHeld
    CampSend
    CampNoPhone
    CampMarkSent
    CampSentOn
    CampSentStatus
    CampAlreadySent
    CampGone
    CampResults
    CampContactedRow
    CampHoldoutRow
    CampLift
    CampNoHoldout
    CampTrustTooFew
    CampTrustNotClear
    CampTrustClear
    CampWindowNote
    CampWinBackText
    CampWelcomeText
    CampBirthdayText
    ErrCampName
    ErrCampDays
    ErrCampHoldout
    ErrCampWindow
    ErrCampEmpty
    ErrCampNoText
    ErrOfferPercent
    ErrOfferAmount
    ErrOfferPoints
    ErrOfferItem
    KindPayment
    KindPoints
    CreditTitle
    CreditOwes
    DaysOld
    CreditClear
    CreditAdvance
    CreditLimitLine
    PayAmount
    PayRecord
    PaySaved
    PaySurplus
    PayKeepAdvance
    ErrPayAmount
    RemindPolitely
    ReadyReminder
    TplReminder
    FbOwed
    WhoOwesTitle
    WhoOwesTotal
    WhoOwesNone
    OwedRow
    FieldCreditLimit
    ErrCreditLimit
    PaidNow
    ErrPaidNow
    ErrPaidNowTooMuch
    OnCredit
    OwesNow
    OverLimitAsk
    SaveAnyway
    LoyaltyTitle
    LoyaltyOn
    FieldPointsPer100
    FieldMinimumBill
    FieldExpiryDays
    FieldMaxRedeem
    FieldPointValue
    TiersTitle
    FieldTierName
    FieldTierSpend
    ErrLoyaltyNumber
    ErrRuleAmount
    ErrTierName
    ErrTierOrder
    LoyaltySaved
    PointsHeld
    PointsSpend
    PointsOff
    ErrPointsNumber
    ErrPointsHeld
    ErrPointsAllowed
    ErrPointsOff
    PointsExpiring
    TierLine
    LedgerEarned
    LedgerRedeemed
    LedgerExpired
    LedgerBonus
    BonusPoints
    BonusReason
    BonusGive
    BonusSaved
    ErrBonusPoints
    ErrBonusReason
    ReorderTitle
    ReorderNone
    ReorderLine
    ReorderOverdue
    ReorderStart
    HeadOwed
    HeadCreditLimit
    HeadPoints
    HeadOnCredit
    HeadPointsUsed
    HeadPointsEarned
    SegPointsExpiring
    SegTier
    InsNoSales
    InsPeriod
    InsToday
    InsWeek
    InsMonth
    FigRevenue
    FigBills
    FigServed
    FigNew
    FigReturning
    FigRepeat
    FigBasket
    FigBefore
    InsWeekTo
    InsForecastTo
    InsWeeklyAbout
    InsWeekly
    TooShort
    ColError
    TrustGood
    TrustFair
    TrustRough
    InsNone
    InsTopCustomers
    InsTopProducts
    InsCohorts
    InsCohortsAbout
    InsCohortMonth
    InsCohortSize
    InsSegments
    InsSatisfaction
    InsRatings
    InsNoRatings
    InsOpen
    InsOpenNone
    InsMoney
    InsPointsHeld
    InsStock
    InsForecast
    InsForecastAbout
    ColLast4
    ColWeek
    ColTrust
    InsShop
    InsCategories
    InsProducts
    InsShowAll
    InsStockLine
    InsStockMore
    InsStockLess
    InsStockNone
    InsMoved
    InsMovedNone
    InsMovedFirst
    InsFlow
    InsStayed
    InsSegmentsMoved
    InsChartTop
}

/// The customers export's column headings in `lang` (the importer reads them in every language).
pub fn customer_headings(lang: Lang) -> [&'static str; 20] {
    [
        Msg::HeadName,
        Msg::HeadPhone,
        Msg::HeadCode,
        Msg::HeadArea,
        Msg::HeadType,
        Msg::HeadTags,
        Msg::HeadNotes,
        Msg::HeadLanguage,
        Msg::HeadOffers,
        Msg::HeadOffersSince,
        Msg::HeadVisits,
        Msg::HeadSpent,
        Msg::HeadAverage,
        Msg::HeadLastVisit,
        Msg::HeadDaysSince,
        Msg::HeadSegment,
        Msg::HeadRfm,
        Msg::HeadOwed,
        Msg::HeadCreditLimit,
        Msg::HeadPoints,
    ]
    .map(|m| m.text(lang))
}

/// The sales export's column headings in `lang`.
pub fn sale_headings(lang: Lang) -> [&'static str; 15] {
    [
        Msg::HeadDate,
        Msg::HeadReceipt,
        Msg::HeadCustomerPhone,
        Msg::HeadCustomer,
        Msg::HeadProduct,
        Msg::HeadQuantity,
        Msg::HeadUnitPrice,
        Msg::HeadLineTotal,
        Msg::HeadAmount,
        Msg::HeadPayment,
        Msg::HeadStatus,
        Msg::HeadRemark,
        Msg::HeadOnCredit,
        Msg::HeadPointsUsed,
        Msg::HeadPointsEarned,
    ]
    .map(|m| m.text(lang))
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
