//! Every statement of the list order, and every reader built on it (the page index, the
//! search's kept matches, the CSV's chunks), against the plainest oracle there is: one
//! `ORDER BY lower(first_name), lower(last_name), id` of the whole table, in the database
//! itself (so case folding is the database's), and slices of it. Random names with many
//! duplicates and case variants, random deletions, renames and additions, on a real SQLite
//! file migrated as the service's is. (PostgreSQL: `server`'s integration tests run these
//! readers there.)

use super::*;
use crate::test_db::test_db;
use crate::users::find::Finder;
use crate::users::list_index::PageIndex;
use domain::list_query::ListQuery;
use domain::paging::PAGE_SIZE;
use proptest::prelude::*;
use sea_orm::DatabaseConnection;

#[test]
fn placeholders_are_numbered_in_each_databases_form() {
    let mut sql = Sql::new(DbBackend::Sqlite);
    assert_eq!((sql.bind(1), sql.bind("a")), ("?1".into(), "?2".into()));
    let mut sql = Sql::new(DbBackend::Postgres);
    assert_eq!((sql.bind(1), sql.bind("a")), ("$1".into(), "$2".into()));
    let statement = sql.statement("SELECT $1, $2".into());
    assert_eq!(statement.values.map(|v| v.0.len()), Some(2));
}

#[test]
fn the_order_is_first_name_last_name_id_case_folded() {
    assert_eq!(
        order_by(None, Direction::Forwards),
        "ORDER BY lower(first_name), lower(last_name), id"
    );
    assert_eq!(
        order_by(Some("p"), Direction::Backwards),
        "ORDER BY lower(p.first_name) DESC, lower(p.last_name) DESC, p.id DESC"
    );
}

/// A migrated SQLite file of its own, removed when dropped.
/// Names that collide and differ only in case, so ties on the first name, on both names, and
/// across case are common.
const FIRST: &[&str] = &[
    "ada", "Ada", "ADA", "bob", "Bob", "al", "Zoë", "zoe", "Émile",
];
const LAST: &[&str] = &["smith", "Smith", "jones", "a", "Ó Brien", "o brien"];

#[derive(Debug, Clone)]
enum Change {
    Add(usize, usize),
    Rename(usize, usize, usize),
    Delete(usize),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (0..FIRST.len(), 0..LAST.len()).prop_map(|(f, l)| Change::Add(f, l)),
        (any::<usize>(), 0..FIRST.len(), 0..LAST.len())
            .prop_map(|(u, f, l)| Change::Rename(u, f, l)),
        any::<usize>().prop_map(Change::Delete),
    ]
}

async fn add(db: &DatabaseConnection, first: &str, last: &str, n: usize) {
    let mut sql = Sql::new(db.get_database_backend());
    let (f, l, e) = (
        sql.bind(first),
        sql.bind(last),
        sql.bind(format!("user.{n}@education.gov.uk")),
    );
    db.execute_raw(sql.statement(format!(
        "INSERT INTO users (first_name, last_name, email, created_at, updated_at, lock_version)
         VALUES ({f}, {l}, {e}, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"
    )))
    .await
    .expect("insert");
}

/// An operator's SQL, as any writer: the triggers keep the list's state.
async fn apply(db: &DatabaseConnection, change: &Change, n: usize) {
    let ids = listed_ids(db).await;
    let pick = |u: &usize| ids.get(u % ids.len().max(1)).copied();
    match change {
        Change::Add(f, l) => add(db, FIRST[*f], LAST[*l], n).await,
        Change::Rename(u, f, l) => {
            if let Some(id) = pick(u) {
                let mut sql = Sql::new(db.get_database_backend());
                let (f, l, i) = (sql.bind(FIRST[*f]), sql.bind(LAST[*l]), sql.bind(id));
                db.execute_raw(sql.statement(format!(
                    "UPDATE users SET first_name = {f}, last_name = {l} WHERE id = {i}"
                )))
                .await
                .expect("rename");
            }
        }
        Change::Delete(u) => {
            if let Some(id) = pick(u) {
                let mut sql = Sql::new(db.get_database_backend());
                let i = sql.bind(id);
                db.execute_raw(sql.statement(format!(
                    "UPDATE users SET deleted_at = CURRENT_TIMESTAMP WHERE id = {i}"
                )))
                .await
                .expect("delete");
            }
        }
    }
}

/// The oracle: every user, deleted or not, in one plain `ORDER BY`.
async fn everyone_in_order(db: &DatabaseConnection) -> Vec<(i64, bool)> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            format!(
                "SELECT id, deleted_at IS NULL AS listed FROM users {}",
                "ORDER BY lower(first_name), lower(last_name), id"
            ),
        ))
        .await
        .expect("oracle");
    rows.iter()
        .map(|r| {
            (
                r.try_get::<i64>("", "id").unwrap(),
                r.try_get::<bool>("", "listed").unwrap(),
            )
        })
        .collect()
}

async fn listed_ids(db: &DatabaseConnection) -> Vec<i64> {
    everyone_in_order(db)
        .await
        .into_iter()
        .filter_map(|(id, listed)| listed.then_some(id))
        .collect()
}

async fn key_of(db: &DatabaseConnection, id: i64) -> Key {
    let user = users::Entity::find_by_id(id)
        .one(db)
        .await
        .expect("read")
        .expect("a user");
    Key::of(&user)
}

fn ids(users: &[users::Model]) -> Vec<i64> {
    users.iter().map(|u| u.id).collect()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

use sea_orm::EntityTrait;

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// From, after and before any user's place (a deleted user's too: the place they would
    /// sort), at any limit, each seek reads exactly the oracle's slice.
    #[test]
    fn every_seek_reads_the_slice_of_a_plain_order_by(
        people in prop::collection::vec((0..FIRST.len(), 0..LAST.len(), any::<bool>()), 1..60),
        picks in prop::collection::vec((any::<usize>(), 1usize..30), 1..12),
    ) {
        runtime().block_on(async {
            let t = test_db().await;
            for (n, (f, l, _)) in people.iter().enumerate() {
                add(&t.db, FIRST[*f], LAST[*l], n).await;
            }
            let all = everyone_in_order(&t.db).await;
            for (n, (_, _, deleted)) in people.iter().enumerate() {
                if *deleted {
                    apply(&t.db, &Change::Delete(n), 0).await;
                }
            }
            let everyone = everyone_in_order(&t.db).await;
            prop_assert_eq!(everyone.len(), all.len());
            for (pick, limit) in picks {
                let at = pick % everyone.len();
                let key = key_of(&t.db, everyone[at].0).await;
                let listed = |range: &[(i64, bool)]| -> Vec<i64> {
                    range.iter().filter_map(|(id, l)| l.then_some(*id)).collect()
                };
                let from: Vec<i64> = listed(&everyone[at..]).into_iter().take(limit).collect();
                let after: Vec<i64> = listed(&everyone[at + 1..]).into_iter().take(limit).collect();
                let before: Vec<i64> =
                    listed(&everyone[..at]).into_iter().rev().take(limit).collect();
                for (seek, expected) in [(Seek::From, from), (Seek::After, after), (Seek::Before, before)] {
                    let mut sql = Sql::new(DbBackend::Sqlite);
                    let rows = seek.rows(&mut sql, &key, &limit.to_string());
                    let read = t.db.query_all_raw(sql.statement(rows)).await.expect("seek");
                    let got: Vec<i64> = read.iter().map(|r| r.try_get("", "id").unwrap()).collect();
                    prop_assert_eq!(&got, &expected, "{:?} {} rows from {:?}", seek, limit, key);
                }
            }
            Ok(())
        })?;
    }

    /// The page index's pages, before and after any changes by another writer, are the
    /// oracle's `LIMIT 25 OFFSET (page - 1) × 25`, and its count is the listed users'.
    #[test]
    fn every_page_of_the_index_is_the_plain_order_bys_page(
        people in prop::collection::vec((0..FIRST.len(), 0..LAST.len()), 0..130),
        changes in prop::collection::vec(change(), 0..40),
    ) {
        runtime().block_on(async {
            let t = test_db().await;
            for (n, (f, l)) in people.iter().enumerate() {
                add(&t.db, FIRST[*f], LAST[*l], n).await;
            }
            let index = PageIndex::default();
            // The first deep read starts a base in the background; wait for it.
            let _ = index.page(&t.db, 2).await.expect("page");
            while !index.is_built().await {
                tokio::task::yield_now().await;
            }
            for (n, change) in changes.iter().enumerate() {
                apply(&t.db, change, 1_000 + n).await;
            }
            let listed = listed_ids(&t.db).await;
            let pages = listed.len().div_ceil(PAGE_SIZE as usize).max(1);
            for page in 1..=pages as u32 + 1 {
                let read = index.page(&t.db, page).await.expect("page");
                let from = (page as usize - 1) * PAGE_SIZE as usize;
                if page as usize > pages {
                    prop_assert!(read.is_none(), "page {} of {}", page, pages);
                    continue;
                }
                let read = read.expect("a page");
                let expected: Vec<i64> =
                    listed.iter().skip(from).take(PAGE_SIZE as usize).copied().collect();
                prop_assert_eq!(ids(&read.users), expected, "page {}", page);
                prop_assert_eq!(read.total, listed.len() as u64);
            }
            Ok(())
        })?;
    }

    /// A search's pages and its CSV, kept across changes by another writer, are the oracle's
    /// matches (names and addresses here are ASCII or fold the same on both search paths).
    #[test]
    fn a_searchs_pages_and_download_are_the_plain_order_bys_matches(
        people in prop::collection::vec((0..FIRST.len(), 0..LAST.len()), 0..80),
        changes in prop::collection::vec(change(), 0..20),
        search in prop::sample::select(vec!["ada", "smith", "bob j", "user.1", "a", "ith", "zz"]),
    ) {
        runtime().block_on(async {
            let t = test_db().await;
            for (n, (f, l)) in people.iter().enumerate() {
                add(&t.db, FIRST[*f], LAST[*l], n).await;
            }
            let finder = Finder::default();
            let query = ListQuery::parse(Some(search), None).expect("a query");
            // Read once, so the matches are kept, then changed under them.
            let _ = finder.page(&t.db, &query, 1).await.expect("page");
            for (n, change) in changes.iter().enumerate() {
                apply(&t.db, change, 1_000 + n).await;
            }
            let everyone = listed_ids(&t.db).await;
            let mut expected = Vec::new();
            for id in everyone {
                let user = users::Entity::find_by_id(id).one(&t.db).await.unwrap().unwrap();
                let name = format!("{} {}", user.first_name, user.last_name).to_lowercase();
                if name.contains(search) || user.email.to_lowercase().contains(search) {
                    expected.push(id);
                }
            }
            let pages = expected.len().div_ceil(PAGE_SIZE as usize).max(1);
            for page in 1..=pages as u32 {
                let found = finder.page(&t.db, &query, page).await.expect("page").expect("a page");
                let from = (page as usize - 1) * PAGE_SIZE as usize;
                let want: Vec<i64> = expected.iter().skip(from).take(PAGE_SIZE as usize).copied().collect();
                prop_assert_eq!(ids(&found.users), want, "page {}", page);
                prop_assert_eq!(found.matched, expected.len() as u64);
            }
            let mut export = finder.export(&t.db, &query).await.expect("export");
            let mut csv = Vec::new();
            loop {
                let chunk = export.next_chunk(&t.db).await.expect("chunk");
                if chunk.is_empty() {
                    break;
                }
                csv.extend(ids(&chunk));
            }
            prop_assert_eq!(csv, expected);
            Ok(())
        })?;
    }
}

/// The whole list's CSV reads every listed user once, in order, in chunks, whatever their
/// names; here more than two chunks of four names.
#[tokio::test]
async fn the_whole_lists_download_reads_every_chunk_in_order() {
    let t = test_db().await;
    let n = crate::users::find::CHUNK * 2 + 7;
    for i in 0..n {
        add(&t.db, FIRST[i % 4], LAST[i % 3], i).await;
    }
    apply(&t.db, &Change::Delete(3), 0).await;
    let mut export = Finder::default()
        .export(&t.db, &ListQuery::default())
        .await
        .expect("export");
    let mut read = Vec::new();
    let mut chunks = 0;
    loop {
        let chunk = export.next_chunk(&t.db).await.expect("chunk");
        if chunk.is_empty() {
            break;
        }
        chunks += 1;
        read.extend(ids(&chunk));
    }
    assert_eq!(read, listed_ids(&t.db).await);
    assert_eq!(chunks, 3);
}

/// SQLite answers every seek with three ranges of the list-order index: no statement sorts the
/// list or scans the table (a change that made it would still be right, and a thousand times
/// slower at 100,000 users).
#[tokio::test]
async fn sqlite_seeks_read_ranges_of_the_list_order_index() {
    let t = test_db().await;
    let key = Key {
        first_name: "Ada".into(),
        last_name: "Smith".into(),
        id: 7,
    };
    for seek in [Seek::From, Seek::After, Seek::Before] {
        let mut sql = Sql::new(DbBackend::Sqlite);
        let rows = seek.rows(&mut sql, &key, "25");
        let statement = sql.statement(format!("EXPLAIN QUERY PLAN {rows}"));
        let plan: Vec<String> =
            t.db.query_all_raw(statement)
                .await
                .expect("plan")
                .iter()
                .map(|r| r.try_get::<String>("", "detail").unwrap())
                .collect();
        let ranges = plan
            .iter()
            .filter(|d| d.starts_with("SEARCH users USING INDEX users_active_list_order"))
            .count();
        assert_eq!(ranges, 3, "{seek:?}: {plan:#?}");
        assert!(
            !plan.iter().any(|d| d.starts_with("SCAN users")),
            "{seek:?}: {plan:#?}"
        );
        // One sort: the three ranges' rows (at most three times the limit), merged.
        let sorts = plan
            .iter()
            .filter(|d| d.contains("TEMP B-TREE FOR ORDER BY"))
            .count();
        assert_eq!(sorts, 1, "{seek:?}: {plan:#?}");
    }
}
