#pragma once
/// @brief Shared helpers of the tokenizer tests: reading reference files and
/// loading (once per process) the tokenizers of the test data.

#include "inference/error.h"
#include "inference/gguf/gguffile.h"
#include "inference/tokenizer/bytelevel.h"
#include "inference/tokenizer/tokenizer.h"
#include "tests/testdata.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

namespace qiusuo::test {

inline std::string readFile(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The strings of a llama.cpp .inp file: each followed by "\n__ggml_vocab_test__\n".
inline std::vector<std::string> readInp(const std::filesystem::path& p)
{
    const std::string text = readFile(p);
    const std::string sep = "\n__ggml_vocab_test__\n";
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t pos = text.find(sep); pos != std::string::npos; pos = text.find(sep, start)) {
        out.push_back(text.substr(start, pos - start));
        start = pos + sep.size();
    }
    return out;
}

/// The id lines of a .out file.
inline std::vector<std::vector<std::int32_t>> readOut(const std::filesystem::path& p)
{
    std::istringstream in(readFile(p));
    std::vector<std::vector<std::int32_t>> out;
    for (std::string line; std::getline(in, line);) {
        std::istringstream ls(line);
        std::vector<std::int32_t> ids;
        for (std::int32_t id; ls >> id;)
            ids.push_back(id);
        out.push_back(std::move(ids));
    }
    return out;
}

/// A tokenizer from a GGUF under the test data, loaded once per process.
inline const tokenizer::Tokenizer& ggufTokenizer(const std::filesystem::path& path)
{
    static std::mutex mutex;
    static std::map<std::filesystem::path, std::unique_ptr<tokenizer::Tokenizer>> cache;
    std::lock_guard lock(mutex);
    auto& t = cache[path];
    if (!t)
        t = tokenizer::Tokenizer::fromGguf(*gguf::GgufFile::open(path));
    return *t;
}

/// A small byte-level vocabulary: ids 0-255 are the bytes in order (id b is
/// byte b), then `extra` tokens of the given types, and `merges`.
inline tokenizer::Vocabulary byteVocab(const std::vector<std::pair<std::string, tokenizer::TokenType>>& extra = {},
                                       const std::vector<std::pair<std::string, std::string>>& merges = {})
{
    tokenizer::Vocabulary v;
    for (int b = 0; b < 256; ++b) {
        v.tokens.push_back(tokenizer::ByteLevel::encode(std::string(1, static_cast<char>(b))));
        v.types.push_back(tokenizer::TokenType::Normal);
    }
    for (const auto& [text, type] : extra) {
        v.tokens.push_back(text);
        v.types.push_back(type);
    }
    v.merges = merges;
    return v;
}

/// Byte-level form of a plain ASCII/UTF-8 text (spaces become "Ġ").
inline std::string bl(const std::string& s)
{
    return tokenizer::ByteLevel::encode(s);
}

inline std::string idsToString(const std::vector<std::int32_t>& ids)
{
    std::string s;
    for (const auto id : ids) {
        if (!s.empty())
            s += ' ';
        s += std::to_string(id);  // appended apart: GCC 12 -O3 misreports "" + string (-Wrestrict)
    }
    return s;
}

} // namespace qiusuo::test
