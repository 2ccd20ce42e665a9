#include "oauth/token_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include <openssl/sha.h>

#include "oauth/pkce.h"
#include "src/util/wipe.h"

namespace tally::bridge::oauth {
namespace fs = std::filesystem;

std::string sha256_hex(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

namespace {
std::string key(const std::string& a, const std::string& b, const std::string& c = {}) {
  return sha256_hex(a + '\n' + b + '\n' + c).substr(0, 32);
}

std::optional<nlohmann::json> read_json(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  // Read straight into one buffer of the file's size, so no stream or regrown
  // string keeps a copy of the tokens.
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  std::string body;
  if (!ec) body.reserve(static_cast<std::size_t>(size));
  body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  auto doc = nlohmann::json::parse(body, nullptr, false);
  tally::util::wipe(body);  // the file holds tokens
  if (!doc.is_object()) return std::nullopt;
  return doc;
}

bool make_private_dir(const fs::path& dir, std::string& error) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    error = "cannot create " + dir.string() + ": " + ec.message();
    return false;
  }
  if (::chmod(dir.c_str(), 0700) != 0) {
    error = "cannot set permissions on " + dir.string() + ": " + std::strerror(errno);
    return false;
  }
  return true;
}
}  // namespace

fs::path TokenStore::default_root() {
  if (const char* dir = std::getenv("TALLY_BRIDGE_DIR"); dir && *dir) return dir;
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) return fs::path(state) / "tally-bridge";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".local" / "state" / "tally-bridge";
}

bool TokenStore::prepare(std::string& error) const {
  return make_private_dir(root_, error) && make_private_dir(root_ / "servers", error) &&
         make_private_dir(root_ / "locks", error) && make_private_dir(root_ / "issuers", error);
}

bool TokenStore::write_private(const fs::path& path, const nlohmann::json& doc, std::string& error) {
  std::string text = doc.dump(2) + "\n";
  tally::util::WipeOnExit wipe_text(text);  // it holds tokens
  fs::path temp = path;
  temp += ".tmp-" + random_token(6);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    error = "cannot write " + path.string() + ": " + std::strerror(errno);
    return false;
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += size_t(n);
  }
  bool ok = done == text.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
    error = "cannot write " + path.string() + ": " + std::strerror(errno);
    ::unlink(temp.c_str());
    return false;
  }
  return true;
}

fs::path TokenStore::server_file(const std::string& server_url, const std::string& resource_option) const {
  return root_ / "servers" / (key(server_url, resource_option) + ".json");
}

fs::path TokenStore::lock_path(const std::string& server_url, const std::string& resource_option) const {
  return root_ / "locks" / (key(server_url, resource_option) + ".lock");
}

fs::path TokenStore::entry_dir(const StoreEntry& e) const {
  return root_ / key(e.server_url, e.resource_option, e.issuer);
}

std::optional<StoreEntry> TokenStore::read_entry(const fs::path& dir) const {
  auto doc = read_json(dir / "entry.json");
  if (!doc) return std::nullopt;
  StoreEntry e;
  e.server_url = doc->value("server_url", "");
  e.resource_option = doc->value("resource_option", "");
  e.issuer = doc->value("issuer", "");
  e.resource = doc->value("resource", "");
  e.scope = doc->value("scope", "");
  if (doc->contains("as")) e.as = AuthServerMetadata::from_json((*doc)["as"]);
  if (doc->contains("tokens")) e.tokens = TokenSet::from_json((*doc)["tokens"]);
  if (doc->contains("client")) e.client = ClientInfo::from_json((*doc)["client"]);
  return e;
}

std::optional<StoreEntry> TokenStore::load(const std::string& server_url, const std::string& resource_option) const {
  auto pointer = read_json(server_file(server_url, resource_option));
  if (!pointer) return std::nullopt;
  StoreEntry probe{server_url, resource_option, pointer->value("issuer", ""), {}, {}, {}, {}, {}};
  auto entry = read_entry(entry_dir(probe));
  if (!entry || entry->server_url != server_url || entry->resource_option != resource_option) return std::nullopt;
  return entry;
}

bool TokenStore::save(const StoreEntry& e, std::string& error) const {
  if (!prepare(error)) return false;
  fs::path dir = entry_dir(e);
  if (!make_private_dir(dir, error)) return false;
  nlohmann::json doc = {{"server_url", e.server_url}, {"resource_option", e.resource_option},
                        {"issuer", e.issuer},         {"resource", e.resource},
                        {"scope", e.scope},           {"as", e.as.to_json()}};
  if (e.tokens) doc["tokens"] = e.tokens->to_json();
  if (e.client) doc["client"] = e.client->to_json();
  if (!write_private(dir / "entry.json", doc, error)) return false;
  nlohmann::json pointer = {{"server_url", e.server_url}, {"resource_option", e.resource_option},
                            {"issuer", e.issuer}};
  return write_private(server_file(e.server_url, e.resource_option), pointer, error);
}

std::vector<StoreEntry> TokenStore::list() const {
  std::vector<StoreEntry> out;
  std::error_code ec;
  for (const auto& item : fs::directory_iterator(root_ / "servers", ec)) {
    auto pointer = read_json(item.path());
    if (!pointer) continue;
    if (auto e = load(pointer->value("server_url", ""), pointer->value("resource_option", ""))) {
      out.push_back(std::move(*e));
    }
  }
  return out;
}

int TokenStore::remove(const std::string& server_url) const {
  int removed = 0;
  std::error_code ec;
  for (const auto& item : fs::directory_iterator(root_, ec)) {
    if (!item.is_directory()) continue;
    auto e = read_entry(item.path());
    if (!e || e->server_url != server_url) continue;
    fs::remove_all(item.path(), ec);
    fs::remove(server_file(e->server_url, e->resource_option), ec);
    ++removed;
  }
  for (const auto& item : fs::directory_iterator(root_ / "servers", ec)) {
    auto pointer = read_json(item.path());
    if (pointer && pointer->value("server_url", "") == server_url) fs::remove(item.path(), ec);
  }
  return removed;
}

int TokenStore::remove_all() const {
  int removed = 0;
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (const auto& item : fs::directory_iterator(root_, ec)) {
    if (item.is_directory() && read_entry(item.path())) doomed.push_back(item.path());
  }
  for (const auto& dir : doomed) {
    fs::remove_all(dir, ec);
    ++removed;
  }
  fs::remove_all(root_ / "servers", ec);
  fs::remove_all(root_ / "issuers", ec);
  return removed;
}

bool TokenStore::omits_resource(const std::string& issuer) const {
  auto doc = read_json(root_ / "issuers" / (key(issuer, "") + ".json"));
  return doc && doc->value("omit_resource", false);
}

bool TokenStore::remember_omit_resource(const std::string& issuer, std::string& error) const {
  if (!prepare(error)) return false;
  nlohmann::json doc = {{"issuer", issuer}, {"omit_resource", true}};
  return write_private(root_ / "issuers" / (key(issuer, "") + ".json"), doc, error);
}

}  // namespace tally::bridge::oauth
