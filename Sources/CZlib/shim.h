#ifndef LIKVARD_CZLIB_SHIM_H
#define LIKVARD_CZLIB_SHIM_H
#include <zlib.h>

// inflateInit2 is a macro (it passes ZLIB_VERSION and sizeof(z_stream)); Swift cannot
// import it. windowBits 15 + 32 makes zlib detect gzip or zlib headers automatically.
// https://www.zlib.net/manual.html#Advanced
static inline int czlib_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
#endif
