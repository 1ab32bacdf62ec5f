#include "inference/gguf/modelinfo.h"

#include "inference/error.h"

#include <algorithm>
#include <map>

namespace qiusuo::gguf {

std::string ModelInfo::fileTypeName(std::int64_t fileType)
{
    // llama.cpp's enum llama_ftype; gaps are ids it retired.
    static const std::map<std::int64_t, const char*> names{
        {0, "F32"}, {1, "F16"}, {2, "Q4_0"}, {3, "Q4_1"}, {7, "Q8_0"}, {8, "Q5_0"}, {9, "Q5_1"},
        {10, "Q2_K"}, {11, "Q3_K_S"}, {12, "Q3_K_M"}, {13, "Q3_K_L"}, {14, "Q4_K_S"}, {15, "Q4_K_M"},
        {16, "Q5_K_S"}, {17, "Q5_K_M"}, {18, "Q6_K"}, {19, "IQ2_XXS"}, {20, "IQ2_XS"}, {21, "Q2_K_S"},
        {22, "IQ3_XS"}, {23, "IQ3_XXS"}, {24, "IQ1_S"}, {25, "IQ4_NL"}, {26, "IQ3_S"}, {27, "IQ3_M"},
        {28, "IQ2_S"}, {29, "IQ2_M"}, {30, "IQ4_XS"}, {31, "IQ1_M"}, {32, "BF16"}, {36, "TQ1_0"},
        {37, "TQ2_0"}, {38, "MXFP4_MOE"}, {1024, "guessed"},
    };
    const auto it = names.find(fileType);
    return it != names.end() ? it->second : "unknown (" + std::to_string(fileType) + ")";
}

ModelInfo ModelInfo::describe(const GgufFile& file)
{
    ModelInfo info;
    info.architecture = file.architecture();
    info.name = file.getString("general.name").value_or("");
    info.ggufVersion = file.version();
    info.fileSize = file.fileSize();
    info.fileType = file.getInt("general.file_type");

    std::map<GgmlType, TypeUsage> byType;
    for (const auto& t : file.tensors()) {
        TypeUsage& u = byType[t.type];
        u.type = t.type;
        ++u.tensors;
        u.elements += t.elementCount();
        u.bytes += t.nbytes;
        info.parameters += t.elementCount();
        info.tensorBytes += t.nbytes;
    }
    info.tensorCount = file.tensors().size();
    for (const auto& [type, usage] : byType)
        info.types.push_back(usage);
    std::stable_sort(info.types.begin(), info.types.end(),
                     [](const TypeUsage& a, const TypeUsage& b) { return a.bytes > b.bytes; });

    const std::string arch = info.architecture + ".";
    info.contextLength = file.getInt(arch + "context_length");
    info.blockCount = file.getInt(arch + "block_count");
    info.embeddingLength = file.getInt(arch + "embedding_length");
    info.feedForwardLength = file.getInt(arch + "feed_forward_length");
    info.headCount = file.getInt(arch + "attention.head_count");
    info.headCountKv = file.getInt(arch + "attention.head_count_kv");
    info.expertCount = file.getInt(arch + "expert_count");
    info.expertUsedCount = file.getInt(arch + "expert_used_count");
    info.expertSharedCount = file.getInt(arch + "expert_shared_count");

    info.tokenizerModel = file.getString("tokenizer.ggml.model").value_or("");
    info.tokenizerPre = file.getString("tokenizer.ggml.pre").value_or("");
    const Array* tokens = file.getArray("tokenizer.ggml.tokens");
    if (tokens)
        info.vocabSize = tokens->items.size();
    if (const Array* merges = file.getArray("tokenizer.ggml.merges"))
        info.mergeCount = merges->items.size();
    const auto tokenText = [&](const std::optional<std::int64_t>& id) -> std::string {
        if (!tokens || !id || *id < 0 || static_cast<std::uint64_t>(*id) >= tokens->items.size())
            return {};
        return std::string(tokens->items.stringAt(static_cast<std::size_t>(*id)));
    };
    info.bosId = file.getInt("tokenizer.ggml.bos_token_id");
    info.eosId = file.getInt("tokenizer.ggml.eos_token_id");
    info.bosText = tokenText(info.bosId);
    info.eosText = tokenText(info.eosId);
    info.chatTemplate = file.getString("tokenizer.chat_template").value_or("");

    try {
        file.checkComputeSupport();
    } catch (const Error& e) {
        info.computeProblem = e.what();
        // The summary already names the file; keep only the problem.
        const std::string prefix = file.path().string() + ": ";
        if (info.computeProblem.rfind(prefix, 0) == 0)
            info.computeProblem.erase(0, prefix.size());
    }
    return info;
}

} // namespace qiusuo::gguf
