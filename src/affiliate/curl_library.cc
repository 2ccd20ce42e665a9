#include "affiliate/curl_library.h"

#include <dlfcn.h>

#include <mutex>

namespace tally::affiliate {

namespace {

struct Loaded {
  CurlLibrary lib{};
  std::string error;  // empty when lib is usable
};

template <typename F>
bool resolve(void* handle, const char* name, F& into, std::string& error) {
  void* symbol = dlsym(handle, name);
  if (symbol == nullptr) {
    error = std::string("libcurl.so.4 lacks ") + name;
    return false;
  }
  into = reinterpret_cast<F>(symbol);
  return true;
}

Loaded load() {
  Loaded out;
  // Never closed: the library stays for the process's life, as a linked one would.
  void* h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (h == nullptr) {
    const char* why = dlerror();
    out.error = std::string("libcurl is not installed (") + (why ? why : "libcurl.so.4 not found") +
                "); install the libcurl4 package to send postbacks";
    return out;
  }
  CurlLibrary& l = out.lib;
  std::string& e = out.error;
  if (!(resolve(h, "curl_global_init", l.global_init, e) &&
        resolve(h, "curl_easy_init", l.easy_init, e) &&
        resolve(h, "curl_easy_setopt", l.easy_setopt, e) &&
        resolve(h, "curl_easy_perform", l.easy_perform, e) &&
        resolve(h, "curl_easy_getinfo", l.easy_getinfo, e) &&
        resolve(h, "curl_easy_cleanup", l.easy_cleanup, e) &&
        resolve(h, "curl_easy_strerror", l.easy_strerror, e) &&
        resolve(h, "curl_slist_append", l.slist_append, e) &&
        resolve(h, "curl_slist_free_all", l.slist_free_all, e) &&
        resolve(h, "curl_url", l.url, e) && resolve(h, "curl_url_cleanup", l.url_cleanup, e) &&
        resolve(h, "curl_url_set", l.url_set, e) && resolve(h, "curl_url_get", l.url_get, e) &&
        resolve(h, "curl_free", l.free, e)))
    return out;
  if (l.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) e = "libcurl could not initialise";
  return out;
}

}  // namespace

const CurlLibrary* curl_library(std::string& error) {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = load(); });
  if (!loaded.error.empty()) {
    error = loaded.error;
    return nullptr;
  }
  return &loaded.lib;
}

}  // namespace tally::affiliate
