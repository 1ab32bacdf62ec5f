// The shapes gen-model knows: the R1-Distill models' and DeepSeek-V2-Lite's
// and V3's (from their config.json files), and tiny ones for tests (the
// deepseek2 ones with the shapes of the tiny reference files in testdata).
#include "inference/error.h"
#include "inference/models/genmodel.h"
#include "inference/models/genmodelplan.h"
#include "inference/models/genmodeltokenizer.h"

#include <algorithm>

namespace qiusuo::models {

namespace {

struct Dims {
    std::int32_t embd, layers, heads, headsKv, headDim, ff, vocab, context;
};

GenModelShape denseShape(std::string name, std::string arch, const Dims& d)
{
    GenModelShape s;
    s.name = std::move(name);
    s.architecture = std::move(arch);
    s.embeddingLength = d.embd;
    s.layerCount = d.layers;
    s.headCount = d.heads;
    s.headCountKv = d.headsKv;
    s.headDim = d.headDim;
    s.feedForwardLength = d.ff;
    s.vocabSize = d.vocab;
    s.contextLength = d.context;
    return s;
}

GenModelShape qwen2Shape(std::string name, const Dims& d)
{
    GenModelShape s = denseShape(std::move(name), "qwen2", d);
    s.ropeFreqBase = 1e6;
    s.rmsEps = 1e-6f;
    s.qkvBias = true;
    s.preTokenizer = "deepseek-r1-qwen";
    return s;
}

GenModelShape llamaShape(std::string name, const Dims& d)
{
    GenModelShape s = denseShape(std::move(name), "llama", d);
    s.ropeFreqBase = 5e5;
    s.rmsEps = 1e-5f;
    s.llama3RopeFreqs = true;
    s.preTokenizer = "llama-bpe";
    return s;
}

/// V2-Lite style: plain attn_q, softmax routing, no groups, V2's chat format.
GenModelShape deepseek2LiteShape(std::string name, const Dims& d, GenModelDeepseek2 ds)
{
    GenModelShape s = denseShape(std::move(name), "deepseek2", d);
    s.deepseek2 = ds;
    s.preTokenizer = "deepseek-llm";
    s.chatTemplate = "deepseek-v2";
    return s;
}

/// V3/R1 style: q-LoRA, sigmoid routing with exp_probs_b and groups, V3's chat format.
GenModelShape deepseek3Shape(std::string name, const Dims& d, GenModelDeepseek2 ds)
{
    GenModelShape s = denseShape(std::move(name), "deepseek2", d);
    s.deepseek2 = ds;
    s.preTokenizer = "deepseek-v3";
    s.chatTemplate = "deepseek-v3";
    return s;
}

GenModelDeepseek2 mla(std::int32_t qRank, std::int32_t kvRank, std::int32_t nope, std::int32_t rope,
                      std::int32_t value)
{
    GenModelDeepseek2 d;
    d.qLoraRank = qRank;
    d.kvLoraRank = kvRank;
    d.nopeDims = nope;
    d.ropeDims = rope;
    d.valueDim = value;
    return d;
}

GenModelDeepseek2 moe(GenModelDeepseek2 d, std::int32_t dense, std::int32_t ff, std::int32_t experts,
                      std::int32_t used, std::int32_t shared)
{
    d.leadingDenseBlocks = dense;
    d.expertFeedForward = ff;
    d.expertCount = experts;
    d.expertUsed = used;
    d.expertShared = shared;
    return d;
}

GenModelDeepseek2 v3Routing(GenModelDeepseek2 d, std::int32_t groups, std::int32_t groupsUsed)
{
    d.expertGroups = groups;
    d.expertGroupsUsed = groupsUsed;
    d.expertWeightsNorm = true;
    d.expertWeightsScale = 2.5f;
    d.sigmoidGating = true;
    return d;
}

GenModelDeepseek2 yarn(GenModelDeepseek2 d, float factor, std::int32_t original, float logMultiplier)
{
    d.yarnFactor = factor;
    d.yarnOriginalContext = original;
    d.yarnLogMultiplier = logMultiplier;
    return d;
}

std::vector<GenModelShape> knownShapes()
{
    return {
        qwen2Shape("tiny", {256, 2, 4, 2, 64, 512, 512, 4096}),
        llamaShape("tiny", {256, 2, 8, 2, 32, 768, 512, 4096}),
        qwen2Shape("r1-distill-qwen-1.5b", {1536, 28, 12, 2, 128, 8960, 151936, 131072}),
        qwen2Shape("r1-distill-qwen-7b", {3584, 28, 28, 4, 128, 18944, 152064, 131072}),
        llamaShape("r1-distill-llama-8b", {4096, 32, 32, 8, 128, 14336, 128256, 131072}),
        // tiny: tiny-deepseek3's shape with 4 expert groups of which 2 are used;
        // tiny-lite: tiny-deepseek2-lite's (27 layers, 25 of them dense).
        deepseek3Shape("tiny", {256, 3, 4, 4, 0, 512, 512, 512},
                       yarn(v3Routing(moe(mla(128, 128, 64, 32, 64), 1, 256, 16, 4, 1), 4, 2), 4, 128, 0.1f)),
        deepseek2LiteShape("tiny-lite", {256, 27, 4, 4, 0, 512, 512, 512},
                           yarn(moe(mla(0, 128, 64, 32, 64), 25, 256, 8, 2, 1), 4, 128, 0.0707f)),
        deepseek2LiteShape("deepseek-v2-lite", {2048, 27, 16, 16, 0, 10944, 102400, 163840},
                           yarn(moe(mla(0, 512, 128, 64, 128), 1, 1408, 64, 6, 2), 40, 4096, 0.0707f)),
        deepseek3Shape("deepseek-v3", {7168, 61, 128, 128, 0, 18432, 129280, 163840},
                       yarn(v3Routing(moe(mla(1536, 512, 128, 64, 128), 3, 2048, 256, 8, 1), 8, 4), 40, 4096,
                            0.1f)),
    };
}

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

bool knownArchitecture(const std::string& a) { return a == "qwen2" || a == "llama" || a == "deepseek2"; }

} // namespace

std::vector<std::string> genModelShapeNames()
{
    std::vector<std::string> names;
    for (const auto& s : knownShapes())
        if (std::find(names.begin(), names.end(), s.name) == names.end())
            names.push_back(s.name);
    return names;
}

GenModelShape resolveGenModelShape(const GenModelSpec& spec)
{
    if (!knownArchitecture(spec.architecture))
        throw Error("gen-model cannot make the architecture '" + spec.architecture +
                    "'; it makes qwen2, llama and deepseek2 models");
    genModelFileType(spec.type);
    GenModelShape shape;
    std::vector<std::string> archs;
    for (const auto& s : knownShapes()) {
        if (s.name != spec.shape)
            continue;
        archs.push_back(s.architecture);
        if (s.architecture == spec.architecture)
            shape = s;
    }
    if (archs.empty())
        throw Error("gen-model knows no shape '" + spec.shape + "'; it knows " + joined(genModelShapeNames()));
    if (shape.name.empty())
        throw Error("the shape " + spec.shape + " is not a " + spec.architecture + " model; use --arch " +
                    joined(archs));
    if (spec.layers < 0 || spec.layers > 1000)
        throw Error("--layers must be between 1 and 1000 (0 keeps the shape's " +
                    std::to_string(shape.layerCount) + "), not " + std::to_string(spec.layers));
    if (spec.layers > 0) {
        shape.layerCount = spec.layers;
        // Fewer layers keep the leading dense blocks, but leave at least one MoE block.
        GenModelDeepseek2& d = shape.deepseek2;
        if (shape.architecture == "deepseek2")
            d.leadingDenseBlocks = std::min(d.leadingDenseBlocks, shape.layerCount - 1);
    }
    if (spec.vocab != 0) {
        if (spec.vocab < genModelMinimumVocab() || spec.vocab > 1'000'000)
            throw Error("--vocab must be between " + std::to_string(genModelMinimumVocab()) +
                        " and 1000000, not " + std::to_string(spec.vocab));
        shape.vocabSize = spec.vocab;
    }
    return shape;
}

} // namespace qiusuo::models
