#pragma once
// Tokens and registered clients on disk, per (server URL, resource, issuer): client
// credentials are never presented to another issuer, and a server that moves to another
// AS starts afresh (MCP 2026-07-28 binds credentials to the issuer).
//
//   <root>/                         0700; $TALLY_BRIDGE_DIR, else $XDG_STATE_HOME/tally-bridge
//     servers/<sha(url|resource)>.json   which issuer the server uses now
//     locks/<sha(url|resource)>.lock     one sign-in or refresh at a time per host
//     <sha(url|resource|issuer)>/entry.json   discovery results, tokens, client  (0600)
//     issuers/<sha(issuer)>.json         per-issuer choices (omit RFC 8707 resource)
//
// Every file is written to a temporary name and renamed, so a reader never sees half a
// file, and a crash leaves the old one. Nothing here logs file contents.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "oauth/as_metadata.h"
#include "oauth/client_registration.h"
#include "oauth/token_set.h"

namespace tally::bridge::oauth {

struct StoreEntry {
  std::string server_url;
  std::string resource_option;  ///< --resource as given ("" if none): part of the key
  std::string issuer;
  std::string resource;         ///< the indicator sent ("" = omitted)
  std::string scope;            ///< as last requested
  AuthServerMetadata as;
  std::optional<TokenSet> tokens;
  std::optional<ClientInfo> client;  ///< a registered (DCR/CIMD) client; static ones come from flags
};

class TokenStore {
 public:
  explicit TokenStore(std::filesystem::path root) : root_(std::move(root)) {}
  /// $TALLY_BRIDGE_DIR, else $XDG_STATE_HOME/tally-bridge, else ~/.local/state/tally-bridge.
  static std::filesystem::path default_root();
  const std::filesystem::path& root() const { return root_; }

  /// Creates the folders (0700) if needed; tightens a folder found with looser modes.
  bool prepare(std::string& error) const;

  std::filesystem::path lock_path(const std::string& server_url, const std::string& resource_option) const;
  std::optional<StoreEntry> load(const std::string& server_url, const std::string& resource_option) const;
  bool save(const StoreEntry& entry, std::string& error) const;
  /// Forgets a server (all its issuers). Returns how many entries went.
  int remove(const std::string& server_url) const;
  int remove_all() const;
  std::vector<StoreEntry> list() const;

  bool omits_resource(const std::string& issuer) const;
  bool remember_omit_resource(const std::string& issuer, std::string& error) const;

  /// Writes `doc` to `path` atomically with mode 0600.
  static bool write_private(const std::filesystem::path& path, const nlohmann::json& doc, std::string& error);

 private:
  std::filesystem::path server_file(const std::string& server_url, const std::string& resource_option) const;
  std::filesystem::path entry_dir(const StoreEntry& e) const;
  std::optional<StoreEntry> read_entry(const std::filesystem::path& dir) const;

  std::filesystem::path root_;
};

std::string sha256_hex(const std::string& text);

}  // namespace tally::bridge::oauth
