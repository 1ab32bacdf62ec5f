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
/// left out), in id order, into `out` (its capacity is reused).
void candidatesWithin(std::span<const float> logits, float window, std::vector<Candidate>& out);

/// @brief Puts the `n` best candidates first, sorted by logit, highest first,
/// lower id first among equals; the order of the rest is unspecified.
void sortFirst(std::vector<Candidate>& c, std::size_t n);

/// @brief candidatesWithin(), fully sorted.
std::vector<Candidate> sortedCandidates(std::span<const float> logits, float window);

/// @brief Divides every logit by `temperature` (> 0). Order is unchanged.
void applyTemperature(std::vector<Candidate>& c, float temperature);

/// @brief Keeps the `k` best candidates, sorted (k <= 0: all, order unchanged).
void topK(std::vector<Candidate>& c, int k);

/// @brief Sets p = exp(logit - max) / Σ, in double, in any order.
void softmax(std::vector<Candidate>& c);

/// @brief Sorts only as many of the best candidates as top-p and min-p can
/// keep, and drops the rest: a prefix of n sorted candidates suffices once its
/// mass reaches `topP`, or once its last one falls below `minP` times the
/// best (everything after it is smaller still). Doubles n from 64 until then.
/// With both off nothing is sorted or dropped. Expects probabilities
/// (normalized over all candidates); leaves them unnormalized.
void keepSortedPrefix(std::vector<Candidate>& c, float topP, float minP);

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
