#include "inference/sampling/samplingsteps.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace qiusuo::sampling {

namespace {

bool inRange(std::int32_t id, std::size_t n)
{
    return id >= 0 && static_cast<std::size_t>(id) < n;
}

bool byLogitThenId(const Candidate& a, const Candidate& b)
{
    return a.logit != b.logit ? a.logit > b.logit : a.id < b.id;
}

void renormalize(std::vector<Candidate>& c)
{
    double total = 0.0;
    for (const auto& x : c)
        total += x.p;
    if (total > 0.0) {
        for (auto& x : c)
            x.p /= total;
    }
}

} // namespace

std::int32_t argmax(std::span<const float> logits)
{
    std::int32_t best = -1;
    float bestValue = -std::numeric_limits<float>::infinity();
    for (std::size_t i = 0; i < logits.size(); ++i) {
        // Strictly greater: the first (lowest) id wins a tie; NaN compares false.
        if (logits[i] > bestValue) {
            bestValue = logits[i];
            best = static_cast<std::int32_t>(i);
        }
    }
    return best;
}

void applyRepetitionPenalty(std::span<float> logits, std::span<const std::int32_t> recent,
                            float penalty)
{
    if (penalty == 1.0f)
        return;
    std::vector<std::int32_t> distinct(recent.begin(), recent.end());
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (const std::int32_t id : distinct) {
        if (!inRange(id, logits.size()))
            continue;
        float& v = logits[static_cast<std::size_t>(id)];
        v = v > 0.0f ? v / penalty : v * penalty;
    }
}

void applyPresenceFrequencyPenalty(std::span<float> logits, std::span<const std::int32_t> recent,
                                   float presence, float frequency)
{
    if (presence == 0.0f && frequency == 0.0f)
        return;
    std::unordered_map<std::int32_t, int> counts;
    for (const std::int32_t id : recent) {
        if (inRange(id, logits.size()))
            ++counts[id];
    }
    for (const auto& [id, count] : counts)
        logits[static_cast<std::size_t>(id)] -= static_cast<float>(count) * frequency + presence;
}

void candidatesWithin(std::span<const float> logits, float window, std::vector<Candidate>& out)
{
    out.clear();
    const std::int32_t best = argmax(logits);
    if (best < 0)
        return;
    const float floor = logits[static_cast<std::size_t>(best)] - window;
    for (std::size_t i = 0; i < logits.size(); ++i) {
        if (logits[i] >= floor && std::isfinite(logits[i]))
            out.push_back({static_cast<std::int32_t>(i), logits[i], 0.0});
    }
}

void sortFirst(std::vector<Candidate>& c, std::size_t n)
{
    n = std::min(n, c.size());
    std::partial_sort(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(n), c.end(),
                      byLogitThenId);
}

std::vector<Candidate> sortedCandidates(std::span<const float> logits, float window)
{
    std::vector<Candidate> c;
    candidatesWithin(logits, window, c);
    sortFirst(c, c.size());
    return c;
}

void applyTemperature(std::vector<Candidate>& c, float temperature)
{
    for (auto& x : c)
        x.logit /= temperature;
}

void topK(std::vector<Candidate>& c, int k)
{
    if (k <= 0)
        return;
    const auto n = std::min(c.size(), static_cast<std::size_t>(k));
    sortFirst(c, n);
    c.resize(n);
}

void softmax(std::vector<Candidate>& c)
{
    if (c.empty())
        return;
    double max = c.front().logit;
    for (const auto& x : c)
        max = std::max(max, static_cast<double>(x.logit));
    double total = 0.0;
    for (auto& x : c) {
        x.p = std::exp(static_cast<double>(x.logit) - max);
        total += x.p;
    }
    for (auto& x : c)
        x.p /= total;
}

void keepSortedPrefix(std::vector<Candidate>& c, float topP, float minP)
{
    const bool usesTopP = topP < 1.0f;
    const bool usesMinP = minP > 0.0f;
    if (!usesTopP && !usesMinP)
        return;
    std::size_t n = std::min<std::size_t>(64, c.size());
    std::size_t sorted = 0;
    double mass = 0.0;
    while (true) {
        // Everything after the sorted part is no larger than it, so sorting
        // the next stretch of the remainder extends the sorted prefix.
        std::partial_sort(c.begin() + static_cast<std::ptrdiff_t>(sorted),
                          c.begin() + static_cast<std::ptrdiff_t>(n), c.end(), byLogitThenId);
        for (std::size_t i = sorted; i < n; ++i)
            mass += c[i].p;
        sorted = n;
        if (n == c.size())
            break;
        if (usesTopP && mass >= static_cast<double>(topP))
            break;
        if (usesMinP && c[n - 1].p < static_cast<double>(minP) * c.front().p)
            break;
        n = std::min(c.size(), n * 2);
    }
    c.resize(n);
}

void topP(std::vector<Candidate>& c, float p)
{
    if (p >= 1.0f || c.empty())
        return;
    double mass = 0.0;
    std::size_t keep = 0;
    while (keep < c.size()) {
        mass += c[keep].p;
        ++keep;
        if (mass >= static_cast<double>(p))
            break;
    }
    c.resize(keep);
    renormalize(c);
}

void minP(std::vector<Candidate>& c, float minP)
{
    if (minP <= 0.0f || c.empty())
        return;
    const double threshold = static_cast<double>(minP) * c.front().p;
    std::erase_if(c, [&](const Candidate& x) { return x.p < threshold; });
    renormalize(c);
}

std::int32_t pick(const std::vector<Candidate>& c, double u)
{
    double total = 0.0;
    for (const auto& x : c)
        total += x.p;
    const double target = u * total;
    double cumulative = 0.0;
    for (const auto& x : c) {
        cumulative += x.p;
        if (cumulative > target)
            return x.id;
    }
    return c.empty() ? -1 : c.back().id;  // rounding: u·total at the very end
}

} // namespace qiusuo::sampling
