#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
// libcurl. curl_easy_setopt/curl_multi_setopt/curl_easy_getinfo are variadic,
// which Swift cannot call: they are wrapped in typed ccurl_-prefixed functions.
// Macros that Swift does not import (composite expressions) are wrapped too.
#include <curl/curl.h>

// MARK: curl_easy_setopt, one wrapper per argument type.

static inline CURLcode ccurl_easy_setopt_long(CURL *easy, CURLoption option, long value) {
    return curl_easy_setopt(easy, option, value);
}

static inline CURLcode ccurl_easy_setopt_off_t(CURL *easy, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(easy, option, value);
}

static inline CURLcode ccurl_easy_setopt_string(CURL *easy, CURLoption option, const char *value) {
    return curl_easy_setopt(easy, option, value);
}

static inline CURLcode ccurl_easy_setopt_pointer(CURL *easy, CURLoption option, void *value) {
    return curl_easy_setopt(easy, option, value);
}

static inline CURLcode ccurl_easy_setopt_slist(CURL *easy, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(easy, option, value);
}

/// For CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION (same C signature).
static inline CURLcode ccurl_easy_setopt_write_function(CURL *easy, CURLoption option, curl_write_callback value) {
    return curl_easy_setopt(easy, option, value);
}

// MARK: curl_multi_setopt

static inline CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

// MARK: curl_easy_getinfo, one wrapper per result type.

static inline CURLcode ccurl_easy_getinfo_long(CURL *easy, CURLINFO info, long *value) {
    return curl_easy_getinfo(easy, info, value);
}

static inline CURLcode ccurl_easy_getinfo_double(CURL *easy, CURLINFO info, double *value) {
    return curl_easy_getinfo(easy, info, value);
}

static inline CURLcode ccurl_easy_getinfo_off_t(CURL *easy, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(easy, info, value);
}

static inline CURLcode ccurl_easy_getinfo_string(CURL *easy, CURLINFO info, char **value) {
    return curl_easy_getinfo(easy, info, value);
}

// MARK: macros

/// Returned from a write callback to pause the transfer (CURL_WRITEFUNC_PAUSE).
static inline size_t ccurl_writefunc_pause(void) { return CURL_WRITEFUNC_PAUSE; }

/// Bitmask for curl_easy_pause that resumes both directions (CURLPAUSE_CONT).
static inline int ccurl_pause_cont(void) { return CURLPAUSE_CONT; }

/// Size of the buffer CURLOPT_ERRORBUFFER writes into (CURL_ERROR_SIZE).
static inline size_t ccurl_error_size(void) { return CURL_ERROR_SIZE; }

/// Flags for curl_global_init (CURL_GLOBAL_DEFAULT).
static inline long ccurl_global_default(void) { return CURL_GLOBAL_DEFAULT; }

#endif
