#include "inference/sampling/sampler.h"

#include "inference/error.h"
#include "inference/sampling/samplingsteps.h"

#include <cmath>
#include <random>
#include <sstream>

namespace qiusuo::sampling {

namespace {

std::string number(float v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

void validate(const GenerationParams& p)
{
    const auto bad = [](const std::string& what) {
        throw Error("Invalid sampling setting: " + what + ".");
    };
    if (!std::isfinite(p.temperature) || p.temperature < 0.0f)
        bad("temperature must be 0 (greedy) or more, not " + number(p.temperature));
    if (!(p.topP > 0.0f && p.topP <= 1.0f))
        bad("top-p must be more than 0 and at most 1, not " + number(p.topP));
    if (p.topK < 0)
        bad("top-k must be 0 (off) or more, not " + std::to_string(p.topK));
    if (!(p.minP >= 0.0f && p.minP <= 1.0f))
        bad("min-p must be between 0 (off) and 1, not " + number(p.minP));
    if (!(std::isfinite(p.repeatPenalty) && p.repeatPenalty > 0.0f))
        bad("the repetition penalty must be more than 0 (1 is off), not "
            + number(p.repeatPenalty));
    if (p.repeatLastN < -1)
        bad("the penalty window must be -1 (everything), 0 (off) or more, not "
            + std::to_string(p.repeatLastN));
    if (!std::isfinite(p.presencePenalty) || !std::isfinite(p.frequencyPenalty))
        bad("the presence and frequency penalties must be finite numbers");
}

std::uint64_t seedFor(const GenerationParams& p)
{
    if (p.seed)
        return *p.seed;
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

} // namespace

Sampler::Sampler(const GenerationParams& params)
    : params_((validate(params), params)), seed_(seedFor(params)), rng_(seed_)
{
}

void Sampler::accept(std::int32_t token)
{
    history_.push_back(token);
}

void Sampler::reset()
{
    history_.clear();
    rng_ = Xoshiro256(seed_);
}

std::span<const std::int32_t> Sampler::penaltyWindow() const
{
    const std::span<const std::int32_t> all(history_);
    if (params_.repeatLastN < 0)
        return all;
    const auto n = std::min(all.size(), static_cast<std::size_t>(params_.repeatLastN));
    return all.last(n);
}

std::int32_t Sampler::sample(std::span<const float> logits)
{
    std::span<const float> scores = logits;
    const auto window = penaltyWindow();
    const bool penalize = !window.empty()
        && (params_.repeatPenalty != 1.0f || params_.presencePenalty != 0.0f
            || params_.frequencyPenalty != 0.0f);
    if (penalize) {
        scratch_.assign(logits.begin(), logits.end());
        applyRepetitionPenalty(scratch_, window, params_.repeatPenalty);
        applyPresenceFrequencyPenalty(scratch_, window, params_.presencePenalty,
                                      params_.frequencyPenalty);
        scores = scratch_;
    }

    const auto noScores = [&] {
        return Error("The model produced no usable scores for the next token ("
                     + std::to_string(logits.size()) + " values, none a finite number).");
    };
    if (greedy()) {
        const std::int32_t id = argmax(scores);
        if (id < 0)
            throw noScores();
        return id;
    }

    std::vector<Candidate>& c = candidates_;
    candidatesWithin(scores, kLogitWindow * params_.temperature, c);
    if (c.empty())
        throw noScores();
    applyTemperature(c, params_.temperature);
    topK(c, params_.topK);
    softmax(c);
    // Sorting the whole vocabulary would cost more than the rest together;
    // top-p and min-p only ever keep a sorted prefix.
    keepSortedPrefix(c, params_.topP, params_.minP);
    topP(c, params_.topP);
    minP(c, params_.minP);
    return pick(c, rng_.uniform());
}

} // namespace qiusuo::sampling
