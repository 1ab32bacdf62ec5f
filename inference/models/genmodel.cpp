#include "inference/models/genmodel.h"

#include "inference/cpu/quantize.h"
#include "inference/gguf/ggufwriter.h"
#include "inference/models/genmodelplan.h"
#include "inference/models/genmodelquick.h"
#include "inference/models/genmodeltokenizer.h"
#include "inference/sampling/xoshiro256.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <span>
#include <thread>

namespace qiusuo::models {

namespace {

/// Standard deviation of the random matrices and biases.
constexpr float kWeightScale = 0.02f;

/// Llama 3's RoPE frequency divisors (factor 8, low/high frequency factors
/// 1 and 4, 8192 original positions): wavelengths shorter than 8192/4 keep
/// their frequency, longer than 8192/1 are divided by 8, and those between
/// blend smoothly.
std::vector<float> llama3RopeFreqs(const GenModelShape& s)
{
    constexpr double factor = 8, lowFreqFactor = 1, highFreqFactor = 4, original = 8192;
    const double pi = std::acos(-1.0);
    std::vector<float> out;
    for (std::int32_t i = 0; i < s.headDim / 2; ++i) {
        const double freq = std::pow(s.ropeFreqBase, -2.0 * i / s.headDim);
        const double wavelength = 2 * pi / freq;
        double divisor = 1;
        if (wavelength > original / lowFreqFactor) {
            divisor = factor;
        } else if (wavelength >= original / highFreqFactor) {
            const double smooth = (original / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
            divisor = 1 / ((1 - smooth) / factor + smooth);
        }
        out.push_back(static_cast<float>(divisor));
    }
    return out;
}

std::uint64_t fnv1a(std::string_view text)
{
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ull;
    }
    return h;
}

/// Fills `row` with approximately normal(0, kWeightScale) values: the sum of
/// four uniform 16-bit fractions of one 64-bit draw (Irwin-Hall, variance
/// 4/12), centred and scaled. Cheaper than Box-Muller and plenty for weights
/// nobody reads.
void randomRow(sampling::Xoshiro256& rng, float* row, std::int64_t n)
{
    const float scale = kWeightScale * std::sqrt(3.0f) / 65536.0f;
    for (std::int64_t i = 0; i < n; ++i) {
        const std::uint64_t r = rng.next();
        const float sum = static_cast<float>((r & 0xffff) + ((r >> 16) & 0xffff) + ((r >> 32) & 0xffff) +
                                             (r >> 48)) + 2.0f - 2.0f * 65536.0f;
        row[i] = sum * scale;
    }
}

std::uint64_t rowCount(const GenModelTensor& t)
{
    std::uint64_t rows = 1;
    for (std::size_t i = 1; i < t.dims.size(); ++i)
        rows *= t.dims[i];
    return rows;
}

/// Bytes of rows [firstRow, firstRow + count) of a tensor into `out`. Rows are
/// shared out among threads; each row's PRNG is seeded from (seed, tensor
/// name, row), so the bytes depend neither on the thread count nor on how
/// the rows are split into calls.
void fillRows(const GenModelTensor& t, const GenModelShape& shape, const GenModelSpec& spec, int threads,
              std::uint64_t firstRow, std::uint64_t count, std::span<std::uint8_t> out)
{
    const std::int64_t rowLength = static_cast<std::int64_t>(t.dims[0]);
    const std::size_t rowBytes = static_cast<std::size_t>(gguf::GgufWriter::tensorBytes(t.type, {t.dims[0]}));

    if (t.fill != GenModelFill::Random) {
        const std::vector<float> values =
            t.fill == GenModelFill::Ones ? std::vector<float>(static_cast<std::size_t>(rowLength), 1.0f)
                                         : llama3RopeFreqs(shape);
        for (std::uint64_t r = 0; r < count; ++r)
            std::memcpy(out.data() + r * rowBytes, values.data(), rowBytes);
        return;
    }

    const std::uint64_t tensorSeed = spec.seed ^ fnv1a(t.name);
    const auto rows = static_cast<std::int64_t>(count);
    std::atomic<std::int64_t> nextRow{0};
    constexpr std::int64_t kChunk = 16;
    const auto work = [&] {
        std::vector<float> row(spec.quick ? 0 : static_cast<std::size_t>(rowLength));
        for (;;) {
            const std::int64_t first = nextRow.fetch_add(kChunk);
            if (first >= rows)
                return;
            for (std::int64_t r = first; r < std::min(rows, first + kChunk); ++r) {
                const std::uint64_t index = firstRow + static_cast<std::uint64_t>(r);
                sampling::Xoshiro256 rng(tensorSeed + 0x9e3779b97f4a7c15ull * (index + 1));
                std::uint8_t* dst = out.data() + static_cast<std::size_t>(r) * rowBytes;
                if (spec.quick) {
                    fillQuickRow(t.type, rng, kWeightScale, dst, rowLength);
                } else {
                    randomRow(rng, row.data(), rowLength);
                    cpu::quantizeRow(t.type, row.data(), dst, rowLength);
                }
            }
        }
    };
    const int n = static_cast<int>(std::min<std::int64_t>(threads, (rows + kChunk - 1) / kChunk));
    std::vector<std::jthread> pool;
    for (int i = 1; i < n; ++i)
        pool.emplace_back(work);
    work();
}

int threadCount(const GenModelSpec& spec)
{
    return spec.threads > 0 ? spec.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

std::uint32_t u32(std::int32_t v) { return static_cast<std::uint32_t>(v); }

/// deepseek2's keys, as llama.cpp's converter writes them.
void writeDeepseek2Metadata(const GenModelShape& s, gguf::GgufWriter& w)
{
    const GenModelDeepseek2& d = s.deepseek2;
    const std::string a = "deepseek2.";
    w.setUint32(a + "leading_dense_block_count", u32(d.leadingDenseBlocks));
    w.setUint32(a + "vocab_size", u32(s.vocabSize));
    if (d.qLoraRank > 0)
        w.setUint32(a + "attention.q_lora_rank", u32(d.qLoraRank));
    w.setUint32(a + "attention.kv_lora_rank", u32(d.kvLoraRank));
    w.setUint32(a + "attention.key_length", u32(d.nopeDims + d.ropeDims));
    w.setUint32(a + "attention.value_length", u32(d.valueDim));
    w.setUint32(a + "expert_feed_forward_length", u32(d.expertFeedForward));
    w.setUint32(a + "expert_count", u32(d.expertCount));
    w.setUint32(a + "expert_used_count", u32(d.expertUsed));
    w.setUint32(a + "expert_shared_count", u32(d.expertShared));
    if (d.expertGroups > 1) {
        w.setUint32(a + "expert_group_count", u32(d.expertGroups));
        w.setUint32(a + "expert_group_used_count", u32(d.expertGroupsUsed));
    }
    w.setFloat32(a + "expert_weights_scale", d.expertWeightsScale);
    w.setBool(a + "expert_weights_norm", d.expertWeightsNorm);
    w.setUint32(a + "expert_gating_func", d.sigmoidGating ? 2 : 1);  // llama.cpp: 1 softmax, 2 sigmoid
    w.setUint32(a + "rope.dimension_count", u32(d.ropeDims));
    if (d.yarnFactor > 1.0f) {
        w.setString(a + "rope.scaling.type", "yarn");
        w.setFloat32(a + "rope.scaling.factor", d.yarnFactor);
        w.setUint32(a + "rope.scaling.original_context_length", u32(d.yarnOriginalContext));
        w.setFloat32(a + "rope.scaling.yarn_log_multiplier", d.yarnLogMultiplier);
    }
}

/// The metadata of the model; returns its tensor plan.
std::vector<GenModelTensor> writeMetadata(const GenModelSpec& spec, gguf::GgufWriter& writer)
{
    const GenModelShape s = resolveGenModelShape(spec);
    const GenModelFileType& ft = genModelFileType(spec.type);
    const std::string& a = s.architecture;

    writer.setString("general.architecture", a);
    writer.setString("general.type", "model");
    writer.setString("general.name", "random " + s.name + " " + std::string(ft.label) + " (seed " +
                                         std::to_string(spec.seed) + ")");
    writer.setUint32("general.file_type", ft.ggufFileType);
    writer.setUint32(a + ".context_length", u32(s.contextLength));
    writer.setUint32(a + ".embedding_length", u32(s.embeddingLength));
    writer.setUint32(a + ".block_count", u32(s.layerCount));
    writer.setUint32(a + ".feed_forward_length", u32(s.feedForwardLength));
    writer.setUint32(a + ".attention.head_count", u32(s.headCount));
    writer.setUint32(a + ".attention.head_count_kv", u32(s.headCountKv));
    writer.setFloat32(a + ".rope.freq_base", static_cast<float>(s.ropeFreqBase));
    writer.setFloat32(a + ".attention.layer_norm_rms_epsilon", s.rmsEps);
    if (a == "deepseek2") {
        writeDeepseek2Metadata(s, writer);
    } else if (s.headDim * s.headCount != s.embeddingLength) {
        writer.setUint32(a + ".attention.key_length", u32(s.headDim));
        writer.setUint32(a + ".attention.value_length", u32(s.headDim));
    }
    if (a == "llama") {
        writer.setUint32("llama.vocab_size", u32(s.vocabSize));
        writer.setUint32("llama.rope.dimension_count", u32(s.headDim));
    }
    addGenModelTokenizer(writer, s.preTokenizer, s.chatTemplate, s.vocabSize);
    return planGenModelTensors(s, spec.type);
}

} // namespace

void buildGenModel(const GenModelSpec& spec, gguf::GgufWriter& writer,
                   const std::function<void(std::size_t, std::size_t)>& progress)
{
    const GenModelShape shape = resolveGenModelShape(spec);
    const std::vector<GenModelTensor> plan = writeMetadata(spec, writer);
    const int threads = threadCount(spec);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        const GenModelTensor& t = plan[i];
        std::vector<std::uint8_t> bytes(gguf::GgufWriter::tensorBytes(t.type, t.dims));
        fillRows(t, shape, spec, threads, 0, rowCount(t), bytes);
        writer.addTensor(t.name, t.type, t.dims, std::move(bytes));
        if (progress)
            progress(i + 1, plan.size());
    }
}

std::uint64_t generateModel(const GenModelSpec& spec, const std::filesystem::path& path,
                            const std::function<void(std::size_t, std::size_t)>& progress)
{
    const GenModelShape shape = resolveGenModelShape(spec);
    gguf::GgufWriter writer;
    const std::vector<GenModelTensor> plan = writeMetadata(spec, writer);
    for (const GenModelTensor& t : plan)
        writer.addDeferredTensor(t.name, t.type, t.dims);
    const int threads = threadCount(spec);
    writer.write(path, [&](std::size_t index, std::uint64_t firstRow, std::uint64_t count,
                           std::span<std::uint8_t> out) {
        const GenModelTensor& t = plan[index];
        fillRows(t, shape, spec, threads, firstRow, count, out);
        if (progress && firstRow + count == rowCount(t))
            progress(index + 1, plan.size());
    });
    return std::filesystem::file_size(path);
}

} // namespace qiusuo::models
