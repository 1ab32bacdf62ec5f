#include "tlstestserver.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace qiusuo::remote::test {

namespace {

void addExtension(X509* cert, int nid, const char* value)
{
    X509V3_CTX v3{};
    X509V3_set_ctx(&v3, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, nid, value);
    if (!ext)
        throw std::runtime_error("test TLS server: cannot make a certificate extension");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

/// A P-256 key and a one-day self-signed certificate for IP 127.0.0.1.
std::pair<EVP_PKEY*, X509*> makeCertificate()
{
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    if (!key || !cert)
        throw std::runtime_error("test TLS server: cannot make a key");
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    addExtension(cert, NID_basic_constraints, "critical,CA:TRUE");
    addExtension(cert, NID_key_usage, "critical,digitalSignature,keyCertSign");
    addExtension(cert, NID_subject_alt_name, "IP:127.0.0.1");
    addExtension(cert, NID_subject_key_identifier, "hash");
    if (X509_sign(cert, key, EVP_sha256()) == 0)
        throw std::runtime_error("test TLS server: cannot sign the certificate");
    return {key, cert};
}

} // namespace

TlsTestServer::TlsTestServer(std::string response) : response_(std::move(response))
{
    auto [key, cert] = makeCertificate();
    char path[] = "/tmp/qiusuo-test-ca-XXXXXX.pem";
    const int fd = ::mkstemps(path, 4);
    FILE* file = fd >= 0 ? ::fdopen(fd, "w") : nullptr;
    if (!file)
        throw std::runtime_error("test TLS server: cannot write the certificate file");
    PEM_write_X509(file, cert);
    std::fclose(file);
    caFile_ = path;

    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate(ctx, cert);
    SSL_CTX_use_PrivateKey(ctx, key);
    X509_free(cert);
    EVP_PKEY_free(key);
    ctx_ = ctx;

    listenFd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listenFd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listenFd_, 16) != 0)
        throw std::runtime_error("test TLS server: cannot listen on 127.0.0.1");
    socklen_t len = sizeof addr;
    ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serveLoop(); });
}

TlsTestServer::~TlsTestServer()
{
    stopping_ = true;
    thread_.join();
    ::close(listenFd_);
    SSL_CTX_free(static_cast<SSL_CTX*>(ctx_));
    std::remove(caFile_.c_str());
}

void TlsTestServer::serveLoop()
{
    while (!stopping_.load()) {
        pollfd p{listenFd_, POLLIN, 0};
        if (::poll(&p, 1, 10) <= 0)
            continue;
        const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        // A client that gives up mid-handshake must not hang the server.
        timeval timeout{2, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        SSL* ssl = SSL_new(static_cast<SSL_CTX*>(ctx_));
        SSL_set_fd(ssl, fd);
        if (SSL_accept(ssl) == 1) {
            std::string request;
            char buf[4096];
            std::size_t headEnd = std::string::npos;
            while (headEnd == std::string::npos) {
                const int n = SSL_read(ssl, buf, sizeof buf);
                if (n <= 0)
                    break;
                request.append(buf, static_cast<std::size_t>(n));
                headEnd = request.find("\r\n\r\n");
            }
            if (headEnd != std::string::npos) {
                std::size_t length = 0;
                const auto at = request.find("Content-Length: ");
                if (at != std::string::npos && at < headEnd)
                    length = std::strtoul(request.c_str() + at + 16, nullptr, 10);
                while (request.size() < headEnd + 4 + length) {
                    const int n = SSL_read(ssl, buf, sizeof buf);
                    if (n <= 0)
                        break;
                    request.append(buf, static_cast<std::size_t>(n));
                }
                SSL_write(ssl, response_.data(), static_cast<int>(response_.size()));
                ++answered_;
                SSL_shutdown(ssl);
            }
        }
        ERR_clear_error();
        SSL_free(ssl);
        ::close(fd);
    }
}

} // namespace qiusuo::remote::test
