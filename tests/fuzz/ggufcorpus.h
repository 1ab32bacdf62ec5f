#pragma once
/// @brief The fuzz seed corpus (tests/data/gguf/corpus): small GGUF files
/// written by GgufWriter, valid and deliberately broken. Regenerated, and
/// checked to be up to date, by corpus_test.cpp.

#include "inference/gguf/gguffile.h"
#include "inference/gguf/ggufwriter.h"
#include "tests/inference/gguf/samplegguf.h"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace qiusuo::test {

using CorpusFile = std::pair<std::string, std::vector<std::uint8_t>>;

/// A tokenizer-like metadata block, as real models carry it.
inline void addTokenizerMetadata(gguf::GgufWriter& w)
{
    std::vector<std::string> tokens;
    std::vector<std::int32_t> types;
    for (int i = 0; i < 24; ++i) {
        tokens.push_back(std::string(1, static_cast<char>('a' + i)));
        types.push_back(1);
    }
    tokens.push_back("<｜begin▁of▁sentence｜>");
    types.push_back(3);
    tokens.push_back("<think>");
    types.push_back(4);
    w.setString("tokenizer.ggml.model", "gpt2");
    w.setString("tokenizer.ggml.pre", "deepseek-r1-qwen");
    w.set("tokenizer.ggml.tokens", gguf::Value::ofStrings(tokens));
    w.set("tokenizer.ggml.token_type", gguf::Value::ofInt32s(types));
    w.set("tokenizer.ggml.merges", gguf::Value::ofStrings({"a b", "ab c"}));
    w.setUint32("tokenizer.ggml.bos_token_id", 24);
    w.setBool("tokenizer.ggml.add_bos_token", true);
    w.setString("tokenizer.chat_template", "{% for m in messages %}{{ m['content'] }}{% endfor %}\n");
}

inline std::vector<CorpusFile> ggufCorpus()
{
    using gguf::GgmlType;
    std::vector<CorpusFile> files;
    files.emplace_back("minimal.gguf", gguf::GgufWriter().serialize());
    {
        gguf::GgufWriter w;
        addEveryValueType(w);
        files.emplace_back("every-value-type.gguf", w.serialize());
    }
    files.emplace_back("tensors.gguf", sampleGguf());
    {
        gguf::GgufWriter w;
        w.setVersion(2);
        w.setAlignment(64);
        w.setString("general.architecture", "llama");
        w.setUint32("llama.block_count", 1);
        addTokenizerMetadata(w);
        w.addTensor("token_embd.weight", GgmlType::F16, {4, 26}, patternBytes(4 * 26 * 2, 4));
        w.addTensor("output.weight", GgmlType::Q6_K, {256}, patternBytes(210, 5));
        w.addTensor("blk.0.attn_k.weight", GgmlType::Q5_0, {32, 2}, patternBytes(44, 6));
        files.emplace_back("v2-align64-tokenizer.gguf", w.serialize());
    }
    {
        gguf::GgufWriter w;
        w.setString("general.architecture", "deepseek2");
        w.addTensor("blk.0.ffn_down_exps.weight", GgmlType::IQ2_XXS, {256, 1, 2}, patternBytes(132, 7));
        w.addTensor("blk.0.ffn_up.weight", GgmlType::BF16, {2, 2}, patternBytes(8, 8));
        w.addTensor("blk.0.ffn_gate.weight", GgmlType::Q4_0, {32}, patternBytes(18, 9));
        w.addTensor("blk.0.attn_q_b.weight", GgmlType::Q5_K, {256}, patternBytes(176, 10));
        files.emplace_back("mixed-types.gguf", w.serialize());
    }
    {
        gguf::Array a{gguf::ValueType::Uint16, {gguf::Value::ofUint16(1)}};
        for (int i = 0; i < 7; ++i)
            a = gguf::Array{gguf::ValueType::Array, {gguf::Value::ofArray(a), gguf::Value::ofArray(a)}};
        gguf::GgufWriter w;
        w.set("nested", gguf::Value::ofArray(std::move(a)));
        files.emplace_back("nested-arrays.gguf", w.serialize());
    }
    // Broken ones: a truncated download, an old version, an unknown type id.
    {
        auto bytes = sampleGguf();
        bytes.resize(bytes.size() - 40);
        files.emplace_back("broken-truncated.gguf", std::move(bytes));
    }
    {
        auto bytes = sampleGguf();
        bytes[4] = 1;
        files.emplace_back("broken-version1.gguf", std::move(bytes));
    }
    {
        gguf::GgufWriter w;
        w.addTensor("x", GgmlType::F32, {1}, patternBytes(4, 11));
        auto bytes = w.serialize();
        bytes[24 + 8 + 1 + 4 + 8] = 77;  // the type id after key "x", n_dims and dims[0]
        files.emplace_back("broken-unknown-type.gguf", std::move(bytes));
    }
    return files;
}

} // namespace qiusuo::test
