#pragma once
/// @brief The steps of sampling, each a small function that can be tested on
/// hand-made logits. Sampler chains them; most callers want Sampler.

#include <cstdint>
#include <span>
#include <vector>

namespace qiusuo::sampling {

/// A token still in the running: its (penalized, temperature-scaled) logit and,
/// once softmax() ran, its probability.
struct Candidate {
    std::int32_t id = 0;
    float logit = 0.0f;
    double p = 0.0;
};

/// @brief The id of the largest logit; the lowest id among equals. NaN never wins.
/// Returns -1 when every logit is NaN or -inf, or there are none.
std::int32_t argmax(std::span<const float> logits);

/// @brief llama.cpp's repetition penalty: every distinct token in `recent`
/// has its logit divided by `penalty` when positive, multiplied when negative.
/// Ids outside `logits` are ignored.
void applyRepetitionPenalty(std::span<float> logits, std::span<const std::int32_t> recent,
                            float penalty);

/// @brief OpenAI's penalties: logit -= count·frequency + (count > 0)·presence,
/// where count is how often the token occurs in `recent`.
void applyPresenceFrequencyPenalty(std::span<float> logits, std::span<const std::int32_t> recent,
                                   float presence, float frequency);

/// @brief Candidates for every logit at least `maxLogit - window` (NaN and -inf
/// left out), sorted by logit, highest first, lower id first among equals.
std::vector<Candidate> sortedCandidates(std::span<const float> logits, float window);

/// @brief Divides every logit by `temperature` (> 0). Order is unchanged.
void applyTemperature(std::vector<Candidate>& c, float temperature);

/// @brief Keeps the `k` first candidates (k <= 0: all). Expects sorted input.
void topK(std::vector<Candidate>& c, int k);

/// @brief Sets p = exp(logit - max) / Σ, in double. Expects sorted input.
void softmax(std::vector<Candidate>& c);

/// @brief Nucleus: keeps the smallest prefix whose probability mass is at
/// least `p` (at least one candidate), renormalized. p >= 1: all.
/// Expects sorted input with probabilities.
void topP(std::vector<Candidate>& c, float p);

/// @brief Keeps candidates with probability at least `minP` times the largest
/// one, renormalized. minP <= 0: all. Expects sorted input with probabilities.
void minP(std::vector<Candidate>& c, float minP);

/// @brief The candidate where the cumulative probability first exceeds
/// `u` (in [0, 1)) times the total. Expects probabilities.
std::int32_t pick(const std::vector<Candidate>& c, double u);

} // namespace qiusuo::sampling
