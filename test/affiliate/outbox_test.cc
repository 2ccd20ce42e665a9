#include <doctest/doctest.h>

#include "affiliate/outbox.h"
#include "affiliate/postback_delivery.h"
#include "affiliate/text.h"

using namespace tally::affiliate;

TEST_CASE("percent_encode keeps only RFC 3986's unreserved characters") {
  CHECK(percent_encode("AZaz09-._~") == "AZaz09-._~");
  CHECK(percent_encode("A&B 1/2=?#%+") == "A%26B%201%2F2%3D%3F%23%25%2B");
  CHECK(percent_encode("é") == "%C3%A9");
  CHECK(percent_encode("") == "");
}

TEST_CASE("a template's placeholders are filled, each encoded; other braces stay") {
  PostbackFields f{"clk_1", "cnv_2", "49.99", "T&1", "sale", "approved"};
  CHECK(fill_postback_template(
            "https://a.test/"
            "p?c={CLICK_ID}&v={CONVERSION_ID}&a={AMOUNT}&t={TXN_ID}&e={EVENT_TYPE}&s={STATUS}",
            f) == "https://a.test/p?c=clk_1&v=cnv_2&a=49.99&t=T%261&e=sale&s=approved");
  CHECK(fill_postback_template("https://a.test/{STATUS}/{STATUS}", f) ==
        "https://a.test/approved/approved");
  f.click_id = "";
  CHECK(fill_postback_template("https://a.test/?c={CLICK_ID}&x={", f) == "https://a.test/?c=&x={");
}

TEST_CASE("loopback, private and other non-public addresses are named; public ones pass") {
  CHECK(private_address_reason("127.0.0.1") == "a loopback address");
  CHECK(private_address_reason("127.255.1.2") == "a loopback address");
  CHECK(private_address_reason("10.1.2.3") == "a private address");
  CHECK(private_address_reason("172.16.0.1") == "a private address");
  CHECK(private_address_reason("172.31.255.255") == "a private address");
  CHECK_FALSE(private_address_reason("172.32.0.1"));
  CHECK(private_address_reason("192.168.1.1") == "a private address");
  CHECK(private_address_reason("169.254.169.254") == "a link-local address");  // cloud metadata
  CHECK(private_address_reason("100.64.0.1") == "a shared (carrier-grade NAT) address");
  CHECK(private_address_reason("0.0.0.0") == "an unspecified address");
  CHECK(private_address_reason("224.0.0.1") == "a multicast address");
  CHECK_FALSE(private_address_reason("8.8.8.8"));
  CHECK_FALSE(private_address_reason("93.184.216.34"));
  CHECK(private_address_reason("::1") == "a loopback address");
  CHECK(private_address_reason("::") == "an unspecified address");
  CHECK(private_address_reason("::ffff:127.0.0.1") == "a loopback address");
  CHECK(private_address_reason("::ffff:10.0.0.1") == "a private address");
  CHECK_FALSE(private_address_reason("::ffff:8.8.8.8"));
  CHECK(private_address_reason("fd00::1") == "a unique local (private) address");
  CHECK(private_address_reason("fe80::1") == "a link-local address");
  CHECK(private_address_reason("ff02::1") == "a multicast address");
  CHECK_FALSE(private_address_reason("2606:4700::1111"));
  CHECK(private_address_reason("localhost") == "not an IP address");
}

TEST_CASE("deliveries to refused schemes or addresses are permanent and never connect") {
  DeliveryOptions options;
  auto out = deliver_postback("ftp://a.test/x", options);
  CHECK(out.permanent);
  CHECK(out.error == "refused: only http and https URLs are sent");
  out = deliver_postback("http://localhost:1/x", options);
  CHECK(out.permanent);
  CHECK(out.error.find("localhost is a loopback address") != std::string::npos);
  out = deliver_postback("http://[::1]:1/x", options);
  CHECK(out.permanent);
  out = deliver_postback("http://169.254.169.254/latest/meta-data", options);
  CHECK(out.permanent);
  CHECK(out.error.find("link-local") != std::string::npos);
}
