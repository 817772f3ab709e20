#ifndef LIKVARD_CSQLITE_SHIM_H
#define LIKVARD_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a function-pointer cast macro Swift cannot import.
// https://www.sqlite.org/c3ref/c_static.html
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
#endif
