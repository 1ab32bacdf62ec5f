#pragma once
/// @brief Picks the next token from a model's logits: penalties, temperature,
/// top-k, top-p, min-p, then a draw from a seeded portable PRNG.

#include "inference/backend.h"
#include "inference/sampling/samplingsteps.h"
#include "inference/sampling/xoshiro256.h"

#include <cstdint>
#include <span>
#include <vector>

namespace qiusuo::sampling {

/// One Sampler per generation. The chain, in order:
///  1. penalties over the last `repeatLastN` accepted tokens (-1: all, 0: none):
///     repetition (llama.cpp's), then presence and frequency (OpenAI's);
///  2. temperature <= 0: greedy — the largest logit, lowest id on ties;
///  3. otherwise temperature, top-k, top-p, min-p (temperature first, as
///     Hugging Face and vLLM do, so R1's "0.6 / 0.95" means what DeepSeek
///     measured), and a draw.
/// Same parameters, seed and logits give the same tokens on every platform
/// (up to the libm's exp, which the probabilities go through).
class Sampler {
public:
    /// @brief Validates `params` (throws qiusuo::Error naming the bad value).
    /// Without params.seed, a random seed is taken (see seed()).
    explicit Sampler(const GenerationParams& params);

    /// @brief The next token for `logits` (one row, n_vocab long). Does not
    /// record it: call accept() with the token actually used. Throws
    /// qiusuo::Error when no logit is usable (all NaN or -inf, or none).
    std::int32_t sample(std::span<const float> logits);

    /// @brief Records a token for the penalties (prompt tokens too, if they
    /// should count, as llama.cpp's CLI does).
    void accept(std::int32_t token);

    /// @brief Forgets the accepted tokens and restarts the PRNG from the seed.
    void reset();

    std::uint64_t seed() const { return seed_; }
    bool greedy() const { return params_.temperature <= 0.0f; }

    /// Candidates whose logit is this far (after temperature) below the best
    /// are never considered: their probability is below e^-40 ≈ 4e-18 each,
    /// less than 1e-12 together over any real vocabulary — invisible to the
    /// draw, and it spares sorting the whole vocabulary every token.
    static constexpr float kLogitWindow = 40.0f;

private:
    std::span<const std::int32_t> penaltyWindow() const;

    GenerationParams params_;
    std::uint64_t seed_ = 0;
    Xoshiro256 rng_;
    std::vector<std::int32_t> history_;
    std::vector<float> scratch_;        ///< penalized logits
    std::vector<Candidate> candidates_; ///< reused from token to token
};

} // namespace qiusuo::sampling
