// Prints how fast the CPU matmul kernels are on DeepSeek-R1-Distill-Qwen-1.5B's
// matrix shapes (n_embd 1536, n_ff 8960, 2 KV heads of 128, vocab 151936,
// 28 layers), for Q4_K, Q6_K and Q8_0 weights, with 1 and 2 threads:
//  - decode (1 token): GB/s of weights streamed and GFLOP/s, rotating through
//    enough copies of the matrix that it is read from memory, not cache;
//  - prefill (512 tokens): GFLOP/s;
//  - a whole-model decode pass (every layer's matrices, distinct weights, as
//    in a real token) for the Q4_K_M and Q8_0 type mixes: tokens/s of the
//    matrix products alone, and a prefill estimate from the per-shape figures.
// Weights are random bytes with sane scales: speed does not depend on values.
//
// Usage: bench_kernels [--quick] [--threads 1,2] [--isa portable|avx2|avx512]
//        bench_kernels --compare-isas [--threads 1,2] [--types q8_0,q4_k]
// Figures are noisy on a shared machine: each is the best and the median of
// several runs. --compare-isas times every kernel set this CPU runs side by
// side, shape by shape, in CPU time, so that load from other processes hits
// each set alike.
#include "inference/cpu/blocks.h"
#include "inference/cpu/fp16.h"
#include "inference/cpu/matmul.h"
#include "inference/cpu/threadpool.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

using namespace qiusuo;
using gguf::GgmlType;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::int64_t kEmbd = 1536, kFf = 8960, kKv = 256, kVocab = 151936, kLayers = 28;

struct Shape {
    const char* name;
    std::int64_t rows, cols;
};
const Shape kShapes[] = {{"attn_q/o 1536x1536", kEmbd, kEmbd},
                         {"attn_k/v 256x1536", kKv, kEmbd},
                         {"ffn_up/gate 8960x1536", kFf, kEmbd},
                         {"ffn_down 1536x8960", kEmbd, kFf},
                         {"output 151936x1536", kVocab, kEmbd}};

std::size_t rowBytes(GgmlType t, std::int64_t cols)
{
    const auto tr = *gguf::ggmlTypeTraits(static_cast<std::uint32_t>(t));
    return static_cast<std::size_t>(cols / tr.blockSize) * tr.typeSize;
}

/// Random bytes, then every block's F16 scale set to a small normal value.
void fillRandom(std::uint8_t* p, std::size_t bytes, GgmlType t, std::uint64_t seed)
{
    std::uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 1;
    std::size_t i = 0;
    for (; i + 8 <= bytes; i += 8) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        std::memcpy(p + i, &s, 8);
    }
    for (; i < bytes; ++i)
        p[i] = static_cast<std::uint8_t>(i);
    const std::uint16_t small = cpu::f32ToF16(0.001f);
    const auto tr = *gguf::ggmlTypeTraits(static_cast<std::uint32_t>(t));
    for (std::size_t b = 0; b + tr.typeSize <= bytes; b += tr.typeSize) {
        switch (t) {
        case GgmlType::Q8_0: std::memcpy(p + b + offsetof(cpu::BlockQ8_0, d), &small, 2); break;
        case GgmlType::Q4_K:
            std::memcpy(p + b + offsetof(cpu::BlockQ4_K, d), &small, 2);
            std::memcpy(p + b + offsetof(cpu::BlockQ4_K, dmin), &small, 2);
            break;
        case GgmlType::Q6_K: std::memcpy(p + b + offsetof(cpu::BlockQ6_K, d), &small, 2); break;
        default: break;
        }
    }
}

struct Buffer {
    std::unique_ptr<std::uint8_t[]> bytes;
    std::size_t size = 0;
};

Buffer randomBuffer(std::size_t bytes, GgmlType t, std::uint64_t seed)
{
    Buffer b{std::make_unique<std::uint8_t[]>(bytes), bytes};
    fillRandom(b.bytes.get(), bytes, t, seed);
    return b;
}

cpu::WeightView view(GgmlType t, const std::uint8_t* data, std::int64_t rows, std::int64_t cols)
{
    return cpu::WeightView{t, data, rows, cols, rowBytes(t, cols)};
}

struct Stats {
    double best = 0, median = 0;
};

Stats stats(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return {v.front(), v[v.size() / 2]};
}

/// CPU seconds this process has used. On a machine shared with other work,
/// (CPU seconds / threads) estimates the time on dedicated cores; it counts
/// the pool's brief spinning too, so it errs on the slow side.
double cpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

/// Wall-clock and CPU-time figures of one measurement.
struct Timing {
    Stats wall;
    Stats cpu;   ///< CPU seconds per run divided by the thread count
};

struct Samples {
    std::vector<double> wall, cpu;
    Timing timing() const { return {stats(wall), stats(cpu)}; }
};

double seconds(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

std::vector<float> activations(std::int64_t n)
{
    std::vector<float> x(static_cast<std::size_t>(n));
    std::uint32_t s = 12345;
    for (auto& v : x) {
        s = s * 1664525u + 1013904223u;
        v = static_cast<float>(static_cast<std::int32_t>(s)) * 4.6e-10f;
    }
    return x;
}

const char* typeName(GgmlType t)
{
    return gguf::ggmlTypeTraits(static_cast<std::uint32_t>(t))->name.data();
}

/// Decode timing of one shape: seconds per product (best, median).
Timing timeDecode(GgmlType t, const Shape& s, cpu::ThreadPool& pool, cpu::Isa isa, bool quick)
{
    const std::size_t matBytes = rowBytes(t, s.cols) * static_cast<std::size_t>(s.rows);
    // Enough copies to stream ~768 MiB, well past any last-level cache.
    const std::size_t copies = std::clamp<std::size_t>((768u << 20) / matBytes, 1, 256);
    const Buffer buf = randomBuffer(matBytes * copies, t, 7);
    const auto x = activations(s.cols);
    std::vector<float> y(static_cast<std::size_t>(s.rows));
    Samples smp;
    const double budget = quick ? 0.3 : 1.0;
    const auto start = Clock::now();
    for (std::size_t i = 0; seconds(start, Clock::now()) < budget || i < copies || smp.wall.size() < 5; ++i) {
        const auto w = view(t, buf.bytes.get() + (i % copies) * matBytes, s.rows, s.cols);
        const auto a = Clock::now();
        const double c = cpuSeconds();
        cpu::matmul(w, x.data(), 1, y.data(), cpu::Precision::Fast, &pool, isa);
        smp.wall.push_back(seconds(a, Clock::now()));
        smp.cpu.push_back((cpuSeconds() - c) / pool.size());
    }
    return smp.timing();
}

Timing timePrefill(GgmlType t, const Shape& s, std::int64_t nTokens, cpu::ThreadPool& pool, cpu::Isa isa,
                   int reps)
{
    const Buffer buf = randomBuffer(rowBytes(t, s.cols) * static_cast<std::size_t>(s.rows), t, 9);
    const auto w = view(t, buf.bytes.get(), s.rows, s.cols);
    const auto x = activations(nTokens * s.cols);
    std::vector<float> y(static_cast<std::size_t>(nTokens * s.rows));
    Samples smp;
    for (int r = 0; r < reps; ++r) {
        const auto a = Clock::now();
        const double c = cpuSeconds();
        cpu::matmul(w, x.data(), nTokens, y.data(), cpu::Precision::Fast, &pool, isa);
        smp.wall.push_back(seconds(a, Clock::now()));
        smp.cpu.push_back((cpuSeconds() - c) / pool.size());
    }
    return smp.timing();
}

/// llama.cpp's Q4_K_M mix: attn_v and ffn_down of these 14 layers are Q6_K.
bool moreBits(std::int64_t layer)
{
    return layer < kLayers / 8 || layer >= 7 * kLayers / 8 || (layer - kLayers / 8) % 3 == 2;
}

struct Mat {
    GgmlType type;
    const Shape* shape;
};

std::vector<Mat> modelMatrices(bool q4km)
{
    std::vector<Mat> out;
    const GgmlType base = q4km ? GgmlType::Q4_K : GgmlType::Q8_0;
    for (std::int64_t l = 0; l < kLayers; ++l) {
        const GgmlType more = q4km && moreBits(l) ? GgmlType::Q6_K : base;
        out.push_back({base, &kShapes[0]});   // q
        out.push_back({base, &kShapes[1]});   // k
        out.push_back({more, &kShapes[1]});   // v
        out.push_back({base, &kShapes[0]});   // o
        out.push_back({base, &kShapes[2]});   // gate
        out.push_back({base, &kShapes[2]});   // up
        out.push_back({more, &kShapes[3]});   // down
    }
    out.push_back({q4km ? GgmlType::Q6_K : GgmlType::Q8_0, &kShapes[4]});   // output
    return out;
}

/// Runs every matrix product of one decoded token on distinct weights.
void wholeModelDecode(bool q4km, cpu::ThreadPool& pool, cpu::Isa isa, bool quick)
{
    const auto mats = modelMatrices(q4km);
    std::vector<Buffer> bufs;
    std::size_t total = 0;
    for (std::size_t i = 0; i < mats.size(); ++i) {
        const std::size_t bytes = rowBytes(mats[i].type, mats[i].shape->cols) * static_cast<std::size_t>(mats[i].shape->rows);
        bufs.push_back(randomBuffer(bytes, mats[i].type, i + 1));
        total += bytes;
    }
    const auto x = activations(kFf);
    std::vector<float> y(static_cast<std::size_t>(kVocab));
    Samples smp;
    const int tokens = quick ? 4 : 10;
    for (int tok = 0; tok < tokens + 1; ++tok) {
        const auto a = Clock::now();
        const double c = cpuSeconds();
        for (std::size_t i = 0; i < mats.size(); ++i)
            cpu::matmul(view(mats[i].type, bufs[i].bytes.get(), mats[i].shape->rows, mats[i].shape->cols),
                        x.data(), 1, y.data(), cpu::Precision::Fast, &pool, isa);
        if (tok > 0) {   // the first pass warms up page tables and the pool
            smp.wall.push_back(seconds(a, Clock::now()));
            smp.cpu.push_back((cpuSeconds() - c) / pool.size());
        }
    }
    const Timing t = smp.timing();
    std::printf("  %-7s %2d thr: %.2f GiB/token; wall %.1f ms/token best, %.1f median -> %.2f / %.2f tokens/s;"
                " cpu-time %.2f / %.2f tokens/s (%.1f GB/s)\n",
                q4km ? "Q4_K_M" : "Q8_0", pool.size(), total / 1073741824.0, t.wall.best * 1e3, t.wall.median * 1e3,
                1.0 / t.wall.best, 1.0 / t.wall.median, 1.0 / t.cpu.best, 1.0 / t.cpu.median,
                total / t.cpu.median / 1e9);
}

} // namespace

/// --compare-isas: for each type and shape, pp512 and decode in CPU time on
/// every kernel set, measured back to back (sets alternate within each shape).
void compareIsas(const std::vector<GgmlType>& types, cpu::ThreadPool& pool)
{
    std::vector<cpu::Isa> isas;
    for (cpu::Isa isa : {cpu::Isa::Portable, cpu::Isa::Avx2, cpu::Isa::Avx512})
        if (cpu::isaSupported(isa))
            isas.push_back(isa);
    std::printf("%-5s %-22s %-9s %18s %18s\n", "type", "shape", "kernels", "pp512 GFLOP/s", "decode GB/s");
    for (GgmlType t : types) {
        for (const Shape& s : kShapes) {
            if (s.rows == kVocab)
                continue;
            const double flop = 2.0 * s.rows * s.cols;
            const double bytes = static_cast<double>(rowBytes(t, s.cols)) * s.rows;
            for (cpu::Isa isa : isas) {
                // The portable set is ~10x slower: one prefill run is enough.
                const Timing p = timePrefill(t, s, 512, pool, isa, isa == cpu::Isa::Portable ? 1 : 3);
                const Timing d = timeDecode(t, s, pool, isa, true);
                std::printf("%-5s %-22s %-9s %18.1f %18.1f\n", typeName(t), s.name,
                            std::string(cpu::isaName(isa)).c_str(), flop * 512 / 1e9 / p.cpu.median,
                            bytes / 1e9 / d.cpu.median);
            }
        }
    }
}

int main(int argc, char** argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0);   // show each line as it is measured
    bool quick = false;
    std::vector<int> threadCounts{1, 2};
    cpu::Isa isa = cpu::activeIsa();
    bool compare = false;
    std::vector<GgmlType> compareTypes{GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q4_K, GgmlType::Q6_K};
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--quick") {
            quick = true;
        } else if (a == "--compare-isas") {
            compare = true;
        } else if (a == "--types" && i + 1 < argc) {
            compareTypes.clear();
            std::string list = argv[++i];
            for (std::size_t pos = 0; pos <= list.size();) {
                const std::size_t comma = std::min(list.find(',', pos), list.size());
                const std::string name = list.substr(pos, comma - pos);
                pos = comma + 1;
                const GgmlType known[] = {GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q5_0,
                                          GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K};
                bool found = false;
                for (GgmlType k : known) {
                    std::string n = typeName(k);
                    for (char& c : n)
                        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                    if (n == name) {
                        compareTypes.push_back(k);
                        found = true;
                    }
                }
                if (!found) {
                    std::fprintf(stderr, "unknown type \"%s\" (q8_0, q4_0, q5_0, q4_k, q5_k, q6_k)\n", name.c_str());
                    return 2;
                }
            }
        } else if (a == "--threads" && i + 1 < argc) {
            threadCounts.clear();
            for (const char* p = argv[++i]; *p;) {
                threadCounts.push_back(std::atoi(p));
                while (*p && *p != ',')
                    ++p;
                if (*p == ',')
                    ++p;
            }
        } else if (a == "--isa" && i + 1 < argc) {
            isa = cpu::parseIsa(argv[++i]);
        } else {
            std::fprintf(stderr,
                         "usage: %s [--quick] [--threads 1,2] [--isa portable|avx2|avx512]\n"
                         "       %s --compare-isas [--threads 1,2] [--types q8_0,q4_k,...]\n",
                         argv[0], argv[0]);
            return 2;
        }
    }
    if (compare) {
        for (int threads : threadCounts) {
            cpu::ThreadPool pool(threads);
            std::printf("\n== %d thread(s): kernel sets side by side, CPU-time figures (median) ==\n", threads);
            compareIsas(compareTypes, pool);
        }
        return 0;
    }
    const GgmlType types[] = {GgmlType::Q4_K, GgmlType::Q6_K, GgmlType::Q8_0};
    const std::int64_t nPrefill = 512;
    std::printf("CPU matmul kernels, %s kernels, physical cores %d\n", std::string(cpu::isaName(isa)).c_str(),
                cpu::ThreadPool::physicalCoreCount());
    for (int threads : threadCounts) {
        cpu::ThreadPool pool(threads);
        std::printf("\n== %d thread(s) ==\n", threads);
        std::printf("best / median of wall-clock figures; [cpu-time estimate, median]\n");
        std::printf("%-5s %-22s %26s %30s %30s\n", "type", "shape", "decode GB/s", "decode GFLOP/s",
                    "pp512 GFLOP/s");
        // Per-type prefill seconds of one layer's products, for the estimate.
        for (GgmlType t : types) {
            for (const Shape& s : kShapes) {
                const Timing d = timeDecode(t, s, pool, isa, quick);
                const double bytes = static_cast<double>(rowBytes(t, s.cols)) * s.rows;
                const double flop = 2.0 * s.rows * s.cols;
                std::printf("%-5s %-22s %7.1f / %5.1f [%6.1f]   %7.1f / %5.1f [%6.1f]   ", typeName(t), s.name,
                            bytes / d.wall.best / 1e9, bytes / d.wall.median / 1e9, bytes / d.cpu.median / 1e9,
                            flop / d.wall.best / 1e9, flop / d.wall.median / 1e9, flop / d.cpu.median / 1e9);
                // The output matrix at 512 tokens takes seconds; prefill only
                // needs its last token's logits, so it is skipped here.
                if (s.rows != kVocab) {
                    const Timing p = timePrefill(t, s, nPrefill, pool, isa, quick ? 1 : 3);
                    const double f = flop * nPrefill / 1e9;
                    std::printf("%7.1f / %5.1f [%6.1f]\n", f / p.wall.best, f / p.wall.median, f / p.cpu.median);
                } else {
                    std::printf("%23s\n", "-");
                }
            }
        }
        std::printf("Whole-model decode, matrix products only (distinct weights per layer):\n");
        wholeModelDecode(true, pool, isa, quick);
        wholeModelDecode(false, pool, isa, quick);
        std::printf("Prefill estimate, 512 tokens, matrix products only (per-layer shapes timed, output for one token):\n");
        for (bool q4km : {true, false}) {
            double best = 0, med = 0, cpu = 0;
            // Time each distinct (type, shape) once, then weight by how often it occurs.
            struct Key { GgmlType t; const Shape* s; Timing st; };
            std::vector<Key> cache;
            for (const Mat& m : modelMatrices(q4km)) {
                if (m.shape->rows == kVocab) {
                    const Timing d = timeDecode(m.type, *m.shape, pool, isa, true);
                    best += d.wall.best; med += d.wall.median; cpu += d.cpu.median;
                    continue;
                }
                auto it = std::find_if(cache.begin(), cache.end(), [&](const Key& k) { return k.t == m.type && k.s == m.shape; });
                if (it == cache.end()) {
                    cache.push_back({m.type, m.shape, timePrefill(m.type, *m.shape, nPrefill, pool, isa, quick ? 1 : 2)});
                    it = cache.end() - 1;
                }
                best += it->st.wall.best; med += it->st.wall.median; cpu += it->st.cpu.median;
            }
            std::printf("  %-7s %2d thr: wall %.1f tokens/s best, %.1f median; cpu-time %.1f tokens/s\n",
                        q4km ? "Q4_K_M" : "Q8_0", threads, nPrefill / best, nPrefill / med, nPrefill / cpu);
        }
    }
    std::printf("\nllama.cpp on the reference 2-core AVX2 machine (BASELINES.md), 2 threads, whole model:\n"
                "  Q4_K_M tg128 10.7, pp512 24.7 tokens/s; Q8_0 tg128 8.7, pp512 31.7 tokens/s\n");
    return 0;
}
