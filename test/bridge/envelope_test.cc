#include "envelope.h"

#include <doctest/doctest.h>

using namespace tally::bridge;

TEST_CASE("requests, notifications and responses are told apart") {
  auto r = peek_envelope(R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"x","arguments":{"a":[1,{"b":"}"}]}}})");
  CHECK(r.kind == MessageKind::request);
  CHECK(r.id == "7");
  CHECK(r.method == "tools/call");

  auto n = peek_envelope(R"( {"method":"notifications/initialized","jsonrpc":"2.0"} )");
  CHECK(n.kind == MessageKind::notification);
  CHECK(n.method == "notifications/initialized");

  auto s = peek_envelope(R"({"jsonrpc":"2.0","result":{"tools":[]},"id":"abc"})");
  CHECK(s.kind == MessageKind::response);
  CHECK(s.id == "\"abc\"");

  auto e = peek_envelope(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}})");
  CHECK(e.kind == MessageKind::response);
  CHECK(e.id == "null");
}

TEST_CASE("batches and garbage") {
  CHECK(peek_envelope(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])").kind == MessageKind::batch);
  CHECK(peek_envelope("not json").kind == MessageKind::invalid);
  CHECK(peek_envelope(R"({"jsonrpc":"2.0","id":1,"method":"ping")").kind == MessageKind::invalid);
  CHECK(peek_envelope(R"({"jsonrpc":"2.0","id":1,"method":"ping"} x)").kind == MessageKind::invalid);
  CHECK(peek_envelope(R"({"jsonrpc":"2.0","params":{}})").kind == MessageKind::invalid);
  CHECK(peek_envelope(R"({"method":"a\"b","id":1})").method == "a\"b");
  CHECK(peek_envelope(R"({"method":"x","params":"unterminated})").kind == MessageKind::invalid);
}

TEST_CASE("escaped and plain string ids share a key") {
  CHECK(id_key(R"("\u0061")") == id_key(R"("a")"));
  CHECK(id_key("42") == "42");
}
