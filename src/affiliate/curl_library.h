#pragma once
// libcurl, loaded on the first postback rather than at start: linked normally it
// brings ~30 shared libraries (gnutls, krb5, ldap, ssh2, rtmp, …) into every
// `tally` process, which measured as most of the dynamic loader's start-up work
// and several MiB of idle memory, for a feature only affiliate brands use.

#include <string>

#include <curl/curl.h>

namespace tally::affiliate {

/// The libcurl functions postback delivery calls, resolved once from libcurl.so.4.
struct CurlLibrary {
  CURLcode (*global_init)(long);
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  void (*easy_cleanup)(CURL*);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
  CURLU* (*url)();
  void (*url_cleanup)(CURLU*);
  CURLUcode (*url_set)(CURLU*, CURLUPart, const char*, unsigned int);
  CURLUcode (*url_get)(const CURLU*, CURLUPart, char**, unsigned int);
  void (*free)(void*);
};

/// The library, loaded and initialised (curl_global_init) on the first call,
/// thread-safe; nullptr when it cannot be loaded, with `error` saying why.
const CurlLibrary* curl_library(std::string& error);

}  // namespace tally::affiliate
