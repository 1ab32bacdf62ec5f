#pragma once
/// @brief xoshiro256** (Blackman & Vigna), seeded through splitmix64: a small
/// PRNG whose output is the same on every compiler and standard library, so a
/// seed reproduces a generation anywhere.

#include <array>
#include <cstdint>

namespace qiusuo::sampling {

class Xoshiro256 {
public:
    /// @brief The state is four successive splitmix64 outputs from `seed`.
    explicit Xoshiro256(std::uint64_t seed);
    /// @brief A generator in exactly this state (must not be all zero).
    static Xoshiro256 fromState(const std::array<std::uint64_t, 4>& state);

    /// @brief The next 64 random bits.
    std::uint64_t next();
    /// @brief Uniform in [0, 1), from the top 53 bits (every value a multiple of 2^-53).
    double uniform();

    /// @brief One step of splitmix64 (advances `x`), the seeding function.
    static std::uint64_t splitmix64(std::uint64_t& x);

private:
    Xoshiro256() = default;
    std::array<std::uint64_t, 4> s_{};
};

} // namespace qiusuo::sampling
