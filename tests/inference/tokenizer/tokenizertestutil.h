#pragma once
/// @brief Shared helpers of the tokenizer tests: reading reference files and
/// loading (once per process) the tokenizers of the test data.

#include "inference/gguf/gguffile.h"
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

inline std::string idsToString(const std::vector<std::int32_t>& ids)
{
    std::string s;
    for (const auto id : ids)
        s += (s.empty() ? "" : " ") + std::to_string(id);
    return s;
}

} // namespace qiusuo::test
