#include "inference/remote/baseurl.h"

#include "inference/error.h"

#include <curl/curl.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <memory>

namespace qiusuo::remote {

namespace {

struct UrlDeleter {
    void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct CurlStringDeleter {
    void operator()(char* s) const { curl_free(s); }
};
using CurlString = std::unique_ptr<char, CurlStringDeleter>;

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string part(CURLU* url, CURLUPart which)
{
    char* raw = nullptr;
    if (curl_url_get(url, which, &raw, 0) != CURLUE_OK || raw == nullptr)
        return {};
    CurlString owned(raw);
    return std::string(owned.get());
}

} // namespace

bool BaseUrl::isLoopbackHost(const std::string& rawHost)
{
    std::string host = lower(rawHost);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    if (host == "localhost" || (host.size() > 10 && host.ends_with(".localhost")))
        return true;
    in_addr v4{};
    if (inet_pton(AF_INET, host.c_str(), &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (inet_pton(AF_INET6, host.c_str(), &v6) == 1)
        return IN6_IS_ADDR_LOOPBACK(&v6) ||
               (IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127);
    return false;
}

BaseUrl BaseUrl::parse(const std::string& url, bool allowInsecureHttp)
{
    if (url.empty())
        throw Error("No server address is set: enter the API base URL, "
                    "e.g. https://api.deepseek.com.");
    std::unique_ptr<CURLU, UrlDeleter> handle(curl_url());
    if (!handle)
        throw Error("Out of memory while reading the server address.");
    if (curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
        throw Error("The server address \"" + url +
                    "\" is not a valid URL; it should look like https://api.example.com/v1.");
    BaseUrl result;
    const std::string scheme = lower(part(handle.get(), CURLUPART_SCHEME));
    if (scheme != "http" && scheme != "https")
        throw Error("The server address \"" + url + "\" must start with https:// (or http:// "
                    "for a server on this computer).");
    if (!part(handle.get(), CURLUPART_QUERY).empty() || !part(handle.get(), CURLUPART_FRAGMENT).empty())
        throw Error("The server address \"" + url + "\" must not contain '?' or '#': give the "
                    "API root only, e.g. https://api.example.com/v1.");
    if (!part(handle.get(), CURLUPART_USER).empty())
        throw Error("The server address must not contain a user name or password; put the "
                    "key in the API key field instead.");
    result.host_ = part(handle.get(), CURLUPART_HOST);
    result.https_ = scheme == "https";
    result.loopback_ = isLoopbackHost(result.host_);
    if (!result.https_ && !result.loopback_ && !allowInsecureHttp)
        throw Error("The server address \"" + url + "\" uses plain http:// to another computer: "
                    "your key and conversation would travel unencrypted. Use https://, or "
                    "allow insecure HTTP explicitly in the server settings.");
    result.url_ = url;
    while (!result.url_.empty() && result.url_.back() == '/')
        result.url_.pop_back();
    return result;
}

std::string BaseUrl::join(const std::string& path) const
{
    std::string tail = path;
    while (!tail.empty() && tail.front() == '/')
        tail.erase(tail.begin());
    return url_ + "/" + tail;
}

} // namespace qiusuo::remote
