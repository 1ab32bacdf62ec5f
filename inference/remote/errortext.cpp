#include "inference/remote/errortext.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>

namespace qiusuo::remote {

namespace {

constexpr std::size_t kMaxServerMessage = 300;

std::string shorten(std::string text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.pop_back();
    std::size_t start = 0;
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start])))
        ++start;
    text.erase(0, start);
    if (text.size() > kMaxServerMessage) {
        std::size_t cut = kMaxServerMessage;
        // Do not split a UTF-8 sequence: back up to the start of a character.
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut;
        text = text.substr(0, cut) + "…";
    }
    return text;
}

std::string withMessage(std::string sentence, const std::string& message)
{
    if (!message.empty())
        sentence += ": " + message;
    return sentence;
}

std::string seconds(int ms)
{
    if (ms % 1000 == 0)
        return std::to_string(ms / 1000) + " s";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f s", ms / 1000.0);
    return buf;
}

std::string retryNote(int retries)
{
    if (retries <= 0)
        return "";
    return " Gave up after " + std::to_string(retries) + (retries == 1 ? " retry." : " retries.");
}

} // namespace

std::string serverErrorMessage(std::string_view body)
{
    if (body.empty())
        return {};
    const nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
    if (!doc.is_discarded()) {
        const nlohmann::json* holder = &doc;
        if (doc.is_object() && doc.contains("error")) {
            const auto& error = doc["error"];
            if (error.is_string())
                return shorten(error.get<std::string>());
            holder = &error;
        }
        if (holder->is_object()) {
            for (const char* key : {"message", "detail", "msg"}) {
                auto it = holder->find(key);
                if (it != holder->end() && it->is_string())
                    return shorten(it->get<std::string>());
                if (it != holder->end() && !it->is_null())
                    return shorten(it->dump());
            }
        }
        return {};
    }
    // Plain text is shown only when it is short and not an HTML page.
    if (body.size() > 2 * kMaxServerMessage || body.find('<') != std::string_view::npos)
        return {};
    return shorten(std::string(body));
}

std::string describeHttpStatus(long status, std::string_view body, const std::string& server,
                               int retries)
{
    const std::string message = serverErrorMessage(body);
    const std::string code = " (HTTP " + std::to_string(status) + ")";
    switch (status) {
    case 400:
        return withMessage(server + " rejected the request" + code, message) + ".";
    case 401:
        return "API key rejected — check the key in Settings. " + server + " answered" + code + ".";
    case 402:
        return "Insufficient balance on your " + server + " account — top up, then try again" +
               code + ".";
    case 403:
        return withMessage(server + " refused access" + code, message) + ".";
    case 404:
        return withMessage(server + " has no such endpoint or model" + code, message) +
               ". Check the server address and the model name.";
    case 408:
        return server + " timed out waiting for the request" + code + ". Try again.";
    case 413:
        return server + " refused the request as too large" + code +
               ". Shorten the conversation or start a new one.";
    case 422:
        return withMessage(server + " rejected the request's parameters" + code, message) + ".";
    case 429:
        return server + " is limiting the rate of requests" + code + "." + retryNote(retries) +
               " Wait a minute and try again.";
    case 500:
        return withMessage(server + " had an internal error" + code, message) +
               ". Try again later.";
    case 502:
    case 504:
        return server + "'s gateway could not reach the model" + code + ". Try again later.";
    case 503:
        return server + " is overloaded" + code + "." + retryNote(retries) + " Try again later.";
    default:
        if (status >= 300 && status < 400)
            return server + " redirected the request" + code +
                   "; check the server address (it may need https:// or a /v1 suffix).";
        return withMessage(server + " answered with an error" + code, message) + ".";
    }
}

std::string describeTransportFailure(const HttpResponse& response, const std::string& host,
                                     int timeoutMs)
{
    using Failure = HttpResponse::Failure;
    switch (response.failure) {
    case Failure::None:
        return {};
    case Failure::Cancelled:
        return "Stopped.";
    case Failure::Resolve:
        return "Could not find the server \"" + host +
               "\": the name does not resolve. Check the address and your internet connection.";
    case Failure::Proxy:
        return "Could not reach " + host +
               " through the proxy set in the environment (http_proxy / https_proxy). Check "
               "the proxy settings.";
    case Failure::Connect:
        return "Could not connect to " + host +
               ": the connection was refused or the server is unreachable. Is the server "
               "running, and is the address right?";
    case Failure::ConnectTimeout:
        return "Could not connect to " + host + " within " + seconds(timeoutMs) +
               ". Check your network connection, proxy and the server address.";
    case Failure::ReadTimeout:
        return host + " stopped answering: nothing arrived for " + seconds(timeoutMs) + ".";
    case Failure::Tls:
        return "Could not set up a secure (TLS) connection to " + host +
               ". The server may not speak HTTPS on this port (a local server may need "
               "http://), or something on the network interferes.";
    case Failure::TlsCertificate:
        return "The security certificate of " + host +
               " is not trusted (or is not made out to that name), so the connection was "
               "refused. If this is your own server, give its certificate authority file in the "
               "server settings.";
    case Failure::Cut:
        return "The connection to " + host + " broke off before the answer was complete.";
    case Failure::Aborted:
        return "The answer from " + host + " was abandoned.";
    case Failure::Other:
        break;
    }
    return "Network error while talking to " + host + ": " + response.detail + ".";
}

std::string redactSecret(std::string text, const std::string& secret)
{
    if (secret.empty())
        return text;
    for (std::size_t pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + 5))
        text.replace(pos, secret.size(), "[key]");
    return text;
}

} // namespace qiusuo::remote
