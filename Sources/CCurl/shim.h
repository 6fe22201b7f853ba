#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
// libcurl. curl_easy_setopt/curl_multi_setopt/curl_easy_getinfo are variadic,
// which Swift cannot call: they are wrapped in typed ccurl_-prefixed functions.
#include <curl/curl.h>

#endif
