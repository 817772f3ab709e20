#ifndef LIKVARD_CPOSTGRES_SHIM_H
#define LIKVARD_CPOSTGRES_SHIM_H
// libpq, PostgreSQL's own client library: synchronous, with COPY.
// https://www.postgresql.org/docs/15/libpq.html
#include <libpq-fe.h>
#endif
