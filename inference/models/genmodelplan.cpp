#include "inference/models/genmodelplan.h"

#include "inference/error.h"

#include <array>

namespace qiusuo::models {

namespace {

using gguf::GgmlType;

constexpr std::array<GenModelFileType, 4> kFileTypes{{
    {"f32", "F32", 0}, {"f16", "F16", 1}, {"q8_0", "Q8_0", 7}, {"q4_k_m", "Q4_K_M", 15}}};

/// llama.cpp's rule for the Q4_K_M layers that keep more bits: the first and
/// last eighth of the layers and every third one between.
bool useMoreBits(std::int32_t layer, std::int32_t layers)
{
    return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
}

/// What Q4_K_M stores a matrix as: most at Q4_K, some at Q6_K (more bits) or
/// Q5_K (attn_output of 8-expert models, as llama.cpp does).
enum class Bits { Q4, Q5, Q6 };

/// The storage type of a matrix with rows of `rowLength` values. K-quants
/// need rows of whole 256-value blocks; llama.cpp falls back to Q5_0 (for
/// Q4_K and Q5_K) or Q8_0 (for Q6_K) otherwise, as here.
GgmlType matrixType(const std::string& fileType, Bits bits, std::uint64_t rowLength)
{
    if (fileType == "f32")
        return GgmlType::F32;
    if (fileType == "f16")
        return GgmlType::F16;
    if (fileType == "q8_0")
        return GgmlType::Q8_0;
    if (rowLength % 256 != 0)
        return bits == Bits::Q6 ? GgmlType::Q8_0 : GgmlType::Q5_0;
    return bits == Bits::Q6 ? GgmlType::Q6_K : bits == Bits::Q5 ? GgmlType::Q5_K : GgmlType::Q4_K;
}

class Planner {
public:
    explicit Planner(std::string fileType) : type_(std::move(fileType)) {}

    void matrix(std::string name, std::vector<std::uint64_t> dims, Bits bits = Bits::Q4)
    {
        const GgmlType t = matrixType(type_, bits, dims[0]);
        plan_.push_back({std::move(name), std::move(dims), t, GenModelFill::Random});
    }
    /// A matrix llama.cpp never quantizes (the MoE router).
    void f32Matrix(std::string name, std::vector<std::uint64_t> dims)
    {
        plan_.push_back({std::move(name), std::move(dims), GgmlType::F32, GenModelFill::Random});
    }
    void vector(std::string name, std::uint64_t n, GenModelFill fill)
    {
        plan_.push_back({std::move(name), {n}, GgmlType::F32, fill});
    }
    std::vector<GenModelTensor> take() { return std::move(plan_); }

private:
    std::string type_;
    std::vector<GenModelTensor> plan_;
};

std::uint64_t u(std::int32_t v) { return static_cast<std::uint64_t>(v); }

std::string blk(std::int32_t layer, const char* name) { return "blk." + std::to_string(layer) + "." + name; }

std::vector<GenModelTensor> planDense(const GenModelShape& s, const std::string& type)
{
    const std::uint64_t embd = u(s.embeddingLength), qDim = u(s.headCount * s.headDim),
                        kvDim = u(s.headCountKv * s.headDim), ff = u(s.feedForwardLength), vocab = u(s.vocabSize);
    Planner p(type);
    p.matrix("token_embd.weight", {embd, vocab});
    if (s.llama3RopeFreqs)
        p.vector("rope_freqs.weight", u(s.headDim / 2), GenModelFill::RopeFreqs);
    for (std::int32_t l = 0; l < s.layerCount; ++l) {
        const Bits more = useMoreBits(l, s.layerCount) ? Bits::Q6 : Bits::Q4;
        p.vector(blk(l, "attn_norm.weight"), embd, GenModelFill::Ones);
        p.matrix(blk(l, "attn_q.weight"), {embd, qDim});
        p.matrix(blk(l, "attn_k.weight"), {embd, kvDim});
        p.matrix(blk(l, "attn_v.weight"), {embd, kvDim}, more);
        if (s.qkvBias) {
            p.vector(blk(l, "attn_q.bias"), qDim, GenModelFill::Random);
            p.vector(blk(l, "attn_k.bias"), kvDim, GenModelFill::Random);
            p.vector(blk(l, "attn_v.bias"), kvDim, GenModelFill::Random);
        }
        p.matrix(blk(l, "attn_output.weight"), {qDim, embd});
        p.vector(blk(l, "ffn_norm.weight"), embd, GenModelFill::Ones);
        p.matrix(blk(l, "ffn_gate.weight"), {embd, ff});
        p.matrix(blk(l, "ffn_up.weight"), {embd, ff});
        p.matrix(blk(l, "ffn_down.weight"), {ff, embd}, more);
    }
    p.vector("output_norm.weight", embd, GenModelFill::Ones);
    p.matrix("output.weight", {embd, vocab}, Bits::Q6);
    return p.take();
}

/// deepseek2 (see deepseek2.cpp for how the engine reads these): MLA with a
/// plain or a q-LoRA query, the leading dense blocks, then MoE blocks with a
/// router, routed experts stacked [cols, rows, experts], shared experts
/// (their widths added up, as in the GGUF files) and, with sigmoid scoring,
/// the selection bias exp_probs_b.
std::vector<GenModelTensor> planDeepseek2(const GenModelShape& s, const std::string& type)
{
    const GenModelDeepseek2& d = s.deepseek2;
    const std::uint64_t embd = u(s.embeddingLength), vocab = u(s.vocabSize), heads = u(s.headCount),
                        ff = u(s.feedForwardLength), expertFf = u(d.expertFeedForward), experts = u(d.expertCount),
                        kvRank = u(d.kvLoraRank), qRank = u(d.qLoraRank);
    const std::uint64_t qDim = heads * u(d.nopeDims + d.ropeDims);
    const Bits attnOutput = d.expertCount == 8 ? Bits::Q5 : Bits::Q4;
    Planner p(type);
    p.matrix("token_embd.weight", {embd, vocab});
    for (std::int32_t l = 0; l < s.layerCount; ++l) {
        const Bits more = useMoreBits(l, s.layerCount) ? Bits::Q6 : Bits::Q4;
        p.vector(blk(l, "attn_norm.weight"), embd, GenModelFill::Ones);
        if (d.qLoraRank > 0) {
            p.matrix(blk(l, "attn_q_a.weight"), {embd, qRank});
            p.vector(blk(l, "attn_q_a_norm.weight"), qRank, GenModelFill::Ones);
            p.matrix(blk(l, "attn_q_b.weight"), {qRank, qDim});
        } else {
            p.matrix(blk(l, "attn_q.weight"), {embd, qDim});
        }
        p.matrix(blk(l, "attn_kv_a_mqa.weight"), {embd, kvRank + u(d.ropeDims)});
        p.vector(blk(l, "attn_kv_a_norm.weight"), kvRank, GenModelFill::Ones);
        p.matrix(blk(l, "attn_kv_b.weight"), {kvRank, heads * u(d.nopeDims + d.valueDim)});
        p.matrix(blk(l, "attn_output.weight"), {heads * u(d.valueDim), embd}, attnOutput);
        p.vector(blk(l, "ffn_norm.weight"), embd, GenModelFill::Ones);
        if (l < d.leadingDenseBlocks) {
            p.matrix(blk(l, "ffn_gate.weight"), {embd, ff});
            p.matrix(blk(l, "ffn_up.weight"), {embd, ff});
            p.matrix(blk(l, "ffn_down.weight"), {ff, embd}, more);
            continue;
        }
        p.f32Matrix(blk(l, "ffn_gate_inp.weight"), {embd, experts});
        if (d.sigmoidGating)
            p.vector(blk(l, "exp_probs_b.bias"), experts, GenModelFill::Random);
        p.matrix(blk(l, "ffn_gate_exps.weight"), {embd, expertFf, experts});
        p.matrix(blk(l, "ffn_up_exps.weight"), {embd, expertFf, experts});
        p.matrix(blk(l, "ffn_down_exps.weight"), {expertFf, embd, experts}, more);
        if (d.expertShared > 0) {
            const std::uint64_t sharedFf = expertFf * u(d.expertShared);
            p.matrix(blk(l, "ffn_gate_shexp.weight"), {embd, sharedFf});
            p.matrix(blk(l, "ffn_up_shexp.weight"), {embd, sharedFf});
            p.matrix(blk(l, "ffn_down_shexp.weight"), {sharedFf, embd}, more);
        }
    }
    p.vector("output_norm.weight", embd, GenModelFill::Ones);
    p.matrix("output.weight", {embd, vocab}, Bits::Q6);
    return p.take();
}

} // namespace

const GenModelFileType& genModelFileType(const std::string& name)
{
    for (const GenModelFileType& t : kFileTypes)
        if (t.name == name)
            return t;
    std::string known;
    for (const GenModelFileType& t : kFileTypes)
        known += (known.empty() ? "" : ", ") + std::string(t.name);
    throw Error("gen-model cannot write the type '" + name + "'; it writes " + known);
}

std::vector<std::string> genModelTypeNames()
{
    std::vector<std::string> names;
    for (const GenModelFileType& t : kFileTypes)
        names.emplace_back(t.name);
    return names;
}

std::vector<GenModelTensor> planGenModelTensors(const GenModelShape& shape, const std::string& type)
{
    genModelFileType(type);
    return shape.architecture == "deepseek2" ? planDeepseek2(shape, type) : planDense(shape, type);
}

} // namespace qiusuo::models
