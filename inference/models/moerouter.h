#pragma once
/// @brief The router of a mixture-of-experts layer (DeepSeek-V2/V3): which
/// experts a token goes to, and with what weights.
///
/// scores = softmax(logits) (V2) or sigmoid(logits) (V3). Selection uses
/// scores + bias (V3's exp_probs_b, absent on V2). With expert groups, the
/// `groupsUsed` groups whose two best selection scores sum highest are kept
/// and the rest are masked out; then the `used` best experts are taken. Their
/// weights are the unbiased scores, divided by their sum when `normalize`,
/// times `scale`.

#include <cstdint>
#include <span>

namespace qiusuo::models {

/// How the router turns its logits into expert scores.
enum class ExpertGating { Softmax, Sigmoid };

struct RouterConfig {
    std::int32_t expertCount = 0;
    std::int32_t used = 0;          ///< experts per token (k)
    std::int32_t groups = 1;        ///< n_group; 1 means no grouping
    std::int32_t groupsUsed = 1;    ///< topk_group
    ExpertGating gating = ExpertGating::Softmax;
    bool normalize = false;
    float scale = 1.0f;
};

/// Routes one token: `logits` has expertCount router outputs, `bias` is empty
/// or expertCount selection biases. Writes `used` expert ids (best first) and
/// their weights.
void routeToken(const RouterConfig& config, const float* logits, std::span<const float> bias,
                std::int32_t* experts, float* weights);

} // namespace qiusuo::models
