#include "inference/remote/remoteclient.h"

#include "inference/error.h"
#include "inference/remote/backoff.h"
#include "inference/remote/errortext.h"

#include <nlohmann/json.hpp>

#include <thread>
#include <utility>

namespace qiusuo::remote {

namespace {

constexpr std::size_t kMaxErrorBody = 64u << 10;
constexpr std::size_t kMaxJsonBody = 16u << 20;

bool busy(const HttpResponse& r)
{
    return r.failure == HttpResponse::Failure::None && (r.status == 429 || r.status == 503);
}

std::string jsonString(const nlohmann::json& object, const char* key)
{
    auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

} // namespace

RemoteClient::RemoteClient(RemoteConfig config)
    : config_(std::move(config)), baseUrl_(BaseUrl::parse(config_.baseUrl, config_.allowInsecureHttp))
{
}

std::string RemoteClient::serverName() const
{
    return config_.provider == RemoteConfig::Provider::DeepSeek ? std::string("DeepSeek")
                                                                 : baseUrl_.host();
}

HttpRequest RemoteClient::makeRequest(const std::string& method, const std::string& path,
                                      const std::string& body) const
{
    HttpRequest request;
    request.method = method;
    request.url = baseUrl_.join(path);
    request.body = body;
    request.connectTimeoutMs = config_.connectTimeoutMs;
    request.readTimeoutMs = config_.readTimeoutMs;
    request.pollIntervalMs = config_.pollIntervalMs;
    request.dnsOverHttpsUrl = config_.dnsOverHttpsUrl;
    request.caBundlePath = config_.caBundlePath;
    request.headers.push_back("Accept: " + std::string(method == "POST" ? "text/event-stream, application/json"
                                                                        : "application/json"));
    if (method == "POST")
        request.headers.push_back("Content-Type: application/json");
    if (!config_.apiKey.empty())
        request.headers.push_back("Authorization: Bearer " + config_.apiKey);
    return request;
}

RemoteClient::Exchange RemoteClient::send(const std::string& method, const std::string& path,
                                          const std::string& body, const BodySink& sink,
                                          const std::atomic<bool>& stop) const
{
    const HttpRequest request = makeRequest(method, path, body);
    Exchange exchange;
    const BodySink route = [&](const HttpResponse& head, std::string_view chunk) {
        if (head.status >= 200 && head.status < 300)
            return sink(head, chunk);
        if (exchange.errorBody.size() < kMaxErrorBody)
            exchange.errorBody.append(chunk.substr(0, kMaxErrorBody - exchange.errorBody.size()));
        return true;
    };
    for (int attempt = 0;; ++attempt) {
        exchange.errorBody.clear();
        exchange.attemptStart = std::chrono::steady_clock::now();
        exchange.response = HttpTransport::perform(request, route, stop);
        if (!busy(exchange.response) || attempt >= config_.retry.maxRetries)
            return exchange;
        const int delay = Backoff::delayMs(config_.retry, attempt, exchange.response.retryAfter);
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay);
        const auto slice = std::chrono::milliseconds(std::max(1, config_.pollIntervalMs));
        while (std::chrono::steady_clock::now() < until) {
            if (stop.load(std::memory_order_relaxed)) {
                exchange.response = HttpResponse{};
                exchange.response.failure = HttpResponse::Failure::Cancelled;
                return exchange;
            }
            std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
                slice, until - std::chrono::steady_clock::now()));
        }
        exchange.retries = attempt + 1;
    }
}

std::string RemoteClient::describeFailure(const Exchange& exchange) const
{
    const HttpResponse& r = exchange.response;
    std::string text;
    if (r.failure != HttpResponse::Failure::None) {
        const int timeout = r.failure == HttpResponse::Failure::ConnectTimeout ? config_.connectTimeoutMs
                                                                               : config_.readTimeoutMs;
        text = describeTransportFailure(r, baseUrl_.host(), timeout);
    } else if (r.status < 200 || r.status >= 300) {
        text = describeHttpStatus(r.status, exchange.errorBody, serverName(), exchange.retries);
    }
    return redactSecret(std::move(text), config_.apiKey);
}

std::string RemoteClient::getJson(const std::string& path, const std::atomic<bool>& stop) const
{
    std::string body;
    bool tooLarge = false;
    const Exchange exchange = send("GET", path, {}, [&](const HttpResponse&, std::string_view chunk) {
        if (body.size() + chunk.size() > kMaxJsonBody) {
            tooLarge = true;
            return false;
        }
        body.append(chunk);
        return true;
    }, stop);
    if (tooLarge)
        throw Error("The answer of " + serverName() + " to " + path + " is unreasonably large.");
    if (exchange.response.failure == HttpResponse::Failure::Cancelled)
        throw Error("Stopped.");
    if (std::string failure = describeFailure(exchange); !failure.empty())
        throw Error(failure);
    return body;
}

std::vector<ModelInfo> RemoteClient::listModels(const std::atomic<bool>& stop) const
{
    const std::string body = getJson("models", stop);
    const nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
    auto data = doc.is_object() ? doc.find("data") : doc.end();
    if (doc.is_discarded() || !doc.is_object() || data == doc.end() || !data->is_array())
        throw Error(serverName() + " sent a model list this app cannot read (expected "
                    "{\"data\": [{\"id\": ...}]}). Is the server address the API root (often ending in /v1)?");
    std::vector<ModelInfo> models;
    for (const nlohmann::json& entry : *data) {
        if (!entry.is_object())
            continue;
        ModelInfo info{jsonString(entry, "id"), jsonString(entry, "owned_by")};
        if (!info.id.empty())
            models.push_back(std::move(info));
    }
    return models;
}

AccountBalance RemoteClient::balance(const std::atomic<bool>& stop) const
{
    const std::string body = getJson("user/balance", stop);
    const nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
    auto infos = doc.is_object() ? doc.find("balance_infos") : doc.end();
    if (doc.is_discarded() || !doc.is_object() || infos == doc.end() || !infos->is_array())
        throw Error(serverName() + " sent an account balance this app cannot read.");
    AccountBalance balance;
    if (auto available = doc.find("is_available"); available != doc.end() && available->is_boolean())
        balance.available = available->get<bool>();
    for (const nlohmann::json& entry : *infos) {
        if (!entry.is_object())
            continue;
        balance.balances.push_back({jsonString(entry, "currency"), jsonString(entry, "total_balance"),
                                    jsonString(entry, "granted_balance"),
                                    jsonString(entry, "topped_up_balance")});
    }
    return balance;
}

} // namespace qiusuo::remote
