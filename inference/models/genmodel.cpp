#include "inference/models/genmodel.h"

#include "inference/cpu/quantize.h"
#include "inference/error.h"
#include "inference/gguf/ggufwriter.h"
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

using gguf::GgmlType;

/// Standard deviation of the random matrices and biases.
constexpr float kWeightScale = 0.02f;

// The R1-Distill shapes (their config.json files) and two tiny ones.
GenModelShape qwen2Shape(std::string name, std::int32_t embd, std::int32_t layers, std::int32_t heads,
                         std::int32_t headsKv, std::int32_t headDim, std::int32_t ff, std::int32_t vocab,
                         std::int32_t context)
{
    return {std::move(name), "qwen2", embd, layers, heads, headsKv, headDim, ff, vocab, context,
            1e6, 1e-6f, true, false};
}

GenModelShape llamaShape(std::string name, std::int32_t embd, std::int32_t layers, std::int32_t heads,
                         std::int32_t headsKv, std::int32_t headDim, std::int32_t ff, std::int32_t vocab,
                         std::int32_t context)
{
    return {std::move(name), "llama", embd, layers, heads, headsKv, headDim, ff, vocab, context,
            5e5, 1e-5f, false, true};
}

std::vector<GenModelShape> knownShapes()
{
    return {
        qwen2Shape("tiny", 256, 2, 4, 2, 64, 512, 512, 4096),
        llamaShape("tiny", 256, 2, 8, 2, 32, 768, 512, 4096),
        qwen2Shape("r1-distill-qwen-1.5b", 1536, 28, 12, 2, 128, 8960, 151936, 131072),
        qwen2Shape("r1-distill-qwen-7b", 3584, 28, 28, 4, 128, 18944, 152064, 131072),
        llamaShape("r1-distill-llama-8b", 4096, 32, 32, 8, 128, 14336, 128256, 131072),
    };
}

struct FileType {
    std::string_view name;       ///< as gen-model spells it
    std::string_view label;      ///< as llama.cpp names the file type
    std::uint32_t ggufFileType;  ///< general.file_type (llama_ftype)
};
constexpr std::array<FileType, 4> kFileTypes{{
    {"f32", "F32", 0}, {"f16", "F16", 1}, {"q8_0", "Q8_0", 7}, {"q4_k_m", "Q4_K_M", 15}}};

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

const FileType& fileType(const std::string& name)
{
    for (const FileType& t : kFileTypes)
        if (t.name == name)
            return t;
    throw Error("gen-model cannot write the type '" + name + "'; it writes " + joined(genModelTypeNames()));
}

/// llama.cpp's rule for the Q4_K_M layers that keep more bits: the first and
/// last eighth of the layers and every third one between.
bool useMoreBits(std::int32_t layer, std::int32_t layers)
{
    return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
}

enum class Fill { Random, Ones, RopeFreqs };

struct TensorPlan {
    std::string name;
    std::vector<std::uint64_t> dims;
    GgmlType type;
    Fill fill;
};

/// The storage type of a matrix in a file of `fileTypeName`; `moreBits`
/// marks the tensors Q4_K_M keeps at Q6_K. K-quants need rows of whole
/// 256-value blocks; llama.cpp falls back to Q5_0/Q8_0 otherwise, as here.
GgmlType matrixType(const std::string& fileTypeName, bool moreBits, std::uint64_t rowLength)
{
    if (fileTypeName == "f32")
        return GgmlType::F32;
    if (fileTypeName == "f16")
        return GgmlType::F16;
    if (fileTypeName == "q8_0")
        return GgmlType::Q8_0;
    if (rowLength % 256 != 0)
        return moreBits ? GgmlType::Q8_0 : GgmlType::Q5_0;
    return moreBits ? GgmlType::Q6_K : GgmlType::Q4_K;
}

std::vector<TensorPlan> planTensors(const GenModelShape& s, const std::string& type)
{
    const auto u = [](std::int32_t v) { return static_cast<std::uint64_t>(v); };
    const std::uint64_t embd = u(s.embeddingLength), qDim = u(s.headCount * s.headDim),
                        kvDim = u(s.headCountKv * s.headDim), ff = u(s.feedForwardLength),
                        vocab = u(s.vocabSize);
    std::vector<TensorPlan> plan;
    const auto matrix = [&](std::string name, std::uint64_t cols, std::uint64_t rows, bool moreBits) {
        plan.push_back({std::move(name), {cols, rows}, matrixType(type, moreBits, cols), Fill::Random});
    };
    const auto vector = [&](std::string name, std::uint64_t n, Fill fill) {
        plan.push_back({std::move(name), {n}, GgmlType::F32, fill});
    };

    matrix("token_embd.weight", embd, vocab, false);
    if (s.llama3RopeFreqs)
        vector("rope_freqs.weight", u(s.headDim / 2), Fill::RopeFreqs);
    for (std::int32_t l = 0; l < s.layerCount; ++l) {
        const std::string p = "blk." + std::to_string(l) + ".";
        const bool moreBits = useMoreBits(l, s.layerCount);
        vector(p + "attn_norm.weight", embd, Fill::Ones);
        matrix(p + "attn_q.weight", embd, qDim, false);
        matrix(p + "attn_k.weight", embd, kvDim, false);
        matrix(p + "attn_v.weight", embd, kvDim, moreBits);
        if (s.qkvBias) {
            vector(p + "attn_q.bias", qDim, Fill::Random);
            vector(p + "attn_k.bias", kvDim, Fill::Random);
            vector(p + "attn_v.bias", kvDim, Fill::Random);
        }
        matrix(p + "attn_output.weight", qDim, embd, false);
        vector(p + "ffn_norm.weight", embd, Fill::Ones);
        matrix(p + "ffn_gate.weight", embd, ff, false);
        matrix(p + "ffn_up.weight", embd, ff, false);
        matrix(p + "ffn_down.weight", ff, embd, moreBits);
    }
    vector("output_norm.weight", embd, Fill::Ones);
    matrix("output.weight", embd, vocab, true);
    return plan;
}

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

/// Bytes of rows [firstRow, firstRow + count) of a tensor into `out`. Rows are
/// shared out among threads; each row's PRNG is seeded from (seed, tensor
/// name, row), so the bytes depend neither on the thread count nor on how
/// the rows are split into calls.
void fillRows(const TensorPlan& t, const GenModelShape& shape, const GenModelSpec& spec, int threads,
              std::uint64_t firstRow, std::uint64_t count, std::span<std::uint8_t> out)
{
    const std::int64_t rowLength = static_cast<std::int64_t>(t.dims[0]);
    const std::size_t rowBytes = static_cast<std::size_t>(gguf::GgufWriter::tensorBytes(t.type, {t.dims[0]}));

    if (t.fill != Fill::Random) {
        const std::vector<float> values =
            t.fill == Fill::Ones ? std::vector<float>(static_cast<std::size_t>(rowLength), 1.0f)
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

std::uint64_t rowCount(const TensorPlan& t)
{
    std::uint64_t rows = 1;
    for (std::size_t i = 1; i < t.dims.size(); ++i)
        rows *= t.dims[i];
    return rows;
}

int threadCount(const GenModelSpec& spec)
{
    return spec.threads > 0 ? spec.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

/// The metadata of the model; returns its tensor plan.
std::vector<TensorPlan> writeMetadata(const GenModelSpec& spec, gguf::GgufWriter& writer)
{
    const GenModelShape s = resolveGenModelShape(spec);
    const FileType& ft = fileType(spec.type);
    const std::string& a = s.architecture;

    writer.setString("general.architecture", a);
    writer.setString("general.type", "model");
    writer.setString("general.name", "random " + s.name + " " + std::string(ft.label) + " (seed " +
                                         std::to_string(spec.seed) + ")");
    writer.setUint32("general.file_type", ft.ggufFileType);
    writer.setUint32(a + ".context_length", static_cast<std::uint32_t>(s.contextLength));
    writer.setUint32(a + ".embedding_length", static_cast<std::uint32_t>(s.embeddingLength));
    writer.setUint32(a + ".block_count", static_cast<std::uint32_t>(s.layerCount));
    writer.setUint32(a + ".feed_forward_length", static_cast<std::uint32_t>(s.feedForwardLength));
    writer.setUint32(a + ".attention.head_count", static_cast<std::uint32_t>(s.headCount));
    writer.setUint32(a + ".attention.head_count_kv", static_cast<std::uint32_t>(s.headCountKv));
    writer.setFloat32(a + ".rope.freq_base", static_cast<float>(s.ropeFreqBase));
    writer.setFloat32(a + ".attention.layer_norm_rms_epsilon", s.rmsEps);
    if (s.headDim * s.headCount != s.embeddingLength) {
        writer.setUint32(a + ".attention.key_length", static_cast<std::uint32_t>(s.headDim));
        writer.setUint32(a + ".attention.value_length", static_cast<std::uint32_t>(s.headDim));
    }
    if (a == "llama") {
        writer.setUint32("llama.vocab_size", static_cast<std::uint32_t>(s.vocabSize));
        writer.setUint32("llama.rope.dimension_count", static_cast<std::uint32_t>(s.headDim));
    }
    addGenModelTokenizer(writer, a, s.vocabSize);

    return planTensors(s, spec.type);
}

} // namespace

std::vector<std::string> genModelShapeNames()
{
    std::vector<std::string> names;
    for (const auto& s : knownShapes())
        if (std::find(names.begin(), names.end(), s.name) == names.end())
            names.push_back(s.name);
    return names;
}

std::vector<std::string> genModelTypeNames()
{
    std::vector<std::string> names;
    for (const FileType& t : kFileTypes)
        names.emplace_back(t.name);
    return names;
}

GenModelShape resolveGenModelShape(const GenModelSpec& spec)
{
    if (spec.architecture != "qwen2" && spec.architecture != "llama")
        throw Error("gen-model cannot make the architecture '" + spec.architecture +
                    "'; it makes qwen2 and llama models");
    fileType(spec.type);
    const std::vector<GenModelShape> shapes = knownShapes();
    GenModelShape shape;
    bool named = false, matched = false;
    for (const auto& s : shapes) {
        if (s.name != spec.shape)
            continue;
        named = true;
        if (s.architecture == spec.architecture) {
            shape = s;
            matched = true;
        }
    }
    if (!named)
        throw Error("gen-model knows no shape '" + spec.shape + "'; it knows " + joined(genModelShapeNames()));
    if (!matched)
        throw Error("the shape " + spec.shape + " is not a " + spec.architecture + " model; use --arch " +
                    (spec.architecture == "qwen2" ? "llama" : "qwen2"));
    if (spec.layers < 0 || spec.layers > 1000)
        throw Error("--layers must be between 1 and 1000 (0 keeps the shape's " +
                    std::to_string(shape.layerCount) + "), not " + std::to_string(spec.layers));
    if (spec.layers > 0)
        shape.layerCount = spec.layers;
    if (spec.vocab != 0) {
        if (spec.vocab < genModelMinimumVocab() || spec.vocab > 1'000'000)
            throw Error("--vocab must be between " + std::to_string(genModelMinimumVocab()) +
                        " and 1000000, not " + std::to_string(spec.vocab));
        shape.vocabSize = spec.vocab;
    }
    return shape;
}

void buildGenModel(const GenModelSpec& spec, gguf::GgufWriter& writer,
                   const std::function<void(std::size_t, std::size_t)>& progress)
{
    const GenModelShape shape = resolveGenModelShape(spec);
    const std::vector<TensorPlan> plan = writeMetadata(spec, writer);
    const int threads = threadCount(spec);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        const TensorPlan& t = plan[i];
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
    const std::vector<TensorPlan> plan = writeMetadata(spec, writer);
    for (const TensorPlan& t : plan)
        writer.addDeferredTensor(t.name, t.type, t.dims);
    const int threads = threadCount(spec);
    writer.write(path, [&](std::size_t index, std::uint64_t firstRow, std::uint64_t count,
                           std::span<std::uint8_t> out) {
        const TensorPlan& t = plan[index];
        fillRows(t, shape, spec, threads, firstRow, count, out);
        if (progress && firstRow + count == rowCount(t))
            progress(index + 1, plan.size());
    });
    return std::filesystem::file_size(path);
}

} // namespace qiusuo::models
