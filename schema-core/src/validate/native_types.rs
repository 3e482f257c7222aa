//! The `@db.X(args)` native types each provider knows: how many arguments they take and which Prisma scalar
//! types they can back.

use crate::config::Provider;
use crate::datamodel::ScalarType::{self, *};

/// One native type of one provider.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NativeTypeSpec {
    pub name: &'static str,
    /// Arguments that must be given.
    pub required: usize,
    /// Arguments that may be given (all or none).
    pub optional: usize,
    pub scalars: &'static [ScalarType],
    /// The arguments are integers (or `max` where allowed).
    pub allows_max: bool,
}

const fn t(name: &'static str, scalars: &'static [ScalarType]) -> NativeTypeSpec {
    NativeTypeSpec {
        name,
        required: 0,
        optional: 0,
        scalars,
        allows_max: false,
    }
}

const fn opt(name: &'static str, n: usize, scalars: &'static [ScalarType]) -> NativeTypeSpec {
    NativeTypeSpec {
        name,
        required: 0,
        optional: n,
        scalars,
        allows_max: false,
    }
}

const fn req(name: &'static str, n: usize, scalars: &'static [ScalarType]) -> NativeTypeSpec {
    NativeTypeSpec {
        name,
        required: n,
        optional: 0,
        scalars,
        allows_max: false,
    }
}

const fn max(spec: NativeTypeSpec) -> NativeTypeSpec {
    NativeTypeSpec {
        allows_max: true,
        ..spec
    }
}

const POSTGRES: &[NativeTypeSpec] = &[
    t("SmallInt", &[Int]),
    t("Integer", &[Int]),
    t("BigInt", &[BigInt]),
    opt("Decimal", 2, &[Decimal]),
    t("Money", &[Decimal]),
    t("Inet", &[String]),
    t("Oid", &[Int]),
    t("Citext", &[String]),
    t("Real", &[Float]),
    t("DoublePrecision", &[Float]),
    opt("VarChar", 1, &[String]),
    opt("Char", 1, &[String]),
    t("Text", &[String]),
    t("ByteA", &[Bytes]),
    opt("Timestamp", 1, &[DateTime]),
    opt("Timestamptz", 1, &[DateTime]),
    t("Date", &[DateTime]),
    opt("Time", 1, &[DateTime]),
    opt("Timetz", 1, &[DateTime]),
    t("Boolean", &[Boolean]),
    opt("Bit", 1, &[String]),
    opt("VarBit", 1, &[String]),
    t("Uuid", &[String]),
    t("Xml", &[String]),
    t("Json", &[Json]),
    t("JsonB", &[Json]),
];

const COCKROACH: &[NativeTypeSpec] = &[
    opt("Bit", 1, &[String]),
    t("Bool", &[Boolean]),
    t("Bytes", &[Bytes]),
    opt("Char", 1, &[String]),
    t("Date", &[DateTime]),
    opt("Decimal", 2, &[Decimal]),
    t("Float4", &[Float]),
    t("Float8", &[Float]),
    t("Inet", &[String]),
    t("Int2", &[Int]),
    t("Int4", &[Int]),
    t("Int8", &[BigInt]),
    t("JsonB", &[Json]),
    t("Oid", &[Int]),
    t("CatalogSingleChar", &[String]),
    opt("String", 1, &[String]),
    opt("Time", 1, &[DateTime]),
    opt("Timestamp", 1, &[DateTime]),
    opt("Timestamptz", 1, &[DateTime]),
    opt("Timetz", 1, &[DateTime]),
    t("Uuid", &[String]),
    opt("VarBit", 1, &[String]),
];

const MYSQL: &[NativeTypeSpec] = &[
    t("Int", &[Int]),
    t("UnsignedInt", &[Int]),
    t("SmallInt", &[Int]),
    t("UnsignedSmallInt", &[Int]),
    t("TinyInt", &[Boolean, Int]),
    t("UnsignedTinyInt", &[Boolean, Int]),
    t("MediumInt", &[Int]),
    t("UnsignedMediumInt", &[Int]),
    t("BigInt", &[BigInt]),
    t("UnsignedBigInt", &[BigInt]),
    opt("Decimal", 2, &[Decimal]),
    t("Float", &[Float]),
    t("Double", &[Float]),
    req("Bit", 1, &[Boolean, Bytes]),
    opt("Char", 1, &[String]),
    req("VarChar", 1, &[String]),
    t("TinyText", &[String]),
    t("Text", &[String]),
    t("MediumText", &[String]),
    t("LongText", &[String]),
    opt("Binary", 1, &[Bytes]),
    req("VarBinary", 1, &[Bytes]),
    t("TinyBlob", &[Bytes]),
    t("Blob", &[Bytes]),
    t("MediumBlob", &[Bytes]),
    t("LongBlob", &[Bytes]),
    t("Date", &[DateTime]),
    opt("Time", 1, &[DateTime]),
    opt("DateTime", 1, &[DateTime]),
    opt("Timestamp", 1, &[DateTime]),
    t("Year", &[Int]),
    t("Json", &[Json]),
];

const SQLSERVER: &[NativeTypeSpec] = &[
    t("TinyInt", &[Int]),
    t("SmallInt", &[Int]),
    t("Int", &[Int]),
    t("BigInt", &[BigInt]),
    opt("Decimal", 2, &[Decimal]),
    t("Money", &[Decimal]),
    t("SmallMoney", &[Decimal]),
    t("Bit", &[Boolean, Int]),
    opt("Float", 1, &[Float]),
    t("Real", &[Float]),
    t("Date", &[DateTime]),
    t("Time", &[DateTime]),
    t("DateTime", &[DateTime]),
    t("DateTime2", &[DateTime]),
    t("DateTimeOffset", &[DateTime]),
    t("SmallDateTime", &[DateTime]),
    opt("Char", 1, &[String]),
    opt("NChar", 1, &[String]),
    max(opt("VarChar", 1, &[String])),
    t("Text", &[String]),
    max(opt("NVarChar", 1, &[String])),
    t("NText", &[String]),
    opt("Binary", 1, &[Bytes]),
    max(opt("VarBinary", 1, &[Bytes])),
    t("Image", &[Bytes]),
    t("Xml", &[String]),
    t("UniqueIdentifier", &[String]),
];

const MONGODB: &[NativeTypeSpec] = &[
    t("String", &[String]),
    t("Double", &[Float]),
    t("Long", &[Int, BigInt]),
    t("Int", &[Int]),
    t("BinData", &[Bytes]),
    t("ObjectId", &[String, Bytes]),
    t("Bool", &[Boolean]),
    t("Date", &[DateTime]),
    t("Timestamp", &[DateTime]),
    t("Json", &[Json]),
];

/// The native types of a provider (none for SQLite).
pub(crate) fn for_provider(provider: Provider) -> &'static [NativeTypeSpec] {
    match provider {
        Provider::PostgreSql => POSTGRES,
        Provider::CockroachDb => COCKROACH,
        Provider::MySql => MYSQL,
        Provider::SqlServer => SQLSERVER,
        Provider::MongoDb => MONGODB,
        Provider::Sqlite => &[],
    }
}

pub(crate) fn find(provider: Provider, name: &str) -> Option<&'static NativeTypeSpec> {
    for_provider(provider).iter().find(|s| s.name == name)
}
