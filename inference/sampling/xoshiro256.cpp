#include "inference/sampling/xoshiro256.h"

#include <stdexcept>

namespace qiusuo::sampling {

namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

} // namespace

std::uint64_t Xoshiro256::splitmix64(std::uint64_t& x)
{
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

Xoshiro256::Xoshiro256(std::uint64_t seed)
{
    for (auto& word : s_)
        word = splitmix64(seed);
}

Xoshiro256 Xoshiro256::fromState(const std::array<std::uint64_t, 4>& state)
{
    if (state[0] == 0 && state[1] == 0 && state[2] == 0 && state[3] == 0)
        throw std::invalid_argument("Xoshiro256: the all-zero state is not allowed");
    Xoshiro256 g;
    g.s_ = state;
    return g;
}

std::uint64_t Xoshiro256::next()
{
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

double Xoshiro256::uniform()
{
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

} // namespace qiusuo::sampling
