#pragma once
// A self-signed certificate made by the test (OpenSSL API): EC P-256, valid
// for an hour, naming `dns_name` and 127.0.0.1. Written as PEM files in a
// fresh temporary directory that is removed on destruction.

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace tally::http::test {

class TestCert {
 public:
  explicit TestCert(const std::string& dns_name = "localhost") {
    char pattern[] = "/tmp/tally-http-tls-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    cert_file = (dir_ / "cert.pem").string();
    key_file = (dir_ / "key.pem").string();

    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    if (!key || !cert) throw std::runtime_error("OpenSSL: key or certificate");
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(dns_name.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    add_extension(cert.get(), NID_subject_alt_name, "DNS:" + dns_name + ",IP:127.0.0.1");
    add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE");
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0)
      throw std::runtime_error("OpenSSL: signing");
    write(cert_file, [&](FILE* f) { return PEM_write_X509(f, cert.get()); });
    write(key_file, [&](FILE* f) {
      return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
  }
  ~TestCert() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string cert_file, key_file;
  std::filesystem::path dir() const { return dir_; }

 private:
  static void add_extension(X509* cert, int nid, const std::string& value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
    if (!extension) throw std::runtime_error("OpenSSL: extension");
    X509_add_ext(cert, extension, -1);
    X509_EXTENSION_free(extension);
  }
  template <class F>
  static void write(const std::string& path, F f) {
    FILE* file = std::fopen(path.c_str(), "w");
    if (!file) throw std::runtime_error("cannot write " + path);
    bool ok = f(file) == 1;
    std::fclose(file);
    if (!ok) throw std::runtime_error("OpenSSL: PEM " + path);
  }

  std::filesystem::path dir_;
};

}  // namespace tally::http::test
