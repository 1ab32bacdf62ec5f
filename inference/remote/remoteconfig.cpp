#include "inference/remote/remoteconfig.h"

#include <utility>

namespace qiusuo::remote {

RemoteConfig RemoteConfig::deepSeek(std::string apiKey, std::string model)
{
    RemoteConfig config;
    config.provider = Provider::DeepSeek;
    config.baseUrl = "https://api.deepseek.com";
    config.apiKey = std::move(apiKey);
    config.model = std::move(model);
    config.sendThinkingSwitch = true;
    // DeepSeek returns reasoning in reasoning_content; its content never
    // carries think tags, so an answer quoting "<think>" stays answer.
    config.inlineThink = InlineThink::Off;
    return config;
}

RemoteConfig RemoteConfig::openAiCompatible(std::string baseUrl, std::string model,
                                            std::string apiKey)
{
    RemoteConfig config;
    config.provider = Provider::OpenAiCompatible;
    config.baseUrl = std::move(baseUrl);
    config.model = std::move(model);
    config.apiKey = std::move(apiKey);
    return config;
}

} // namespace qiusuo::remote
