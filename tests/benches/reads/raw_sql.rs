//! The raw read side on the engine's own SQLite and PostgreSQL drivers: hand-written statements through
//! [`SqlConnection::query`], the rows decoded by the driver and moved into plain structs.

use engine_core::connector::{ColumnTypes, SqlConnection, SqlDriver, TypeIdentifier};
use engine_core::sql::Rendered;
use engine_core::value::PrismaValue;

use crate::{Comment, Post, User};

const USER_TYPES: [TypeIdentifier; 3] = [
    TypeIdentifier::Int,
    TypeIdentifier::String,
    TypeIdentifier::String,
];
const POST_TYPES: [TypeIdentifier; 4] = [
    TypeIdentifier::Int,
    TypeIdentifier::String,
    TypeIdentifier::Int,
    TypeIdentifier::Int,
];
const COMMENT_TYPES: [TypeIdentifier; 3] = [
    TypeIdentifier::Int,
    TypeIdentifier::String,
    TypeIdentifier::Int,
];

/// One pooled connection of a SQLite or PostgreSQL driver.
pub struct SqlReader {
    conn: Box<dyn SqlConnection>,
    postgres: bool,
}

impl SqlReader {
    pub async fn open(driver: &dyn SqlDriver, postgres: bool) -> SqlReader {
        let conn = driver.connection().await.expect("raw connection");
        SqlReader { conn, postgres }
    }

    /// `$1` on PostgreSQL, `?` on SQLite.
    fn param(&self) -> &'static str {
        if self.postgres {
            "$1"
        } else {
            "?"
        }
    }

    /// `column IN (?, ?, ..)` on SQLite, `column = ANY($1)` on PostgreSQL, with its parameters.
    fn any_of(&self, column: &str, keys: &[i64]) -> (String, Vec<PrismaValue>) {
        let values = keys.iter().map(|k| PrismaValue::Int(*k)).collect();
        if self.postgres {
            (
                format!("\"{column}\" = ANY($1)"),
                vec![PrismaValue::List(values)],
            )
        } else {
            let mut sql = format!("\"{column}\" IN (");
            for i in 0..keys.len() {
                sql.push_str(if i == 0 { "?" } else { ",?" });
            }
            sql.push(')');
            (sql, values)
        }
    }

    async fn query(
        &self,
        sql: String,
        params: Vec<PrismaValue>,
        types: &[TypeIdentifier],
    ) -> Vec<Vec<PrismaValue>> {
        self.conn
            .query(&Rendered { sql, params }, ColumnTypes::Known(types))
            .await
            .expect("raw query")
            .rows
    }

    pub async fn user(&mut self, id: i64) -> Option<User> {
        let sql = format!(
            "SELECT \"id\", \"email\", \"name\" FROM \"User\" WHERE \"id\" = {}",
            self.param()
        );
        let rows = self
            .query(sql, vec![PrismaValue::Int(id)], &USER_TYPES)
            .await;
        rows.into_iter().next().map(user)
    }

    pub async fn users(&mut self, take: usize) -> Vec<User> {
        let sql = format!(
            "SELECT \"id\", \"email\", \"name\" FROM \"User\" ORDER BY \"id\" LIMIT {}",
            self.param()
        );
        let rows = self
            .query(sql, vec![PrismaValue::Int(take as i64)], &USER_TYPES)
            .await;
        rows.into_iter().map(user).collect()
    }

    pub async fn posts(&mut self, authors: &[i64], take: Option<usize>) -> Vec<Post> {
        let (condition, params) = self.any_of("authorId", authors);
        let sql = match take {
            None => format!(
                "SELECT \"id\", \"title\", \"views\", \"authorId\" FROM \"Post\" WHERE {condition} ORDER BY \"id\""
            ),
            Some(n) => format!(
                "SELECT \"id\", \"title\", \"views\", \"authorId\" FROM (SELECT \"id\", \"title\", \"views\", \"authorId\", \
                 ROW_NUMBER() OVER (PARTITION BY \"authorId\" ORDER BY \"id\") AS rn FROM \"Post\" WHERE {condition}) AS p \
                 WHERE rn <= {n} ORDER BY \"id\""
            ),
        };
        let rows = self.query(sql, params, &POST_TYPES).await;
        rows.into_iter()
            .map(|row| {
                let mut row = row.into_iter();
                Post {
                    id: int(row.next()),
                    title: string(row.next()),
                    views: int(row.next()),
                    author_id: int(row.next()),
                }
            })
            .collect()
    }

    pub async fn comments(&mut self, posts: &[i64]) -> Vec<Comment> {
        let (condition, params) = self.any_of("postId", posts);
        let sql = format!(
            "SELECT \"id\", \"body\", \"postId\" FROM \"Comment\" WHERE {condition} ORDER BY \"id\""
        );
        let rows = self.query(sql, params, &COMMENT_TYPES).await;
        rows.into_iter()
            .map(|row| {
                let mut row = row.into_iter();
                Comment {
                    id: int(row.next()),
                    body: string(row.next()),
                    post_id: int(row.next()),
                }
            })
            .collect()
    }
}

fn user(row: Vec<PrismaValue>) -> User {
    let mut row = row.into_iter();
    User {
        id: int(row.next()),
        email: string(row.next()),
        name: optional_string(row.next()),
    }
}

fn int(value: Option<PrismaValue>) -> i64 {
    match value {
        Some(PrismaValue::Int(i) | PrismaValue::BigInt(i)) => i,
        other => panic!("expected an integer, got {other:?}"),
    }
}

fn string(value: Option<PrismaValue>) -> String {
    match value {
        Some(PrismaValue::String(s)) => s,
        other => panic!("expected a string, got {other:?}"),
    }
}

fn optional_string(value: Option<PrismaValue>) -> Option<String> {
    match value {
        Some(PrismaValue::Null) => None,
        other => Some(string(other)),
    }
}
