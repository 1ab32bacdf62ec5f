#include "inference/models/moerouter.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace qiusuo::models {

void routeToken(const RouterConfig& c, const float* logits, std::span<const float> bias,
                std::int32_t* experts, float* weights)
{
    const auto n = static_cast<std::size_t>(c.expertCount);
    std::vector<float> scores(n);
    if (c.gating == ExpertGating::Softmax) {
        const float maxLogit = *std::max_element(logits, logits + n);
        float sum = 0.0f;
        for (std::size_t e = 0; e < n; ++e) {
            scores[e] = std::exp(logits[e] - maxLogit);
            sum += scores[e];
        }
        for (float& s : scores)
            s /= sum;
    } else {
        for (std::size_t e = 0; e < n; ++e)
            scores[e] = 1.0f / (1.0f + std::exp(-logits[e]));
    }
    std::vector<float> select = scores;
    if (!bias.empty())
        for (std::size_t e = 0; e < n; ++e)
            select[e] += bias[e];

    // Sort by selection score, best first; the lower id wins a tie.
    const auto better = [&](std::size_t a, std::size_t b) {
        return select[a] > select[b] || (select[a] == select[b] && a < b);
    };
    if (c.groups > 1 && c.groupsUsed < c.groups) {
        const auto perGroup = n / static_cast<std::size_t>(c.groups);
        std::vector<float> groupScore(static_cast<std::size_t>(c.groups));
        for (std::size_t g = 0; g < groupScore.size(); ++g) {
            std::vector<float> members(select.begin() + static_cast<std::ptrdiff_t>(g * perGroup),
                                       select.begin() + static_cast<std::ptrdiff_t>((g + 1) * perGroup));
            std::sort(members.begin(), members.end(), std::greater<>());
            groupScore[g] = members[0] + (members.size() > 1 ? members[1] : 0.0f);
        }
        std::vector<std::size_t> order(groupScore.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return groupScore[a] > groupScore[b]; });
        for (std::size_t r = static_cast<std::size_t>(c.groupsUsed); r < order.size(); ++r)
            for (std::size_t e = order[r] * perGroup; e < (order[r] + 1) * perGroup; ++e)
                select[e] = -std::numeric_limits<float>::infinity();
    }
    std::vector<std::size_t> ids(n);
    std::iota(ids.begin(), ids.end(), 0);
    const auto k = static_cast<std::size_t>(c.used);
    std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(k), ids.end(), better);

    float sum = 0.0f;
    for (std::size_t i = 0; i < k; ++i)
        sum += scores[ids[i]];
    for (std::size_t i = 0; i < k; ++i) {
        experts[i] = static_cast<std::int32_t>(ids[i]);
        const float w = c.normalize ? scores[ids[i]] / sum : scores[ids[i]];
        weights[i] = w * c.scale;
    }
}

} // namespace qiusuo::models
