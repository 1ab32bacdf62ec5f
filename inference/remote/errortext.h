#pragma once
/// @brief What a user reads when a remote request fails: HTTP statuses and
/// network failures in plain words. None of these texts ever holds the key.

#include "inference/remote/httptransport.h"

#include <string>
#include <string_view>

namespace qiusuo::remote {

/// @brief The server's own explanation from an error body: OpenAI's and
/// DeepSeek's `{"error": {"message": ...}}`, `{"message": ...}`, `{"detail": ...}`
/// (FastAPI), or short plain text; empty when there is none. At most ~300 bytes.
std::string serverErrorMessage(std::string_view body);

/// @brief The sentence for an HTTP error status. `server` names the server
/// ("DeepSeek", "127.0.0.1"); `body` is the error body; `retries` is how
/// many times a busy server (429/503) was retried before giving up.
std::string describeHttpStatus(long status, std::string_view body, const std::string& server,
                               int retries);

/// @brief The sentence for a failure below HTTP. `host` is the server's host
/// name; `timeoutMs` is the limit that ran out, for the timeouts.
std::string describeTransportFailure(const HttpResponse& response, const std::string& host,
                                     int timeoutMs);

/// @brief `text` with every occurrence of `secret` replaced by "[key]" (a
/// server may echo the key in its error body). Empty secrets change nothing.
std::string redactSecret(std::string text, const std::string& secret);

} // namespace qiusuo::remote
