#include "inference/remote/httptransport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>
#include <mutex>

namespace qiusuo::remote {

namespace {

using Clock = std::chrono::steady_clock;
using Failure = HttpResponse::Failure;

struct EasyDeleter {
    void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct MultiDeleter {
    void operator()(CURLM* h) const { curl_multi_cleanup(h); }
};
struct ListDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

/// State shared with libcurl's callbacks during one transfer.
struct Transfer {
    CURL* easy = nullptr;
    const BodySink* sink = nullptr;
    HttpResponse* response = nullptr;
    Clock::time_point lastActivity = Clock::now();
};

std::string trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return std::string(s);
}

size_t onHeader(char* data, size_t size, size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    const std::string_view line(data, size * count);
    t->lastActivity = Clock::now();
    if (line.starts_with("HTTP/")) {
        // A new response begins (after a 100 Continue or a proxy's CONNECT):
        // forget the headers of the previous one.
        t->response->contentType.clear();
        t->response->retryAfter.clear();
        return size * count;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos)
        return size * count;
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name == "content-type")
        t->response->contentType = trim(line.substr(colon + 1));
    else if (name == "retry-after")
        t->response->retryAfter = trim(line.substr(colon + 1));
    return size * count;
}

size_t onBody(char* data, size_t size, size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    const size_t bytes = size * count;
    t->lastActivity = Clock::now();
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->response->status);
    t->response->bodyBytes += bytes;
    if (!(*t->sink)(*t->response, std::string_view(data, bytes)))
        return 0; // makes libcurl end the transfer with CURLE_WRITE_ERROR
    return bytes;
}

bool connected(CURL* easy)
{
    curl_off_t pretransfer = 0;
    curl_easy_getinfo(easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
    return pretransfer > 0;
}

Failure classify(CURLcode code, const HttpResponse& response, bool wasConnected)
{
    switch (code) {
    case CURLE_OK:
        return Failure::None;
    case CURLE_COULDNT_RESOLVE_HOST:
        return Failure::Resolve;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY:
        return Failure::Proxy;
    case CURLE_COULDNT_CONNECT:
        return Failure::Connect;
    case CURLE_OPERATION_TIMEDOUT:
        return wasConnected ? Failure::ReadTimeout : Failure::ConnectTimeout;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
        return Failure::TlsCertificate;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
        return Failure::Tls;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return (response.status > 0 || wasConnected) ? Failure::Cut : Failure::Connect;
    case CURLE_WRITE_ERROR:
        return Failure::Aborted;
    default:
        return Failure::Other;
    }
}

} // namespace

HttpResponse HttpTransport::perform(const HttpRequest& request, const BodySink& sink,
                                    const std::atomic<bool>& stop)
{
    initCurlOnce();
    HttpResponse response;
    std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
    std::unique_ptr<CURLM, MultiDeleter> multi(curl_multi_init());
    if (!easy || !multi) {
        response.failure = Failure::Other;
        response.detail = "could not start a network transfer (out of memory)";
        return response;
    }
    curl_slist* rawHeaders = nullptr;
    for (const std::string& h : request.headers) {
        if (curl_slist* appended = curl_slist_append(rawHeaders, h.c_str()))
            rawHeaders = appended;
    }
    const std::unique_ptr<curl_slist, ListDeleter> headers(rawHeaders);

    Transfer transfer;
    transfer.easy = easy.get();
    transfer.sink = &sink;
    transfer.response = &response;
    char errorBuffer[CURL_ERROR_SIZE] = {};

    CURL* h = easy.get();
    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "Qiusuo/" QIUSUO_VERSION);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connectTimeoutMs));
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &onBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
    if (!request.caBundlePath.empty())
        curl_easy_setopt(h, CURLOPT_CAINFO, request.caBundlePath.c_str());
    if (!request.dnsOverHttpsUrl.empty())
        curl_easy_setopt(h, CURLOPT_DOH_URL, request.dnsOverHttpsUrl.c_str());
    if (request.method == "POST") {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
    } else {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }

    curl_multi_add_handle(multi.get(), h);
    const int pollMs = std::max(1, request.pollIntervalMs);
    CURLcode result = CURLE_OK;
    bool finished = false;
    transfer.lastActivity = Clock::now();
    while (!finished) {
        int running = 0;
        if (curl_multi_perform(multi.get(), &running) != CURLM_OK) {
            result = CURLE_FAILED_INIT;
            break;
        }
        int queued = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
            if (msg->msg == CURLMSG_DONE) {
                result = msg->data.result;
                finished = true;
            }
        }
        if (finished || running == 0)
            break;
        if (stop.load(std::memory_order_relaxed)) {
            response.failure = Failure::Cancelled;
            break;
        }
        // The read timeout counts silence once connected; the connect phase
        // has libcurl's own limit.
        if (!connected(h)) {
            transfer.lastActivity = Clock::now();
        } else if (Clock::now() - transfer.lastActivity >
                   std::chrono::milliseconds(request.readTimeoutMs)) {
            response.failure = Failure::ReadTimeout;
            break;
        }
        curl_multi_poll(multi.get(), nullptr, 0, pollMs, nullptr);
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
    if (response.failure == Failure::None) {
        response.failure = classify(result, response, connected(h));
        if (response.failure == Failure::Other)
            response.detail = errorBuffer[0] ? errorBuffer : curl_easy_strerror(result);
    }
    curl_multi_remove_handle(multi.get(), h);
    return response;
}

} // namespace qiusuo::remote
