//! Prisma schema language: parse, validate, export DMMF, format.
