// Broken tokenizer metadata and files give a clear qiusuo::Error.
#include "inference/gguf/ggufwriter.h"
#include "tests/inference/tokenizer/tokenizertestutil.h"

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>

namespace qiusuo::test {
namespace {

class TempDir {
public:
    TempDir()
    {
        path_ = std::filesystem::temp_directory_path() /
                ("qiusuo-tok-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(path_);
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// A valid tokenizer: 256 byte tokens, one merge.
gguf::GgufWriter tokenizerGguf()
{
    gguf::GgufWriter w;
    w.setString("general.architecture", "qwen2");
    w.setString("tokenizer.ggml.model", "gpt2");
    w.setString("tokenizer.ggml.pre", "qwen2");
    const auto v = byteVocab({{"aa", tokenizer::TokenType::Normal}});
    w.set("tokenizer.ggml.tokens", gguf::Value::ofStrings(v.tokens));
    w.set("tokenizer.ggml.token_type", gguf::Value::ofInt32s(std::vector<std::int32_t>(v.tokens.size(), 1)));
    w.set("tokenizer.ggml.merges", gguf::Value::ofStrings({"a a"}));
    return w;
}

std::string errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

std::string ggufError(const TempDir& dir, const std::function<void(gguf::GgufWriter&)>& edit)
{
    auto w = tokenizerGguf();
    edit(w);
    const auto path = dir.path() / "t.gguf";
    w.write(path);
    // Both loaders (texts copied, texts read in place) check the same things.
    const std::string copied = errorOf([&] { tokenizer::Tokenizer::fromGguf(*gguf::GgufFile::open(path)); });
    const std::string inPlace = errorOf([&] {
        tokenizer::Tokenizer::fromGguf(std::shared_ptr<const gguf::GgufFile>(gguf::GgufFile::open(path)));
    });
    EXPECT_EQ(inPlace, copied);
    return copied;
}

TEST(TokenizerLoaderErrors, ValidGgufLoads)
{
    TempDir dir;
    const auto path = dir.path() / "ok.gguf";
    tokenizerGguf().write(path);
    const auto tok = tokenizer::Tokenizer::fromGguf(*gguf::GgufFile::open(path));
    EXPECT_EQ(tok->encode("aaa"), (std::vector<std::int32_t>{256, 'a'}));
    EXPECT_FALSE(tok->addsBos());
}

TEST(TokenizerLoaderErrors, GgufMetadata)
{
    TempDir dir;
    const auto has = [](const std::string& message, const std::string& part) {
        return message.find(part) != std::string::npos;
    };
    std::string m = ggufError(dir, [](auto& w) { w.setString("tokenizer.ggml.model", "llama"); });
    EXPECT_TRUE(has(m, "\"llama\"") && has(m, "not supported")) << m;
    m = ggufError(dir, [](auto& w) { w.setString("tokenizer.ggml.pre", "klingon"); });
    EXPECT_TRUE(has(m, "klingon") && has(m, "deepseek-v3")) << m;
    m = ggufError(dir, [](auto& w) { w.set("tokenizer.ggml.merges", gguf::Value::ofStrings({"ab"})); });
    EXPECT_TRUE(has(m, "Merge 0") && has(m, "\"ab\"")) << m;
    m = ggufError(dir, [](auto& w) { w.set("tokenizer.ggml.token_type", gguf::Value::ofInt32s({1, 1})); });
    EXPECT_TRUE(has(m, "257 tokens but 2 token types")) << m;
    m = ggufError(dir, [](auto& w) { w.set("tokenizer.ggml.tokens", gguf::Value::ofInt32s({1, 2})); });
    EXPECT_TRUE(has(m, "tokenizer.ggml.tokens") && has(m, "INT32")) << m;
    m = ggufError(dir, [](auto& w) { w.setUint32("tokenizer.ggml.bos_token_id", 5000); });
    EXPECT_TRUE(has(m, "bos_token_id") && has(m, "5000")) << m;
    m = ggufError(dir, [](auto& w) { w.setBool("tokenizer.ggml.add_bos_token", true); });
    EXPECT_TRUE(has(m, "BOS")) << m;
    m = ggufError(dir, [](auto& w) { w.set("tokenizer.ggml.token_type", gguf::Value::ofInt32s(std::vector<std::int32_t>(257, 9))); });
    EXPECT_TRUE(has(m, "unknown token type 9")) << m;
}

TEST(TokenizerLoaderErrors, GgufWithoutTokenizer)
{
    TempDir dir;
    gguf::GgufWriter w;
    w.setString("general.architecture", "qwen2");
    const auto path = dir.path() / "none.gguf";
    w.write(path);
    const std::string m = errorOf([&] { tokenizer::Tokenizer::fromGguf(*gguf::GgufFile::open(path)); });
    EXPECT_NE(m.find("has no tokenizer"), std::string::npos) << m;
}

TEST(TokenizerLoaderErrors, HfJson)
{
    TempDir dir;
    const auto write = [&](const std::string& text) {
        const auto p = dir.path() / "tokenizer.json";
        std::ofstream(p) << text;
        return p;
    };
    const auto load = [&](const std::string& text) {
        const auto p = write(text);
        return errorOf([&] { tokenizer::Tokenizer::fromHfJson(p); });
    };
    std::string m = errorOf([&] { tokenizer::Tokenizer::fromHfJson(dir.path() / "missing.json"); });
    EXPECT_NE(m.find("Cannot open"), std::string::npos) << m;
    m = load("{ not json");
    EXPECT_NE(m.find("not valid JSON"), std::string::npos) << m;
    m = load(R"({"model": {"type": "Unigram", "vocab": []}})");
    EXPECT_NE(m.find("Unigram"), std::string::npos) << m;
    m = load(R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "pre_tokenizer": null})");
    EXPECT_NE(m.find("not byte-level"), std::string::npos) << m;
    m = load(R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []},
                 "pre_tokenizer": {"type": "Metaspace"}})");
    EXPECT_NE(m.find("Metaspace"), std::string::npos) << m;
    m = load(R"({"model": {"type": "BPE", "vocab": {"a": 0}}, "pre_tokenizer": {"type": "ByteLevel"}})");
    EXPECT_NE(m.find("not in the expected format"), std::string::npos) << m;
}

TEST(TokenizerLoaderErrors, SmallHfJsonWorks)
{
    TempDir dir;
    nlohmann::json vocab = nlohmann::json::object();
    const auto v = byteVocab({{"aa", tokenizer::TokenType::Normal}});
    for (std::size_t i = 0; i < v.tokens.size(); ++i)
        vocab[v.tokens[i]] = i;
    const nlohmann::json root = {
        {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", {"a a"}}}},
        {"added_tokens", {{{"id", 257}, {"content", "<s>"}, {"special", true}},
                          {{"id", 258}, {"content", "<t>"}, {"special", false}}}},
        {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}}},
    };
    std::ofstream(dir.path() / "tokenizer.json") << root.dump();
    std::ofstream(dir.path() / "tokenizer_config.json") << R"({"bos_token": "<s>", "add_bos_token": true})";
    const auto tok = tokenizer::Tokenizer::fromHfJson(dir.path() / "tokenizer.json");
    EXPECT_EQ(tok->vocabSize(), 259);
    EXPECT_EQ(tok->bos(), 257);
    EXPECT_EQ(tok->encode("aaa<t> aa<s>", true, false),
              (std::vector<std::int32_t>{257, 256, 'a', 258, ' ', 256, '<', 's', '>'}));
    EXPECT_EQ(tok->encode("<s>", false, true), (std::vector<std::int32_t>{257}));
}

TEST(TokenizerLoaderErrors, VocabularyValidation)
{
    const auto message = [](tokenizer::Vocabulary v) {
        return errorOf([&] { tokenizer::Tokenizer::fromVocabulary(std::move(v)); });
    };
    EXPECT_NE(message({}).find("empty"), std::string::npos);
    auto v = byteVocab();
    v.types.pop_back();
    EXPECT_NE(message(v).find("equally long"), std::string::npos);
    v = byteVocab();
    v.eos = 999;
    EXPECT_NE(message(v).find("EOS token id 999"), std::string::npos);
    v = byteVocab();
    v.preType = tokenizer::PreType::Custom;
    EXPECT_NE(message(v).find("no regular expressions"), std::string::npos);
    v = byteVocab();
    v.tokens[3].clear();
    EXPECT_NE(message(v).find("Token 3"), std::string::npos);
}

} // namespace
} // namespace qiusuo::test
